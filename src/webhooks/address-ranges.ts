import { BlockList, isIP } from 'node:net';

/** Why an address is no place to send a webhook. */
export type RefusedRange =
  'unspecified' | 'loopback' | 'private' | 'link-local' | 'cgnat' | 'multicast' | 'broadcast' | 'reserved' | 'metadata' | 'ipv4-mapped';

/** A refused address: the range it falls in and the document that sets the range aside. */
export interface AddressRefusal {
  range: RefusedRange;
  /** e.g. `10.0.0.0/8`. */
  block: string;
  /** e.g. `RFC 1918`. */
  source: string;
}

type Rule = readonly [block: string, range: RefusedRange, source: string];

/**
 * Destinations refused for webhooks, first match wins (so a metadata address is reported as such,
 * not as the link-local or unique-local block around it). Sources: the IANA IPv4 and IPv6
 * Special-Purpose Address Registries (RFC 6890) and the cloud providers' documented metadata endpoints.
 * A block that is not globally reachable, or that embeds or translates to an IPv4 address
 * (NAT64, 6to4, Teredo), is refused as `reserved`: it could lead to any of the above.
 */
const RULES: readonly Rule[] = [
  ['169.254.169.254/32', 'metadata', 'cloud instance metadata (AWS, GCP, Azure, OpenStack, Oracle)'],
  ['169.254.170.2/32', 'metadata', 'AWS ECS task metadata'],
  ['100.100.100.200/32', 'metadata', 'Alibaba Cloud instance metadata'],
  ['168.63.129.16/32', 'metadata', 'Azure host wire server'],
  ['fd00:ec2::254/128', 'metadata', 'AWS instance metadata over IPv6'],
  ['0.0.0.0/8', 'unspecified', 'RFC 1122 ("this network")'],
  ['10.0.0.0/8', 'private', 'RFC 1918'],
  ['100.64.0.0/10', 'cgnat', 'RFC 6598 (shared address space)'],
  ['127.0.0.0/8', 'loopback', 'RFC 1122'],
  ['169.254.0.0/16', 'link-local', 'RFC 3927'],
  ['172.16.0.0/12', 'private', 'RFC 1918'],
  ['192.0.0.0/24', 'reserved', 'RFC 6890 (IETF protocol assignments)'],
  ['192.0.2.0/24', 'reserved', 'RFC 5737 (documentation)'],
  ['192.88.99.0/24', 'reserved', 'RFC 7526 (6to4 relay anycast)'],
  ['192.168.0.0/16', 'private', 'RFC 1918'],
  ['198.18.0.0/15', 'reserved', 'RFC 2544 (benchmarking)'],
  ['198.51.100.0/24', 'reserved', 'RFC 5737 (documentation)'],
  ['203.0.113.0/24', 'reserved', 'RFC 5737 (documentation)'],
  ['224.0.0.0/4', 'multicast', 'RFC 5771'],
  ['255.255.255.255/32', 'broadcast', 'RFC 919 (limited broadcast)'],
  ['240.0.0.0/4', 'reserved', 'RFC 1112 (future use)'],
  ['::/128', 'unspecified', 'RFC 4291'],
  ['::1/128', 'loopback', 'RFC 4291'],
  ['::ffff:0:0/96', 'ipv4-mapped', 'RFC 4291 (IPv4-mapped IPv6)'],
  ['::/96', 'reserved', 'RFC 4291 (IPv4-compatible IPv6, deprecated)'],
  ['64:ff9b::/96', 'reserved', 'RFC 6052 (NAT64)'],
  ['64:ff9b:1::/48', 'reserved', 'RFC 8215 (local-use NAT64)'],
  ['100::/64', 'reserved', 'RFC 6666 (discard-only)'],
  ['2001:db8::/32', 'reserved', 'RFC 3849 (documentation)'],
  ['2001::/23', 'reserved', 'RFC 2928 (IETF protocol assignments, Teredo)'],
  ['2002::/16', 'reserved', 'RFC 3056 (6to4)'],
  ['3fff::/20', 'reserved', 'RFC 9637 (documentation)'],
  ['fc00::/7', 'private', 'RFC 4193 (unique local)'],
  ['fe80::/10', 'link-local', 'RFC 4291'],
  ['fec0::/10', 'reserved', 'RFC 3879 (site-local, deprecated)'],
  ['ff00::/8', 'multicast', 'RFC 4291'],
];

/** One BlockList per rule: the first matching rule names the range. */
const COMPILED = RULES.map(([block, range, source]) => {
  const [net, bits] = block.split('/') as [string, string];
  const family = isIP(net) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  list.addSubnet(net, Number(bits), family);
  return { list, family, refusal: { range, block, source } satisfies AddressRefusal };
});

/**
 * Classifies an IP address as a webhook destination.
 * @param address an IPv4 or IPv6 literal (`dns.lookup` output or a URL's host without brackets); an
 *   IPv6 zone (`fe80::1%eth0`) is ignored.
 * @returns the refused range it falls in, or null when it is a public unicast address. An IPv4-mapped
 *   IPv6 address (`::ffff:a.b.c.d`) is always refused (`ipv4-mapped`), whatever it maps to.
 * @throws Error when `address` is not an IP literal.
 */
export function refusalOf(address: string): AddressRefusal | null {
  const bare = address.replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 0) throw new Error(`not an IP address: ${address}`);
  const family = version === 6 ? 'ipv6' : 'ipv4';
  // Node's BlockList matches an IPv4-mapped IPv6 address against IPv4 rules too; checking rules of the
  // address's own family only keeps `::ffff:…` reported as ipv4-mapped (the rule before the v4 ones it maps to).
  for (const rule of COMPILED) {
    if (rule.family === family && rule.list.check(bare, family)) return rule.refusal;
  }
  return null;
}

/** `refusalOf` as words for a message: `a loopback address (127.0.0.0/8, RFC 1122)`. */
export function describeRefusal(refusal: AddressRefusal): string {
  const what =
    refusal.range === 'ipv4-mapped' ? 'an IPv4-mapped IPv6' : refusal.range === 'unspecified' ? 'an unspecified' : `a ${refusal.range}`;
  return `${what} address (${refusal.block}, ${refusal.source})`;
}
