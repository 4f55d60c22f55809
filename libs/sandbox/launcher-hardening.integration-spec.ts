import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Builds the launcher with the build step `npm run build` uses (scripts/build-launcher.mjs) into a
// temporary directory and inspects the ELF file with readelf and objdump. No root; needs gcc,
// libseccomp-dev and binutils, and fails (never skips) without them.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function readelf(...args: string[]): string {
  return execFileSync('readelf', ['--wide', ...args], { encoding: 'utf8' });
}

/** The names of the functions that the launcher's `main` calls or jumps to (with everything of the launcher inlined into it at -O2). */
function calledFromMain(binary: string): string[] {
  const code = execFileSync('objdump', ['--disassemble=main', '--no-show-raw-insn', binary], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return [...code.matchAll(/\b(?:call|jmp)\s+[0-9a-f]+ <([^>+]+)>/g)].map((m) => m[1]);
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

  it('is linked statically, so no run loads a shared library (no interpreter, no NEEDED entry: not libc, not libseccomp)', () => {
    expect(readelf('-l', binary)).not.toMatch(/^\s*INTERP\b/m);
    expect(dynamic).not.toMatch(/\(NEEDED\)/);
  });

  it('calls the stack protector and fortified libc functions from its own code', () => {
    // Statically linked, the symbol table holds glibc's and libseccomp's own __*_chk and
    // __stack_chk_fail whatever the launcher was built with: look at the launcher's calls instead.
    const called = calledFromMain(binary);
    expect(called, 'main never checks its stack canary: is -fstack-protector-strong on?').toContain('__stack_chk_fail');
    const fortified = called.filter((name) => /^_*\w+_chk$/.test(name) && !name.includes('stack_chk'));
    expect(fortified, 'no fortified __*_chk function is called: is _FORTIFY_SOURCE on, with -O2?').not.toEqual([]);
  });
});
