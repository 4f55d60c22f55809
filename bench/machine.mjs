// The machine a benchmark ran on, its load, and CPU time from /proc/stat (Linux only).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** Linux's USER_HZ: /proc reports CPU times in 1/100 s on every architecture Node runs on. */
const TICKS_PER_S = 100;

/**
 * CPU time used so far by this process and every process under it, by role: the built API and
 * worker (`main.js`, `main.worker.js`), the programs the worker ran and reaped (its children's
 * time: the sandboxed compiles and test runs), the databases (by program name) and this
 * benchmark. Seconds. Processes that ended are counted only through the parent that reaped them.
 * @returns {Record<string, number>}
 */
export function cpuByProcess() {
  /** @type {Map<number, { ppid: number, self: number, children: number, role: string }>} */
  const all = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const script = argv.find((a) => a.endsWith('.js') || a.endsWith('.mjs')) ?? '';
      const role = script.endsWith('main.worker.js') ? 'worker' : script.endsWith('main.js') ? 'api' : comm;
      // fields[1] is ppid; 11..14 utime, stime, cutime, cstime (proc(5), counted from field 3).
      all.set(Number(entry), {
        ppid: Number(fields[1]),
        self: Number(fields[11]) + Number(fields[12]),
        children: Number(fields[13]) + Number(fields[14]),
        role,
      });
    } catch {
      // The process ended while being read.
    }
  }
  /** @type {Record<string, number>} */
  const seconds = {};
  /** @param {string} role @param {number} ticks */
  const add = (role, ticks) => (seconds[role] = (seconds[role] ?? 0) + ticks / TICKS_PER_S);
  /** @param {number} pid */
  const isMine = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = all.get(p)?.ppid ?? 0, hops++) if (p === process.pid) return true;
    return false;
  };
  for (const [pid, p] of all) {
    if (!isMine(pid)) continue;
    if (pid === process.pid) {
      add('benchmark', p.self);
      continue;
    }
    add(p.role, p.self);
    if (p.role === 'worker') add('sandboxed runs (reaped by the worker)', p.children);
  }
  return seconds;
}

/**
 * What `cpuByProcess` grew by between two readings, s, rounded to 0.1 s.
 * @param {Record<string, number>} before
 * @param {Record<string, number>} after
 */
export function cpuUsedBetween(before, after) {
  return Object.fromEntries(
    Object.entries(after)
      .map(([role, s]) => [role, Math.round((s - (before[role] ?? 0)) * 10) / 10])
      .sort((a, b) => Number(b[1]) - Number(a[1])),
  );
}
