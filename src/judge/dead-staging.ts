import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from '../../libs/sandbox/index.js';

/**
 * Removes the staging directories (`<name>.tmp-<pid>`, what `publishReadOnlyCopy` writes before
 * its rename) that workers no longer alive left directly in `dir`, for names `ours` accepts
 * (the part before `.tmp-`). A live process's staging is left alone: it may be publishing.
 * @returns the names removed.
 */
export async function removeDeadStaging(dir: string, ours: (name: string) => boolean): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of await readdir(dir).catch(() => [])) {
    const m = /^(.+)\.tmp-(\d+)$/.exec(entry);
    if (!m || !ours(m[1]!) || isProcessAlive(Number(m[2]))) continue;
    await rm(join(dir, entry), { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}
