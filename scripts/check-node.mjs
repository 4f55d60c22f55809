// Usage: node scripts/check-node.mjs [--print]
//
// Exits 1 with what to do when this node is older than package.json's engines.node (">=X.Y[.Z]"),
// e.g. when `npm test` runs on the system's Node 20 because scripts/setup.sh has not installed the
// pinned Node 22 yet (see scripts/node-env.sh). With --print it names the node it checked.
// Also imported by vitest.config.ts, so every test tier checks it before it starts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @param {string} version e.g. "22.12" or "v22.23.5" @returns {number[]} */
const parts = (version) => version.replace(/^v/, '').split('.').map(Number);

/**
 * Why this node cannot run the project, or undefined when it can.
 * @param {string} [version] default: this process's node version
 * @returns {string | undefined}
 */
export function nodeVersionProblem(version = process.versions.node) {
  /** @type {{ engines?: { node?: string } }} */
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const range = pkg.engines?.node ?? '';
  const min = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(range)?.[1];
  if (!min) return `package.json engines.node is "${range}"; scripts/check-node.mjs understands only ">=X.Y.Z"`;
  const [have, want] = [parts(version), parts(min)];
  for (let i = 0; i < 3; i++) {
    const h = have[i] ?? 0;
    const w = want[i] ?? 0;
    if (h > w) return undefined;
    if (h < w) {
      return (
        `Node.js v${version} (${process.execPath}) is older than package.json's engines.node "${range}". ` +
        'Run `bash scripts/setup.sh`: it installs the pinned Node.js into .tools/node and links it as ' +
        'node_modules/.bin/node for npm scripts; in a shell, `source scripts/node-env.sh` puts it first on PATH.'
      );
    }
  }
  return undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problem = nodeVersionProblem();
  if (problem) {
    process.stderr.write(`check-node: ${problem}\n`);
    process.exit(1);
  }
  if (process.argv.includes('--print')) process.stdout.write(`node ${process.version} (${process.execPath})\n`);
}
