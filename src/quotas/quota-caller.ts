import { normalizeIp } from '@nestjs/throttler';
import { CALLER_PROPERTY, type Caller } from '../auth/caller.js';
import { Role } from '../auth/role.js';

/** The Caller the authentication guard set on an HTTP request, or undefined (a public route called without a key). */
export function callerOfRequest(request: Record<string, unknown>): Caller | undefined {
  return request[CALLER_PROPERTY] as Caller | undefined;
}

/**
 * Who a quota is counted for: `key:<keyId>` for an API key, else `ip:<address>` (an API running
 * open, or a public route called without a key). IPv6 addresses count per /64, as one host usually
 * holds a whole /64.
 * @param ip the client address as Express reports it (`request.ip`); empty when unknown.
 */
export function quotaTrackerOf(caller: Caller | undefined, ip: string | undefined): string {
  if (caller?.keyId) return `key:${caller.keyId}`;
  const address = caller?.ip || ip || '';
  return `ip:${address ? normalizeIp(address) : 'unknown'}`;
}

/** How a refusal names the counted caller: `per API key` or `per client address`. */
export function trackerWords(caller: Caller | undefined): string {
  return caller?.keyId ? 'per API key' : 'per client address';
}

/**
 * Whether `caller` is exempt from every quota: an admin API key, when `exemptAdmin`. An API running
 * open treats its callers as admin but without a key: they are never exempt (they count per IP).
 */
export function isQuotaExempt(caller: Caller | undefined, exemptAdmin: boolean): boolean {
  return exemptAdmin && !!caller?.keyId && caller.role === Role.Admin;
}
