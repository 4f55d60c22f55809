import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runLauncherCommand } from './launcher-command.js';

/**
 * The run-stage seccomp filters of one worker, compiled once when its sandbox opens: host paths of
 * BPF programs, each a root-owned 0600 file in the work directory (which no run mounts, and whose
 * files a slot's uid cannot open), handed to every run with the launcher's `--seccomp-bpf`.
 */
export interface SeccompFilters {
  /** The filter of runs with a writable box (compilations, validators): the deny-list of verdict-launch.c. */
  writableBox: string;
  /** The filter of runs with a read-only box (test runs): the deny-list plus no locks, no watches (`--test-run`). */
  readOnlyBox: string;
}

/**
 * The work directory's file names of the filters of worker `pid`: `seccomp-<pid>-<kind>.bpf`, a
 * pid in the name like a box's, so the start-up cleanup removes the files of workers that died.
 */
function filterPaths(workDir: string, pid: number): SeccompFilters {
  return {
    writableBox: join(workDir, `seccomp-${pid}-writable-box.bpf`),
    readOnlyBox: join(workDir, `seccomp-${pid}-read-only-box.bpf`),
  };
}

/**
 * Compiles this worker's two filters with `verdict-launch --export-seccomp` (libseccomp, once per
 * worker instead of once per run; issue 12) into new files in `workDir` (created O_EXCL, 0600, by
 * root). A file of this pid left by an earlier process that had the same pid is replaced.
 * @returns the files' paths.
 * @throws Error with the launcher's message when it cannot compile or write a filter.
 */
export async function exportSeccompFilters(launcherPath: string, workDir: string): Promise<SeccompFilters> {
  const paths = filterPaths(workDir, process.pid);
  removeSeccompFilters(paths);
  await runLauncherCommand(launcherPath, ['--export-seccomp', paths.writableBox]);
  await runLauncherCommand(launcherPath, ['--export-seccomp', '--test-run', paths.readOnlyBox]);
  return paths;
}

/** Deletes the filter files (at the worker's exit); never throws (a file left is removed at the next start). */
export function removeSeccompFilters(filters: SeccompFilters): void {
  for (const path of [filters.writableBox, filters.readOnlyBox]) {
    try {
      rmSync(path, { force: true });
    } catch {
      // the start-up cleanup of the next worker removes it (its pid no longer runs)
    }
  }
}
