// Compiles the sandbox launcher (libs/sandbox/native/verdict-launch.c) into dist/native/.
// Needs a C compiler and libseccomp's headers (Debian: gcc libseccomp-dev); scripts/setup.sh installs both.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'libs/sandbox/native/verdict-launch.c');
const output = join(root, 'dist/native/verdict-launch');
mkdirSync(dirname(output), { recursive: true });
const cc = process.env.CC ?? 'cc';
const result = spawnSync(cc, ['-O2', '-Wall', '-Wextra', '-Werror', '-o', output, source, '-lseccomp'], { stdio: 'inherit' });
if (result.error || result.status !== 0) {
  console.error(
    `build-launcher: could not compile ${source} with ${cc}` +
      (result.error ? ` (${result.error.message})` : '') +
      '. Install a C compiler and libseccomp headers: apt-get install gcc libseccomp-dev',
  );
  process.exit(1);
}
