import { describe, expect, it } from 'vitest';
import type { ApiKeyMatch } from '../persistence/api-keys/api-key-records.js';
import { KeyLookupCache } from './key-lookup-cache.js';

const key = (id: string): ApiKeyMatch => ({
  id,
  name: id,
  role: 'submitter',
  keyHash: id,
  createdAt: '',
  revokedAt: null,
  expiresAt: null,
  lastUsedAt: null,
});

describe('KeyLookupCache', () => {
  it('trusts an entry for its TTL only, misses included', () => {
    const cache = new KeyLookupCache(1000, 10);
    cache.set('a', key('a'), 0);
    cache.set('b', null, 0);
    expect(cache.get('a', 999)?.id).toBe('a');
    expect(cache.get('b', 999)).toBeNull();
    expect(cache.get('a', 1000)).toBeUndefined();
    expect(cache.get('c', 0)).toBeUndefined();
  });

  it('holds at most its bound, dropping the oldest', () => {
    const cache = new KeyLookupCache(1000, 3);
    for (const id of ['a', 'b', 'c', 'd']) cache.set(id, key(id), 0);
    expect(cache.size).toBe(3);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('d', 0)?.id).toBe('d');
  });
});
