// Compiles the sandbox launcher (libs/sandbox/native/verdict-launch.c) into dist/native/, or into
// the path given with `--out PATH` (libs/sandbox/launcher-hardening.integration-spec.ts builds one to inspect),
// and the test runs' resident (libs/sandbox/native/verdict-resident.c, docs/resident-sandbox.md) beside it
// as verdict-resident, with the same flags (it needs no libseccomp: it loads the launcher's compiled filter).
// Needs a C compiler, glibc's static library and libseccomp's headers and static library (Debian:
// gcc libseccomp-dev, which bring libc.a and libseccomp.a); scripts/setup.sh installs both.
//
// Hardened as isolate builds its own setuid helper: _FORTIFY_SOURCE=3 (checked libc calls; needs
// optimisation, and glibc 2.34+ for level 3), a stack protector on functions with arrays,
// stack-clash probes, a position-independent executable, and full RELRO (relocations read-only and
// resolved at start). Any warning fails the build.
//
// Linked statically (-static-pie: still position-independent, so still loaded at a random
// address): the worker starts it for every run, and a dynamic launcher spent most of its time in the
// dynamic loader, finding and relocating libc and libseccomp (issue 12). libseccomp is only called
// once per worker now (--export-seccomp), but a static binary loads nothing at all per run.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HARDENING = [
  '-U_FORTIFY_SOURCE', // a compiler that predefines another level would warn on the redefinition
  '-D_FORTIFY_SOURCE=3',
  '-fstack-protector-strong',
  '-fstack-clash-protection',
  '-fPIE',
  '-static-pie',
  '-Wl,-z,relro,-z,now',
];
const WARNINGS = ['-Wall', '-Wextra', '-Werror'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'libs/sandbox/native/verdict-launch.c');
const residentSource = join(root, 'libs/sandbox/native/verdict-resident.c');
const outAt = process.argv.indexOf('--out');
if (outAt !== -1 && !process.argv[outAt + 1]) {
  console.error('build-launcher: --out needs a path');
  process.exit(2);
}
const output = outAt === -1 ? join(root, 'dist/native/verdict-launch') : resolve(process.argv[outAt + 1]);
mkdirSync(dirname(output), { recursive: true });
const cc = process.env.CC ?? 'cc';
const args = ['-O2', ...WARNINGS, ...HARDENING, '-o', output, source, '-lseccomp'];
const residentArgs = ['-O2', ...WARNINGS, ...HARDENING, '-o', join(dirname(output), 'verdict-resident'), residentSource];
build(source, args);
build(residentSource, residentArgs);

/**
 * Compiles one file; exits the script with a message naming what to install when it fails.
 * @param {string} file
 * @param {string[]} argv
 */
function build(file, argv) {
  const result = spawnSync(cc, argv, { stdio: 'inherit' });
  if (result.error || result.status !== 0) {
    console.error(
      `build-launcher: could not compile ${file} with ${cc} ${argv.join(' ')}` +
        (result.error ? ` (${result.error.message})` : '') +
        '. Install a C compiler and libseccomp headers: apt-get install gcc libseccomp-dev' +
        ' (the hardening flags need gcc 8 or later, -static-pie gcc 8 and glibc 2.27 or later; _FORTIFY_SOURCE=3 takes effect with gcc 12 and glibc 2.34 or later)',
    );
    process.exit(1);
  }
}
