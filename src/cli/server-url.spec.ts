import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_URL, resolveServerUrl } from './server-url.js';

describe('resolveServerUrl', () => {
  it('takes --server, else VERDICT_URL, else the default, without a trailing slash', () => {
    expect(resolveServerUrl('http://judge:4000/', { VERDICT_URL: 'http://other' })).toBe('http://judge:4000');
    expect(resolveServerUrl(undefined, { VERDICT_URL: 'https://judge.example/api/' })).toBe('https://judge.example/api');
    expect(resolveServerUrl(undefined, { VERDICT_URL: ' ' })).toBe(DEFAULT_SERVER_URL);
    expect(resolveServerUrl(undefined, {})).toBe('http://127.0.0.1:3000');
  });

  it('refuses what is not an http(s) URL, naming where it came from', () => {
    expect(() => resolveServerUrl('judge:3000', {})).toThrow('--server must be an http or https URL, got "judge:3000"');
    expect(() => resolveServerUrl('localhost', {})).toThrow('--server must be an http or https URL');
    expect(() => resolveServerUrl(undefined, { VERDICT_URL: 'ftp://x' })).toThrow('VERDICT_URL must be an http or https URL');
  });
});
