import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Builds the launcher with the build step `npm run build` uses (scripts/build-launcher.mjs) into a
// temporary directory and inspects the ELF file with readelf. No root; needs gcc, libseccomp-dev
// and binutils, and fails (never skips) without them.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function readelf(...args: string[]): string {
  return execFileSync('readelf', ['--wide', ...args], { encoding: 'utf8' });
}

describe('the launcher binary (hardening flags of scripts/build-launcher.mjs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-launcher-'));
  const binary = join(dir, 'verdict-launch');
  let dynamic = '';

  beforeAll(() => {
    const build = spawnSync(process.execPath, [join(root, 'scripts/build-launcher.mjs'), '--out', binary], { encoding: 'utf8' });
    if (build.error || build.status !== 0) {
      throw new Error(
        `scripts/build-launcher.mjs could not build the launcher (exit ${build.status}): ${build.error?.message ?? ''}${build.stderr}`,
      );
    }
    dynamic = readelf('-d', binary);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is a position-independent executable (ELF type DYN, FLAGS_1 PIE)', () => {
    expect(readelf('-h', binary)).toMatch(/^\s*Type:\s+DYN\b/m);
    expect(dynamic).toMatch(/\(FLAGS_1\)\s+Flags:.*\bPIE\b/);
  });

  it('has full RELRO: a GNU_RELRO segment and every symbol bound at start (BIND_NOW)', () => {
    expect(readelf('-l', binary)).toMatch(/^\s*GNU_RELRO\b/m);
    expect(dynamic).toMatch(/\(FLAGS\)\s+.*\bBIND_NOW\b|\(BIND_NOW\)|\(FLAGS_1\)\s+Flags:.*\bNOW\b/);
  });

  it('calls the stack protector and fortified libc functions', () => {
    const symbols = readelf('--dyn-syms', binary);
    expect(symbols).toMatch(/\b__stack_chk_fail\b/);
    const fortified = symbols.match(/\b__(?!stack_)\w+_chk\b/g) ?? [];
    expect(fortified, 'no fortified __*_chk function is referenced: is _FORTIFY_SOURCE on, with -O2?').not.toEqual([]);
  });
});
