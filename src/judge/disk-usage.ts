import { lstat, readdir, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScannedEntry } from './disk-lru.js';

/** Bytes of the regular files under `path` (a file or a directory tree; links are not followed). */
export async function treeBytes(path: string): Promise<number> {
  const s = await lstat(path);
  if (s.isFile()) return s.size;
  if (!s.isDirectory()) return 0;
  let total = 0;
  for (const name of await readdir(path)) total += await treeBytes(join(path, name));
  return total;
}

/**
 * The cache entries directly in `dir` (for `DiskLru.load`): each name `keyOf` maps to a key,
 * with its size (`treeBytes`) and its mtime as last use (`stampUse` sets it on each use).
 * A name `keyOf` maps to null (staging, markers, other caches) is skipped.
 */
export async function scanEntries(dir: string, keyOf: (name: string) => string | null): Promise<ScannedEntry[]> {
  const found: ScannedEntry[] = [];
  for (const name of await readdir(dir)) {
    const key = keyOf(name);
    if (key === null) continue;
    const path = join(dir, name);
    const s = await lstat(path).catch(() => null);
    if (!s?.isDirectory()) continue;
    found.push({ key, bytes: await treeBytes(path).catch(() => 0), lastUsedMs: s.mtimeMs });
  }
  return found;
}

/** Stamps `path`'s mtime (and atime) as now: the last use a restart's `scanEntries` reads. */
export async function stampUse(path: string): Promise<void> {
  const now = new Date();
  await utimes(path, now, now);
}

/** Removes the entry directory `path` and everything in it (the worker runs as root, so read-only modes are no obstacle). */
export async function removeEntry(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}
