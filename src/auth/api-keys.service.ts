import { Injectable, Logger } from '@nestjs/common';
import type { ApiKeyMatch, ApiKeyRecord } from '../persistence/api-keys/api-key-records.js';
import { ApiKeysRepository } from '../persistence/api-keys/api-keys.repository.js';
import { generateApiKey, hashApiKey, isWellFormedApiKey } from './api-key-text.js';
import { KeyLookupCache } from './key-lookup-cache.js';
import { Role } from './role.js';

/** Least time between two `lastUsedAt` updates of one key by one process, ms. */
const TOUCH_INTERVAL_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;
const ROLES = new Set<string>(Object.values(Role));

/** A stored key that may be used now: not revoked, not expired, with a known role. */
export interface ValidApiKey {
  id: string;
  name: string;
  role: Role;
}

/** A key just created: its text (shown this once, never stored) and its record. */
export interface CreatedApiKey {
  key: string;
  record: ApiKeyRecord;
}

/**
 * Creating, listing, revoking and checking API keys (docs/auth.md). Checks go through a bounded
 * in-process cache (KeyLookupCache: 30 s, 1000 keys), so a key revoked by another process stops working
 * within 30 s; one revoked through this process stops at once.
 */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly cache = new KeyLookupCache();
  /** When this process last wrote each key's `lastUsedAt`, ms; bounded like the cache. */
  private readonly touched = new Map<string, number>();

  constructor(private readonly repository: ApiKeysRepository) {}

  /**
   * Creates a key.
   * @param expiresInDays days until it expires (whole or fractional), or undefined for never.
   * @returns the key's text (to show once) and its record.
   */
  async create(name: string, role: Role, expiresInDays?: number): Promise<CreatedApiKey> {
    const key = generateApiKey();
    const expiresAt = expiresInDays === undefined ? null : new Date(Date.now() + expiresInDays * DAY_MS);
    const record = await this.repository.create({ name, role, keyHash: hashApiKey(key), expiresAt });
    return { key, record };
  }

  /** Every key (up to 1000, newest first), without hashes. */
  list(): Promise<ApiKeyRecord[]> {
    return this.repository.list();
  }

  /** Revokes key `id`; effective at once in this process, within 30 s in others. @returns its record, or null when unknown. */
  async revoke(id: string): Promise<ApiKeyRecord | null> {
    const match = await this.repository.revoke(id);
    if (!match) return null;
    this.cache.delete(match.keyHash);
    const { keyHash: _hash, ...record } = match;
    return record;
  }

  /**
   * The key whose text is `key`, when it may be used at `now` (ms); also records its use (`lastUsedAt`,
   * at most once a minute, without waiting for it).
   * @returns null for a malformed, unknown, revoked or expired key (not said which).
   * @throws DependencyUnavailableError when MongoDB is unreachable and the key is not cached.
   */
  async check(key: string, now = Date.now()): Promise<ValidApiKey | null> {
    if (!isWellFormedApiKey(key)) return null;
    const keyHash = hashApiKey(key);
    let match = this.cache.get(keyHash, now);
    if (match === undefined) {
      match = await this.repository.findByHash(keyHash);
      this.cache.set(keyHash, match, now);
    }
    if (!match || !usable(match, now)) return null;
    this.touch(match, now);
    return { id: match.id, name: match.name, role: match.role as Role };
  }

  private touch(match: ApiKeyMatch, now: number): void {
    const last = Math.max(this.touched.get(match.id) ?? 0, match.lastUsedAt ? Date.parse(match.lastUsedAt) : 0);
    if (now - last < TOUCH_INTERVAL_MS) return;
    this.touched.delete(match.id);
    this.touched.set(match.id, now);
    while (this.touched.size > 1000) this.touched.delete(this.touched.keys().next().value!);
    this.repository.touch(match.id, new Date(now)).catch((error: unknown) => {
      this.logger.warn({ err: error, keyId: match.id }, 'could not record the API key use');
    });
  }
}

function usable(match: ApiKeyMatch, now: number): boolean {
  if (match.revokedAt !== null) return false;
  if (match.expiresAt !== null && Date.parse(match.expiresAt) <= now) return false;
  return ROLES.has(match.role);
}
