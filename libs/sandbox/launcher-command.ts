import { spawn } from 'node:child_process';

/**
 * Runs one of the launcher's own modes (`verdict-launch --remove-tree DIR`, `--mount-box …`; see
 * verdict-launch.c) as the worker (root), with an empty environment and no shell.
 * @throws Error with the launcher's message (its stderr, first 4 KiB) when it exits non-zero or cannot start.
 */
export function runLauncherCommand(launcherPath: string, args: readonly string[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(launcherPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: {} });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 4096) stderr += c.toString();
    });
    child.on('error', (err) => reject(new Error(`cannot start ${launcherPath}: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(stderr.trim() || `${launcherPath} ${args[0]} ended with ${signal ?? `status ${code}`}`));
    });
  });
}
