import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHARED_CONFIG } from './config.module.js';
import { sandboxConfig } from './sandbox.config.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const example = readFileSync(join(root, '.env.example'), 'utf8');

/** Variables whose default depends on the machine; .env.example shows them commented out. */
const MACHINE_DEFAULTS = new Set(['WORKER_CONCURRENCY', 'SANDBOX_LAUNCHER_PATH', 'SANDBOX_WORK_DIR']);

describe('.env.example', () => {
  const namespaces = [...SHARED_CONFIG, sandboxConfig];

  it('lists every configuration variable with its default', () => {
    for (const ns of namespaces) {
      const defaults = new ns.envClass() as Record<string, unknown>;
      for (const [key, value] of Object.entries(defaults)) {
        if (MACHINE_DEFAULTS.has(key)) {
          expect(example, key).toMatch(new RegExp(`^# ${key}=`, 'm'));
        } else {
          expect(example, key).toMatch(new RegExp(`^${key}=${String(value).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
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
