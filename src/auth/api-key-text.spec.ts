import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, isWellFormedApiKey } from './api-key-text.js';
import { presentedKey } from './presented-key.js';

describe('API key text', () => {
  it('is vk_ and 43 base64url characters, different every time', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).toMatch(/^vk_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(isWellFormedApiKey(a)).toBe(true);
    expect(Buffer.from(a.slice(3), 'base64url')).toHaveLength(32);
  });

  it('is stored as its hex SHA-256', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses anything of another shape', () => {
    for (const text of ['', 'vk_', `vk_${'a'.repeat(42)}`, `vk_${'a'.repeat(44)}`, `xx_${'a'.repeat(43)}`, `vk_${'a'.repeat(42)}=`]) {
      expect(isWellFormedApiKey(text), text).toBe(false);
    }
  });
});

describe('presentedKey', () => {
  it('reads x-api-key first, then a Bearer token', () => {
    expect(presentedKey({ 'x-api-key': ' k1 ', authorization: 'Bearer k2' })).toBe('k1');
    expect(presentedKey({ authorization: 'Bearer k2' })).toBe('k2');
    expect(presentedKey({ authorization: 'bearer   k2' })).toBe('k2');
    expect(presentedKey({ 'x-api-key': ['k3', 'k4'] })).toBe('k3');
  });

  it('ignores other Authorization schemes, empty headers, and X-Auth-Token outside Judge0 routes', () => {
    expect(presentedKey({ authorization: 'Basic dXNlcjpwYXNz' })).toBeNull();
    expect(presentedKey({ 'x-api-key': '  ' })).toBeNull();
    expect(presentedKey({ 'x-auth-token': 'k5' })).toBeNull();
    expect(presentedKey({ 'x-auth-token': 'k5' }, true)).toBe('k5');
  });
});
