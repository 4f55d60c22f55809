import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * SIGKILLs every pid listed in a `cgroup.procs` file but `sparePid` (one pid, or a set of them), again and again, until
 * no other pid is listed (a forking program may add tasks between reads) or `timeoutMs` passes.
 * Returns true once only `sparePid` (or nothing) is left.
 */
export async function killProcsUntilEmpty(procsFile: string, timeoutMs: number, sparePid?: number | ReadonlySet<number>): Promise<boolean> {
  const spared = (pid: number) => (typeof sparePid === 'number' ? pid === sparePid : (sparePid?.has(pid) ?? false));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let pids: number[];
    try {
      pids = readFileSync(procsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(Number)
        .filter((p) => !spared(p));
    } catch {
      return true; // cgroup already gone
    }
    if (pids.length === 0) return true;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // exited between the read and the kill
      }
    }
    if (Date.now() > deadline) return false;
    await sleep(2);
  }
}
