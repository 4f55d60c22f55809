import { describe, expect, it } from 'vitest';
import { CallbackUrlPolicy, MAX_CALLBACK_URL_LENGTH, type Resolver } from './callback-url.policy.js';

/** A resolver answering from a table; unknown names fail like the system resolver. */
const table: Record<string, string[]> = {
  'public.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  localhost: ['127.0.0.1', '::1'],
  'mixed.example': ['93.184.215.14', '10.0.0.7'],
  'metadata.example': ['169.254.169.254'],
};
const resolver: Resolver = async (name) => {
  const addresses = table[name];
  if (!addresses) throw Object.assign(new Error('no such host'), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const policy = new CallbackUrlPolicy({ secret: 'x'.repeat(32), allowedHosts: new Set(['127.0.0.1', 'hooks.internal']) }, resolver);

describe('CallbackUrlPolicy.problems', () => {
  it('accepts http and https URLs whose host resolves to public addresses only, and allow-listed hosts', async () => {
    expect(await policy.problems('https://public.example/hook?token=abc')).toEqual([]);
    expect(await policy.problems('http://93.184.215.14:8080/')).toEqual([]);
    expect(await policy.problems('http://127.0.0.1:9999/hook')).toEqual([]);
    // The allow-list compares the host as the URL parser normalizes it: 0x7f.1 is 127.0.0.1.
    expect(await policy.problems('http://0x7f.1:9999/hook')).toEqual([]);
    expect(await policy.problems('http://HOOKS.internal/x')).toEqual([]);
  });

  it('refuses other schemes, relative or overlong URLs and fragments, naming the field', async () => {
    expect(await policy.problems('ftp://public.example/', 'callback_url')).toEqual(['callback_url must use http or https, not ftp']);
    expect(await policy.problems('/relative')).toEqual(['callbackUrl must be an absolute http:// or https:// URL']);
    expect(await policy.problems(`https://public.example/${'a'.repeat(MAX_CALLBACK_URL_LENGTH)}`)).toEqual([
      `callbackUrl must not be longer than ${MAX_CALLBACK_URL_LENGTH} characters`,
    ]);
    expect(await policy.problems('https://public.example/#frag')).toEqual(['callbackUrl must not have a #fragment']);
  });

  it('refuses loopback, private, link-local, metadata and mapped literals, v4 and v6, in every spelling', async () => {
    const cases: [string, string][] = [
      ['http://[::1]/', 'a loopback address (::1/128'],
      ['http://10.0.0.1/', 'a private address (10.0.0.0/8'],
      ['http://169.254.169.254/latest/meta-data/', 'a metadata address (169.254.169.254/32'],
      ['http://[fd00:ec2::254]/', 'a metadata address (fd00:ec2::254/128'],
      ['http://[::ffff:10.0.0.1]/', 'an IPv4-mapped IPv6 address'],
      ['http://0x7f.0.0.2/', 'a loopback address (127.0.0.0/8'],
      ['http://2130706434/', 'a loopback address (127.0.0.0/8'],
      ['http://0x0a.1/', 'a private address (10.0.0.0/8'],
      ['http://100.64.1.1/', 'a cgnat address'],
      ['http://[fe80::1]/', 'a link-local address'],
      ['http://0.0.0.0/', 'an unspecified address'],
    ];
    for (const [url, words] of cases) {
      const [message, ...rest] = await policy.problems(url);
      expect(rest, url).toEqual([]);
      expect(message, url).toContain(`callbackUrl must not lead to ${words}`);
    }
  });

  it('refuses a name when any address it resolves to is refused, or when it does not resolve', async () => {
    expect(await policy.problems('http://localhost:3000/')).toEqual([
      'callbackUrl must not lead to a loopback address (127.0.0.0/8, RFC 1122) (localhost resolves to 127.0.0.1); ' +
        'an operator may allow the host in WEBHOOK_ALLOWED_HOSTS',
    ]);
    expect((await policy.problems('http://mixed.example/'))[0]).toContain('(mixed.example resolves to 10.0.0.7)');
    expect((await policy.problems('http://metadata.example/'))[0]).toContain('a metadata address');
    expect(await policy.problems('http://nowhere.example/')).toEqual([
      'callbackUrl host nowhere.example must resolve to an address (ENOTFOUND)',
    ]);
  });

  it('refuses every callback URL when the deployment has no secret', async () => {
    const off = new CallbackUrlPolicy({ secret: null, allowedHosts: new Set(['127.0.0.1']) }, resolver);
    expect(off.enabled).toBe(false);
    expect(await off.problems('http://127.0.0.1/')).toEqual([
      'callbackUrl is not accepted: this server sends no webhooks until its operator sets WEBHOOK_SECRET',
    ]);
  });
});
