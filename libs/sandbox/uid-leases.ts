import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** How many uids above the base a host's workers may share between them. */
export const UID_RANGE = 1024;

/**
 * Claims `count` uids from [base, base + UID_RANGE) for this process, one lock file each in
 * `dir` (`uid-<n>.lock` holding the owner's pid, created with O_EXCL). A lock whose pid is dead
 * is taken over. Several workers on one host so never share a uid, and so can never signal or
 * read each other's runs.
 * @returns the claimed uids, lowest first.
 * @throws Error when fewer than `count` uids are free.
 */
export function leaseUids(dir: string, base: number, count: number): number[] {
  const leased: number[] = [];
  for (let uid = base; uid < base + UID_RANGE && leased.length < count; uid++) {
    if (tryLock(join(dir, `uid-${uid}.lock`))) leased.push(uid);
  }
  if (leased.length < count) {
    releaseUids(dir, leased);
    throw new Error(`only ${leased.length} of ${count} sandbox uids free in ${base}..${base + UID_RANGE - 1}`);
  }
  return leased;
}

/** Gives the uids back (deletes this process's lock files). */
export function releaseUids(dir: string, uids: readonly number[]): void {
  for (const uid of uids) {
    const path = join(dir, `uid-${uid}.lock`);
    try {
      if (Number(readFileSync(path, 'utf8')) === process.pid) unlinkSync(path);
    } catch {
      // already gone
    }
  }
}

function tryLock(path: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner = 0;
    try {
      owner = Number(readFileSync(path, 'utf8'));
    } catch {
      continue; // released meanwhile: try again
    }
    if (owner && isAlive(owner)) return false;
    try {
      unlinkSync(path); // stale: its worker died
    } catch {
      // another worker took it over first
    }
  }
  return false;
}

/** True when a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
