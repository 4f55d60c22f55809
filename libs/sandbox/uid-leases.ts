import { closeSync, linkSync, mkdirSync, openSync, readFileSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from './process-alive.js';

/** How many uids above the base a host's workers may share between them. */
export const UID_RANGE = 1024;

/** Directory whose existence is the mutex for removing stale locks (mkdir is atomic). */
const TAKEOVER_MUTEX = 'uid-takeover.lock';
/** A takeover mutex older than this was left by a worker that died inside it, ms. */
const TAKEOVER_MUTEX_STALE_MS = 10_000;
/** Longest wait for the takeover mutex, ms. */
const TAKEOVER_MUTEX_TIMEOUT_MS = 30_000;

/**
 * Claims `count` uids from [base, base + UID_RANGE) for this process, one lock file each in
 * `dir` (`uid-<n>.lock` holding the owner's pid, created atomically with link(2)). A lock whose pid is dead
 * is taken over. Several workers on one host so never share a uid, and so can never signal or
 * read each other's runs.
 * @returns the claimed uids, lowest first.
 * @throws Error when fewer than `count` uids are free.
 */
export function leaseUids(dir: string, base: number, count: number): number[] {
  const leased: number[] = [];
  for (let uid = base; uid < base + UID_RANGE && leased.length < count; uid++) {
    if (tryLock(dir, join(dir, `uid-${uid}.lock`))) leased.push(uid);
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

function tryLock(dir: string, path: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    if (createLock(path)) return true;
    const owner = readOwner(path);
    if (owner === undefined) continue; // released meanwhile: try again
    if (owner && isProcessAlive(owner)) return false;
    // Stale: its worker died. Several workers starting at once all see it stale; were each to
    // unlink it and create its own, a late unlink would delete a lock another had just taken,
    // and two workers would run as one uid. So unlink only under a host-wide mutex, and only
    // while the file still names the same dead owner.
    withTakeoverMutex(dir, () => {
      const now = readOwner(path);
      if (now === owner && !(now && isProcessAlive(now))) unlinkSync(path);
    });
  }
  return false;
}

/**
 * Creates the lock file with this process's pid in it, atomically: written under a private name,
 * then hard-linked into place (fails if it exists). Created empty and written after, a fresh lock
 * would look ownerless, hence stale, to a worker reading it in between.
 * @returns false when the lock exists.
 */
function createLock(path: string): boolean {
  const temp = `${path}.${process.pid}`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, String(process.pid));
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(temp);
  }
}

/** The pid in a lock file (0 when unreadable as a number), or undefined when the file is gone. */
function readOwner(path: string): number | undefined {
  try {
    return Number(readFileSync(path, 'utf8')) || 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Runs `fn` while holding the takeover mutex of `dir` (a directory made with mkdir, which is atomic).
 * A mutex older than TAKEOVER_MUTEX_STALE_MS was left by a worker that died holding it and is broken.
 * @throws Error when the mutex cannot be had within TAKEOVER_MUTEX_TIMEOUT_MS.
 */
function withTakeoverMutex(dir: string, fn: () => void): void {
  const mutex = join(dir, TAKEOVER_MUTEX);
  const deadline = Date.now() + TAKEOVER_MUTEX_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(mutex, { mode: 0o700 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    try {
      if (Date.now() - statSync(mutex).mtimeMs > TAKEOVER_MUTEX_STALE_MS) rmdirSync(mutex);
    } catch {
      // released meanwhile
    }
    if (Date.now() > deadline) throw new Error(`cannot take ${mutex} (remove it if no worker is starting)`);
    sleepSync(1);
  }
  try {
    fn();
  } finally {
    rmdirSync(mutex);
  }
}

/** Blocks the thread for `ms` (leasing happens once, at start-up, before anything else runs). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
