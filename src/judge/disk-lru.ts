import { Logger } from '@nestjs/common';

/** A hold on a cache entry: while any lease on it is held, the entry is never evicted. */
export interface Lease {
  /** Ends the hold (idempotent); the cache then evicts what is over its budget. */
  release(): void;
}

/** An entry found on disk at start: its key, size in bytes and last use (ms since the epoch, e.g. its mtime). */
export interface ScannedEntry {
  key: string;
  bytes: number;
  lastUsedMs: number;
}

interface Entry {
  /** Bytes on disk; 0 until the entry is recorded (while it is fetched or built). */
  bytes: number;
  /** Last use, ms since the epoch (orders eviction: the smallest goes first). */
  lastUsedMs: number;
  /** Leases held. */
  leases: number;
  /** True once the entry exists on disk (recorded or scanned). */
  present: boolean;
}

/**
 * A least-recently-used index of entries on the worker's disk (test data files, validator
 * builds) with a byte budget. Each use holds a lease on its entry for as long as a judging uses
 * it; when a recorded entry or a released lease leaves the total over the budget, unleased
 * entries are removed (by `remove`), least recently used first, until the total is within it.
 * An entry in use is never evicted, so the total can exceed the budget while entries are in
 * use (one larger than the whole budget is used by its judging, then removed when released).
 * Recency survives a restart through `load` (sizes and times scanned from disk) and `touch`
 * (the caller's hook that stamps an entry's mtime on each use).
 */
export class DiskLru {
  private readonly logger: Logger;
  private readonly entries = new Map<string, Entry>();
  /** Removals under way, by key: a new lease on the key waits for it (the entry is then gone, fetch it again). */
  private readonly removals = new Map<string, Promise<void>>();
  private total = 0;
  private clock = 0;

  /**
   * @param budgetBytes most bytes kept by unleased entries (the total of all entries when none is in use).
   * @param remove deletes an entry from disk (errors are logged; the entry is then forgotten anyway).
   * @param touch stamps an entry's last use on disk (e.g. its mtime) so a restart's scan sees it; errors are ignored.
   */
  constructor(
    private readonly name: string,
    private readonly budgetBytes: number,
    private readonly remove: (key: string) => Promise<void>,
    private readonly touch: (key: string) => Promise<void> = async () => undefined,
  ) {
    this.logger = new Logger(`DiskLru(${name})`);
  }

  /** Adds the entries a scan of the disk found (at start, before any lease), then evicts down to the budget. */
  async load(scanned: readonly ScannedEntry[]): Promise<void> {
    for (const s of [...scanned].sort((a, b) => a.lastUsedMs - b.lastUsedMs)) {
      const entry = this.entry(s.key);
      entry.lastUsedMs = s.lastUsedMs;
      this.setBytes(entry, s.bytes);
      entry.present = true;
    }
    await this.evict();
  }

  /**
   * Holds `key` (present or about to be fetched) so it is not evicted, and marks it used now.
   * Resolves once any removal of it under way has finished (the caller then checks the disk).
   */
  async lease(key: string): Promise<Lease> {
    const entry = this.entry(key);
    entry.leases++;
    entry.lastUsedMs = this.now();
    let released = false;
    const lease: Lease = {
      release: () => {
        if (released) return;
        released = true;
        entry.leases--;
        void this.evict();
      },
    };
    await this.removals.get(key);
    if (entry.present) void this.touch(key).catch(() => undefined);
    return lease;
  }

  /** Records that `key` is on disk with `bytes` (after a fetch or build, under a lease), then evicts down to the budget. */
  async record(key: string, bytes: number): Promise<void> {
    const entry = this.entry(key);
    this.setBytes(entry, bytes);
    entry.present = true;
    entry.lastUsedMs = this.now();
    await this.evict();
  }

  /** True when `key` is known to be on disk (recorded or scanned, not evicted). */
  has(key: string): boolean {
    return this.entries.get(key)?.present ?? false;
  }

  /** Bytes of the entries known to be on disk. */
  get totalBytes(): number {
    return this.total;
  }

  /** Keys of the entries on disk, least recently used first. */
  keys(): string[] {
    return [...this.entries.entries()]
      .filter(([, e]) => e.present)
      .sort(([, a], [, b]) => a.lastUsedMs - b.lastUsedMs)
      .map(([k]) => k);
  }

  /** Removes unleased entries, least recently used first, while the total is over the budget. */
  async evict(): Promise<void> {
    const victims: string[] = [];
    for (const key of this.keys()) {
      if (this.total <= this.budgetBytes) break;
      const entry = this.entries.get(key)!;
      if (entry.leases > 0) continue;
      this.entries.delete(key);
      this.total -= entry.bytes;
      victims.push(key);
    }
    for (const key of this.entries.keys()) {
      const e = this.entries.get(key)!;
      // A lease that ended on an entry never recorded (its fetch failed) leaves nothing to keep.
      if (!e.present && e.leases === 0) this.entries.delete(key);
    }
    await Promise.all(victims.map((key) => this.removeOne(key)));
  }

  private removeOne(key: string): Promise<void> {
    const removal = this.remove(key)
      .then(() => this.logger.debug({ key, totalBytes: this.total, budgetBytes: this.budgetBytes }, 'evicted'))
      .catch((err: Error) => this.logger.warn({ key, err: err.message }, 'eviction failed'))
      .finally(() => {
        if (this.removals.get(key) === removal) this.removals.delete(key);
      });
    this.removals.set(key, removal);
    return removal;
  }

  private entry(key: string): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { bytes: 0, lastUsedMs: this.now(), leases: 0, present: false };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private setBytes(entry: Entry, bytes: number): void {
    this.total += bytes - entry.bytes;
    entry.bytes = bytes;
  }

  /** Wall-clock ms, strictly increasing within this process (two uses in one ms keep their order). */
  private now(): number {
    this.clock = Math.max(this.clock + 1e-3, Date.now());
    return this.clock;
  }
}
