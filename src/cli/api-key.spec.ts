import { describe, expect, it } from 'vitest';
import { resolveApiKey } from './api-key.js';

describe('resolveApiKey', () => {
  it('takes --api-key, else VERDICT_API_KEY, else none', () => {
    expect(resolveApiKey('vk_a', { VERDICT_API_KEY: 'vk_b' })).toBe('vk_a');
    expect(resolveApiKey(undefined, { VERDICT_API_KEY: ' vk_b\n' })).toBe('vk_b');
    expect(resolveApiKey(undefined, { VERDICT_API_KEY: '' })).toBeNull();
    expect(resolveApiKey(undefined, {})).toBeNull();
  });

  it('refuses what cannot be a header value, naming where it came from', () => {
    expect(() => resolveApiKey('vk a', {})).toThrow(/--api-key must be an API key/);
    expect(() => resolveApiKey('', {})).toThrow(/--api-key/);
    expect(() => resolveApiKey(undefined, { VERDICT_API_KEY: 'vk\u0007' })).toThrow(/VERDICT_API_KEY/);
  });
});
