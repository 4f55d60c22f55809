import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The version of the Verdict package this CLI belongs to: `version` of the nearest `package.json`
 * named `verdict` above this file (the same from `src/cli` and from `dist/src/cli`), or `unknown`.
 */
export function cliVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'verdict' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // no readable package.json here: look higher
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return 'unknown';
}
