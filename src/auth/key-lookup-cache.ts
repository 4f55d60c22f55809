import type { ApiKeyMatch } from '../persistence/api-keys/api-key-records.js';

/** How long a looked-up key (or its absence) is trusted, ms: a revocation made by another API process takes effect within this. */
export const KEY_CACHE_TTL_MS = 30_000;
/** Most keys held; past it the oldest entry is dropped. */
export const KEY_CACHE_MAX_ENTRIES = 1000;

interface Entry {
  key: ApiKeyMatch | null;
  storedAt: number;
}

/**
 * In-process cache of key lookups by hash, so a request is not a MongoDB round trip each time:
 * at most `maxEntries` entries (oldest dropped first), each trusted for `ttlMs`. A miss (no such key)
 * is cached too, so a flood of made-up keys costs one lookup each per TTL at most.
 */
export class KeyLookupCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = KEY_CACHE_TTL_MS,
    private readonly maxEntries = KEY_CACHE_MAX_ENTRIES,
  ) {}

  /** The cached lookup of `keyHash` at `now` (ms): the key, null for "no such key", or undefined when not cached or stale. */
  get(keyHash: string, now: number): ApiKeyMatch | null | undefined {
    const entry = this.entries.get(keyHash);
    if (!entry) return undefined;
    if (now - entry.storedAt >= this.ttlMs) {
      this.entries.delete(keyHash);
      return undefined;
    }
    return entry.key;
  }

  /** Remembers the lookup of `keyHash` (the key, or null for none) as of `now` (ms). */
  set(keyHash: string, key: ApiKeyMatch | null, now: number): void {
    this.entries.delete(keyHash);
    this.entries.set(keyHash, { key, storedAt: now });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets `keyHash` (after a revocation in this process, which then takes effect at once here). */
  delete(keyHash: string): void {
    this.entries.delete(keyHash);
  }

  get size(): number {
    return this.entries.size;
  }
}
