import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHARED_CONFIG } from './config.module.js';
import { recoveryConfig } from './recovery.config.js';
import { sandboxConfig } from './sandbox.config.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const example = readFileSync(join(root, '.env.example'), 'utf8');

/** Variables whose default depends on the machine; .env.example shows them commented out. */
const MACHINE_DEFAULTS = new Set(['WORKER_CONCURRENCY', 'SANDBOX_LAUNCHER_PATH', 'SANDBOX_WORK_DIR']);
/**
 * Variables shown commented out with their default: set in a .env copied from the example, they
 * would stop `npm start` from starting its local Redis and MongoDB (scripts/local-services.mjs).
 */
const SERVICE_URLS = new Set(['REDIS_URL', 'MONGO_URI']);

describe('.env.example', () => {
  const namespaces = [...SHARED_CONFIG, sandboxConfig, recoveryConfig];

  it('lists every configuration variable with its default', () => {
    for (const ns of namespaces) {
      const defaults = new ns.envClass() as Record<string, unknown>;
      for (const [key, value] of Object.entries(defaults)) {
        const shown = String(value).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        if (MACHINE_DEFAULTS.has(key)) {
          expect(example, key).toMatch(new RegExp(`^# ${key}=`, 'm'));
        } else if (SERVICE_URLS.has(key)) {
          expect(example, key).toMatch(new RegExp(`^# ${key}=${shown}$`, 'm'));
        } else {
          expect(example, key).toMatch(new RegExp(`^${key}=${shown}$`, 'm'));
        }
      }
    }
  });

  it('names no variable the configuration does not know', () => {
    const known = new Set(namespaces.flatMap((ns) => Object.keys(new ns.envClass() as object)));
    const listed = [...example.matchAll(/^(?:# )?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(listed.filter((k) => !known.has(k))).toEqual([]);
  });
});
