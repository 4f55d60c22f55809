// The machine a benchmark ran on, its load, and CPU time from /proc/stat (Linux only).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release, totalmem } from 'node:os';

/**
 * CPU model, cores, kernel, cgroup version, memory and Node.js of this host.
 * @returns {{ cpuModel: string, cores: number, kernel: string, cgroup: string, memoryGiB: number, node: string }}
 */
export function describeMachine() {
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
  return {
    cpuModel: model ? model[1].trim() : 'unknown',
    cores: availableParallelism(),
    kernel: release(),
    // cgroup v2 mounts one unified hierarchy at /sys/fs/cgroup, with cgroup.controllers at its root.
    cgroup: existsSync('/sys/fs/cgroup/cgroup.controllers') ? 'v2' : 'v1',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

/**
 * The load now: `uptime`'s line and the 1, 5 and 15 minute load averages.
 * @returns {{ at: string, uptime: string, loadAverage: number[] }}
 */
export function loadNow() {
  let uptime;
  try {
    uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    uptime = '(uptime not available)';
  }
  return { at: new Date().toISOString(), uptime, loadAverage: loadavg().map((l) => Math.round(l * 100) / 100) };
}

/**
 * All CPUs' time from /proc/stat's `cpu` line, in clock ticks: busy (everything but idle and
 * iowait) and total.
 * @returns {{ busy: number, total: number }}
 */
export function cpuTicks() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  // user nice system idle iowait irq softirq steal (guest and guest_nice are already in user and nice)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: total - idle - iowait, total };
}

/**
 * Share of all CPUs' time that was busy between two `cpuTicks()` readings, 0..1.
 * @param {{ busy: number, total: number }} before
 * @param {{ busy: number, total: number }} after
 */
export function cpuUtilisation(before, after) {
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}
