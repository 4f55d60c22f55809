import { describe, expect, it } from 'vitest';
import { describeRefusal, refusalOf, type RefusedRange } from './address-ranges.js';

/** Addresses and the range each must be refused as: at least one per rule, IPv4 and IPv6. */
const REFUSED: [string, RefusedRange][] = [
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'cgnat'],
  ['100.127.255.255', 'cgnat'],
  ['169.254.0.1', 'link-local'],
  ['169.254.169.254', 'metadata'],
  ['169.254.170.2', 'metadata'],
  ['100.100.100.200', 'metadata'],
  ['168.63.129.16', 'metadata'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.0.8', 'reserved'],
  ['192.0.2.1', 'reserved'],
  ['198.51.100.7', 'reserved'],
  ['203.0.113.9', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['192.88.99.1', 'reserved'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['::ffff:127.0.0.1', 'ipv4-mapped'],
  ['::ffff:7f00:1', 'ipv4-mapped'],
  ['::ffff:10.0.0.1', 'ipv4-mapped'],
  ['::ffff:169.254.169.254', 'ipv4-mapped'],
  ['::ffff:8.8.8.8', 'ipv4-mapped'],
  ['::127.0.0.1', 'reserved'],
  ['64:ff9b::a00:1', 'reserved'],
  ['64:ff9b:1::1', 'reserved'],
  ['100::1', 'reserved'],
  ['2001:db8::1', 'reserved'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
  ['2002:7f00:1::1', 'reserved'],
  ['3fff::1', 'reserved'],
  ['fc00::1', 'private'],
  ['fd12:3456:789a::1', 'private'],
  ['fd00:ec2::254', 'metadata'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['fec0::1', 'reserved'],
  ['ff02::1', 'multicast'],
  ['ff05::2', 'multicast'],
];

const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.215.14',
  '100.63.255.255',
  '100.128.0.0',
  '172.15.255.255',
  '172.32.0.0',
  '169.253.255.255',
  '223.255.255.255',
  '2606:4700:4700::1111',
  '2a00:1450:4001:80b::200e',
  '2001:4860:4860::8888',
];

describe('refusalOf', () => {
  it.each(REFUSED)('refuses %s as %s', (address, range) => {
    expect(refusalOf(address)?.range).toBe(range);
  });

  it.each(PUBLIC)('lets public unicast %s through', (address) => {
    expect(refusalOf(address)).toBeNull();
  });

  it('names the block and its source, and throws on what is not an IP address', () => {
    expect(describeRefusal(refusalOf('10.1.2.3')!)).toBe('a private address (10.0.0.0/8, RFC 1918)');
    expect(describeRefusal(refusalOf('::ffff:127.0.0.1')!)).toBe(
      'an IPv4-mapped IPv6 address (::ffff:0:0/96, RFC 4291 (IPv4-mapped IPv6))',
    );
    expect(() => refusalOf('localhost')).toThrow('not an IP address');
  });
});
