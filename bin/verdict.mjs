#!/usr/bin/env node
// The `verdict` command (package.json `bin`): runs the built CLI, dist/src/cli/main.js.
// Run `npm run build` first; then `npx verdict --help` in this directory, or `npm link` for a global `verdict`.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write(`verdict: ${entry} is missing: run \`npm run build\` in the Verdict directory first\n`);
  process.exit(2);
}
await import(pathToFileURL(entry).href);
