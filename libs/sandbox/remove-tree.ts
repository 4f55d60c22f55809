import { mkdir, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { runLauncherCommand } from './launcher-command.js';

/** Removes a directory tree (or a single entry) completely. @throws Error saying what could not be removed. */
export type TreeRemover = (path: string) => Promise<void>;

/** Directory under the work directory where trees that could not be removed are moved aside. */
export const TRASH_DIR = 'trash';

/** What `disposeTree` reports when a tree could not be removed. */
export interface CleanupFailure {
  /** The tree it tried to remove. */
  path: string;
  /** Why the removal failed. */
  error: string;
  /** Where the tree now is (under the trash directory), or null when it could not be moved either. */
  quarantinedAt: string | null;
}

/** Receives every cleanup failure; the default writes one JSON line to stderr. */
export type CleanupLog = (failure: CleanupFailure) => void;

export const logCleanupFailure: CleanupLog = (failure) => {
  process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'sandbox cleanup failed', ...failure })}\n`);
};

/**
 * Removes trees with `verdict-launch --remove-tree` (descriptor-relative: never a path longer than
 * one name, never follows a link; see verdict-launch.c). The worker is root, so is the launcher.
 */
export function launcherTreeRemover(launcherPath: string): TreeRemover {
  return (path) => runLauncherCommand(launcherPath, ['--remove-tree', path]);
}

/**
 * Removes `path` with `remove`; never throws. When the removal fails, the tree is moved aside into
 * `<workDir>/trash/` (a later worker start tries again) and the failure goes to `log`.
 * @returns the failure, or null when `path` is gone.
 */
export async function disposeTree(
  path: string,
  workDir: string,
  remove: TreeRemover,
  log: CleanupLog = logCleanupFailure,
): Promise<CleanupFailure | null> {
  try {
    await remove(path);
    return null;
  } catch (err) {
    const failure: CleanupFailure = { path, error: (err as Error).message, quarantinedAt: null };
    const trash = join(workDir, TRASH_DIR);
    if (!path.startsWith(`${trash}/`)) {
      try {
        await mkdir(trash, { recursive: true, mode: 0o700 });
        const target = join(trash, `${basename(path)}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
        await rename(path, target);
        failure.quarantinedAt = target;
      } catch (moveErr) {
        failure.error += `; could not move it aside: ${(moveErr as Error).message}`;
      }
    }
    try {
      log(failure);
    } catch {
      // a failing log must not fail the job either
    }
    return failure;
  }
}
