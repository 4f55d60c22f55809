import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../libs/sandbox/index.js';
import type { SandboxConfig } from '../config/sandbox.config.js';
import { BuildCacheService } from './build-cache.service.js';
import type { ResolvedLanguage } from './languages/resolved-language.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A published artifact directory (what publishReadOnlyCopy leaves) named `name` in `workDir`. */
function published(workDir: string, name: string): void {
  mkdirSync(join(workDir, name));
  writeFileSync(join(workDir, name, '.complete'), '');
}

describe('BuildCacheService', () => {
  it("removes a language's warm caches of other toolchain versions at start, keeping the current one and live workers' staging", async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'build-cache-spec-'));
    dirs.push(workDir);
    const spec = { dir: '/cache', warmUpSource: 'package main' };
    const go = { id: 'go', version: 'go 2', definition: { buildCache: spec } } as unknown as ResolvedLanguage;
    const key = createHash('sha256').update(`go\ngo 2\n${spec.warmUpSource}`).digest('hex').slice(0, 16);
    published(workDir, `cache-go-${key}`);
    published(workDir, 'cache-go-0123456789abcdef');
    published(workDir, 'cache-gox-0123456789abcdef');
    mkdirSync(join(workDir, 'cache-go-fedcba9876543210.tmp-1'));
    // A dead worker's (no process has this pid).
    mkdirSync(join(workDir, 'cache-go-fedcba9876543210.tmp-99999999'));
    // The current cache is published already: the sandbox is not used.
    const service = new BuildCacheService({} as Sandbox, { workDir } as SandboxConfig);
    await service.prepare([go]);
    expect(readdirSync(workDir).sort()).toEqual([`cache-go-${key}`, 'cache-go-fedcba9876543210.tmp-1', 'cache-gox-0123456789abcdef']);
    expect(service.withWarmCache(go, ['go', 'build'])?.mount.hostPath).toBe(join(workDir, `cache-go-${key}`));
  });
});
