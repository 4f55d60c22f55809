import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Deletes the complete artifacts directly in `workDir` whose names match `ours` but `keep` (a
 * name): what earlier toolchain versions or flags left. Staging directories (`<name>.tmp-<pid>`)
 * never match a pattern anchored on the key (they may be another worker's publish under way).
 * Errors are not thrown: a directory that cannot be removed is skipped (cleanup never fails a start).
 * @returns the names removed.
 */
export async function removeOtherArtifacts(workDir: string, ours: RegExp, keep: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(workDir).catch(() => [])) {
    if (!ours.test(name) || name === keep) continue;
    const gone = await rm(join(workDir, name), { recursive: true, force: true }).then(
      () => true,
      () => false,
    );
    if (gone) removed.push(name);
  }
  return removed;
}
