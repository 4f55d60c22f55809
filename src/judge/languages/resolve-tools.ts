import { execFileSync } from 'node:child_process';
import { accessSync, constants, openSync, readSync, closeSync, realpathSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { ReadOnlyMount } from '../../../libs/sandbox/index.js';
import type { ToolCandidate } from '../../../libs/judging/index.js';

/** Directories the sandbox mounts anyway; a toolchain inside them needs no mount of its own. */
const SANDBOX_SYSTEM_PREFIXES = ['/usr/', '/lib/', '/lib64/', '/bin/', '/sbin/'];

/** A tool found on the host: its real path and, when outside the system directories, the directory to mount. */
export interface FoundTool {
  path: string;
  mount?: ReadOnlyMount;
}

/** True when `path` is an executable ELF file (scripts and version-manager shims are not). */
function isElfExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    if (!statSync(path).isFile()) return false;
    const fd = openSync(path, 'r');
    try {
      const magic = Buffer.alloc(4);
      readSync(fd, magic, 0, 4, 0);
      return magic.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

function searchPath(name: string): string[] {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name));
}

/**
 * Finds the first candidate that is a real ELF executable (or, for `{ directory, contains }`, a
 * directory holding that file), following symlinks to the real file
 * (so `/usr/bin/java` becomes the JDK's own binary and `/etc/alternatives` is not needed to run it).
 * @param found tools resolved so far, for `{name}` placeholders in probes.
 * @returns the tool, or undefined when no candidate works.
 */
export function resolveTool(candidates: readonly ToolCandidate[], found: Record<string, string>): FoundTool | undefined {
  for (const candidate of candidates) {
    if (typeof candidate === 'string') {
      for (const path of isAbsolute(candidate) ? [candidate] : searchPath(candidate)) {
        let real: string;
        try {
          real = realpathSync(path);
        } catch {
          continue;
        }
        if (isElfExecutable(real)) return withMount(real, undefined);
      }
      continue;
    }
    if ('directory' in candidate) {
      const dir = directoryWith(candidate.directory, candidate.contains);
      if (dir !== undefined) return withMount(dir, dir);
      continue;
    }
    const [cmd, ...args] = candidate.probe.map((a) => a.replace(/\{(\w+)\}/g, (w, n: string) => found[n] ?? w));
    let root: string;
    try {
      root = realpathSync(
        execFileSync(cmd, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] })
          .split('\n')[0]
          .trim(),
      );
    } catch {
      continue;
    }
    const binary = join(root, candidate.binary);
    if (isElfExecutable(binary)) return withMount(binary, root);
  }
  return undefined;
}

/** The real path of `directory` when it is a directory holding the regular file `contains`, else undefined. */
function directoryWith(directory: string, contains: string): string | undefined {
  try {
    const real = realpathSync(directory);
    return statSync(real).isDirectory() && statSync(join(real, contains)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

function withMount(path: string, root: string | undefined): FoundTool {
  const dir = root ?? path.slice(0, path.lastIndexOf('/'));
  if (SANDBOX_SYSTEM_PREFIXES.some((p) => (dir + '/').startsWith(p))) return { path };
  return { path, mount: { hostPath: dir, sandboxPath: dir } };
}
