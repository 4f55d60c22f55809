import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { WebhookSettings } from '../config/webhooks.config.js';
import { describeRefusal, refusalOf } from './address-ranges.js';

/** Longest accepted callback URL, characters (what browsers and most servers accept on a request line). */
export const MAX_CALLBACK_URL_LENGTH = 2048;

/** How long resolving a callback host may take, ms, at acceptance and at connection time. */
const RESOLVE_TIMEOUT_MS = 3000;

/** An address a host resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address the system resolver gives (`dns.lookup`, all families). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, order: 'verbatim' })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/**
 * A callback URL's host resolves to a refused address: refused at acceptance, never retried by the
 * sender. `code` tells it apart from network errors once axios has wrapped it.
 */
export class CallbackAddressRefusedError extends Error {
  readonly code = 'EWEBHOOKREFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'CallbackAddressRefusedError';
  }
}

/** A callback URL's host did not resolve (in time): refused at acceptance, retried by the sender (DNS may recover). */
export class CallbackHostUnresolvedError extends Error {
  readonly code = 'EWEBHOOKUNRESOLVED';
  constructor(message: string) {
    super(message);
    this.name = 'CallbackHostUnresolvedError';
  }
}

/** The host of a URL as the address guard sees it: lower-cased, IPv6 brackets removed. */
function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/**
 * The one owner of "where may a webhook go" (the SSRF guard), used when a submission is accepted and
 * again on every connection the sender opens:
 * - http or https only, at most MAX_CALLBACK_URL_LENGTH characters, no fragment;
 * - the host, unless allow-listed in WEBHOOK_ALLOWED_HOSTS (compared as written in the URL, lower-cased),
 *   must resolve, and every address it resolves to must be public (`refusalOf`: loopback, private,
 *   link-local, CGNAT, multicast, broadcast, reserved, unspecified, IPv4-mapped and metadata addresses
 *   are refused, IPv4 and IPv6). One refused address refuses the host.
 * - webhooks are off (every callback URL refused) when the deployment has no WEBHOOK_SECRET.
 *
 * Any API feature accepting a callback URL (e.g. a Judge0 `callback_url`) calls `problems(url, field)`.
 */
export class CallbackUrlPolicy {
  constructor(
    private readonly settings: Pick<WebhookSettings, 'secret' | 'allowedHosts'>,
    private readonly resolve: Resolver = systemResolver,
  ) {}

  /** False when the deployment has no WEBHOOK_SECRET: then every callback URL is refused. */
  get enabled(): boolean {
    return this.settings.secret !== null;
  }

  /**
   * Everything wrong with `raw` as a callback URL, each as `<field> <rule>` for a 400 body; empty when
   * it may be used. Resolves the host (at most ~3 s); a host that does not resolve is refused.
   * @param field the request field named in the messages, e.g. `callbackUrl` or `callback_url`.
   */
  async problems(raw: string, field = 'callbackUrl'): Promise<string[]> {
    if (!this.enabled) {
      return [`${field} is not accepted: this server sends no webhooks until its operator sets WEBHOOK_SECRET`];
    }
    const shape = this.shapeProblem(raw, field);
    if (typeof shape === 'string') return [shape];
    const host = hostOf(shape);
    if (this.isAllowListed(host)) return [];
    try {
      await this.checkedAddresses(host);
      return [];
    } catch (error) {
      if (error instanceof CallbackAddressRefusedError || error instanceof CallbackHostUnresolvedError)
        return [`${field} ${error.message}`];
      throw error;
    }
  }

  /**
   * The shape rules alone (no DNS): scheme, length, absolute URL, no fragment.
   * @returns the parsed URL, or the broken rule as `<field> <rule>`.
   */
  shapeProblem(raw: string, field = 'callbackUrl'): URL | string {
    if (raw.length > MAX_CALLBACK_URL_LENGTH) return `${field} must not be longer than ${MAX_CALLBACK_URL_LENGTH} characters`;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return `${field} must be an absolute http:// or https:// URL`;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${field} must use http or https, not ${url.protocol.slice(0, -1)}`;
    if (url.hash !== '') return `${field} must not have a #fragment`;
    if (url.hostname === '') return `${field} must name a host`;
    return url;
  }

  /** True when `url`'s host is in WEBHOOK_ALLOWED_HOSTS (then the address guard does not apply to it). */
  isAllowListed(hostOrUrl: string | URL): boolean {
    const host = typeof hostOrUrl === 'string' ? hostOrUrl.toLowerCase().replace(/^\[(.*)\]$/, '$1') : hostOf(hostOrUrl);
    return this.settings.allowedHosts.has(host);
  }

  /**
   * The addresses to connect to for `host` (a name or an IP literal), each checked: the sender's
   * connections use exactly these (its agents' `lookup`), so a DNS answer that changes between the
   * check and the connection (DNS rebinding) cannot lead anywhere refused. Allow-listed hosts are
   * resolved but not checked.
   * @throws CallbackAddressRefusedError when the host resolves to a refused address.
   * @throws CallbackHostUnresolvedError when it does not resolve within ~3 s.
   */
  async checkedAddresses(host: string): Promise<ResolvedAddress[]> {
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    const literal = isIP(bare);
    const addresses: ResolvedAddress[] =
      literal !== 0 ? [{ address: bare, family: literal === 6 ? 6 : 4 }] : await this.resolveBounded(bare);
    if (this.isAllowListed(bare)) return addresses;
    for (const { address } of addresses) {
      const refusal = refusalOf(address);
      if (refusal) {
        const via = literal !== 0 ? '' : ` (${bare} resolves to ${address})`;
        throw new CallbackAddressRefusedError(
          `must not lead to ${describeRefusal(refusal)}${via}; an operator may allow the host in WEBHOOK_ALLOWED_HOSTS`,
        );
      }
    }
    return addresses;
  }

  private async resolveBounded(hostname: string): Promise<ResolvedAddress[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CallbackHostUnresolvedError(`host ${hostname} must resolve within ${RESOLVE_TIMEOUT_MS} ms`)),
        RESOLVE_TIMEOUT_MS,
      );
    });
    try {
      const addresses = await Promise.race([this.resolve(hostname), timeout]);
      if (addresses.length === 0) throw new CallbackHostUnresolvedError(`host ${hostname} must resolve to an address`);
      return addresses;
    } catch (error) {
      if (error instanceof CallbackHostUnresolvedError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new CallbackHostUnresolvedError(`host ${hostname} must resolve to an address (${code})`);
    } finally {
      clearTimeout(timer);
    }
  }
}
