/**
 * True when a process with `pid` exists on this host (signal 0 reaches it, or EPERM: it exists
 * under another user). Used to tell a dead worker's leftovers from a live one's.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
