import { readFileSync } from 'node:fs';

/**
 * The CPUs this process may run on: the `Cpus_allowed_list` of /proc/self/status (e.g. `0-3,8`),
 * which reflects the worker's own affinity and cpuset (a container's CPU set), in ascending order.
 * @param status the text of /proc/self/status (read from the host when absent).
 * @returns the CPU numbers, or [] when the line is missing or unreadable (no pinning then).
 */
export function allowedCpus(status?: string): number[] {
  let text = status;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/status', 'utf8');
    } catch {
      return [];
    }
  }
  const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(text)?.[1];
  if (!list) return [];
  const cpus = new Set<number>();
  for (const part of list.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return [];
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let c = from; c <= to; c++) cpus.add(c);
  }
  return [...cpus].sort((a, b) => a - b);
}

/**
 * The CPU each slot's runs are pinned to, DOMjudge's way (one judging per core): slot `i` gets
 * the `i`-th allowed CPU. Pinning needs a CPU of its own for every slot; with fewer allowed CPUs
 * than slots (or none known) nothing is pinned, and the result is null.
 * @param slots the sandbox's slot count.
 * @param allowed `allowedCpus()`.
 */
export function slotCpus(slots: number, allowed: readonly number[]): number[] | null {
  return allowed.length >= slots ? allowed.slice(0, slots) : null;
}
