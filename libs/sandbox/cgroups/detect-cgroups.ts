import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CgroupV1Driver, V1_CONTROLLERS } from './cgroup-v1.js';
import { CgroupV2Driver, V2_CONTROLLERS } from './cgroup-v2.js';
import type { CgroupDriver } from './run-cgroup.js';

const MOUNT = '/sys/fs/cgroup';

/**
 * Parses /proc/self/cgroup into controller → path (v2's line is keyed by the empty string).
 * Format (cgroups(7)): `hierarchy-ID:controller-list:cgroup-path` per line.
 */
export function parseProcCgroup(text: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    for (const controller of m[1] === '' ? [''] : m[1].split(',')) paths.set(controller, m[2]);
  }
  return paths;
}

/**
 * Picks the cgroup version the host offers and returns a driver whose run cgroups live
 * under the worker's own cgroup in a child named `parentName`.
 * - v2 (unified, `/sys/fs/cgroup/cgroup.controllers` lists memory and pids): the worker moves
 *   itself into `<own>/supervisor` so `<own>` may delegate controllers (the no-internal-process rule).
 * - v1 (or hybrid): memory, cpuacct and pids hierarchies must be mounted.
 * Returns `{ driver }` or `{ problem }` saying what is missing.
 */
export function detectCgroupDriver(parentName: string): { driver: CgroupDriver } | { problem: string } {
  try {
    const own = parseProcCgroup(readFileSync('/proc/self/cgroup', 'utf8'));
    const unifiedControllers = join(MOUNT, 'cgroup.controllers');
    if (existsSync(unifiedControllers)) {
      const available = readFileSync(unifiedControllers, 'utf8').trim().split(/\s+/);
      const lacking = V2_CONTROLLERS.filter((c) => !available.includes(c));
      if (lacking.length > 0) return { problem: `cgroup v2 lacks the ${lacking.join(', ')} controller(s)` };
      return { driver: new CgroupV2Driver(prepareV2Parent(join(MOUNT, own.get('') ?? '/'), parentName)) };
    }
    const lacking = V1_CONTROLLERS.filter((c) => !existsSync(join(MOUNT, c, 'cgroup.procs')));
    if (lacking.length > 0) {
      return { problem: `no cgroup v2 at ${MOUNT} and cgroup v1 lacks the ${lacking.join(', ')} hierarchy(ies)` };
    }
    const parents = Object.fromEntries(V1_CONTROLLERS.map((c) => [c, join(MOUNT, c, own.get(c) ?? '/', parentName)])) as Record<
      (typeof V1_CONTROLLERS)[number],
      string
    >;
    return { driver: new CgroupV1Driver(parents) };
  } catch (err) {
    return {
      problem: `cannot create cgroups under ${MOUNT} (${(err as Error).message}); run the worker as root with a writable cgroup hierarchy (in a container: --privileged or a delegated cgroup)`,
    };
  }
}

function prepareV2Parent(ownDir: string, parentName: string): string {
  if (ownDir !== MOUNT) {
    // A cgroup with member processes cannot enable controllers for children: move ourselves to a leaf.
    const leaf = join(ownDir, 'supervisor');
    mkdirSync(leaf, { recursive: true });
    writeFileSync(join(leaf, 'cgroup.procs'), String(process.pid));
    writeFileSync(join(ownDir, 'cgroup.subtree_control'), V2_CONTROLLERS.map((c) => `+${c}`).join(' '));
  }
  return join(ownDir, parentName);
}
