import { isIP } from 'node:net';
import { IsInt, Matches, Max, Min, ValidateIf } from 'class-validator';
import { defineConfig } from './define-config.js';
import { NotGreaterThan } from './not-greater-than.decorator.js';

/**
 * Webhooks: where `callbackUrl` deliveries may go, how they are signed and retried (docs/webhooks.md).
 * Both processes load it: the API checks callback URLs when it accepts a submission, the worker sends.
 */
export class WebhooksEnv {
  /**
   * HMAC-SHA256 key signing every delivery, at least 32 characters. Empty (the default): webhooks are
   * off and `POST /submissions` refuses a `callbackUrl` with 400, so nothing is ever sent unsigned.
   * A secret, never logged: validation messages name the variable only.
   */
  @ValidateIf((env: WebhooksEnv) => env.WEBHOOK_SECRET !== '')
  @Matches(/^\S{32,512}$/, { message: 'WEBHOOK_SECRET must be empty or 32 to 512 characters without spaces' })
  WEBHOOK_SECRET: string = '';

  /**
   * Comma-separated hosts (names or IP literals, as written in the URL) exempt from the address guard,
   * e.g. `hooks.internal,10.1.2.3`. Empty: every host must resolve to public addresses only.
   */
  @Matches(/^\s*([A-Za-z0-9.:_[\]-]+(\s*,\s*[A-Za-z0-9.:_[\]-]+)*)?\s*$/, {
    message: 'WEBHOOK_ALLOWED_HOSTS must be a comma-separated list of host names or IP addresses',
  })
  WEBHOOK_ALLOWED_HOSTS: string = '';

  /** HTTP attempts per delivery (the first one included). */
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_MAX_ATTEMPTS: number = 10;

  /** Delay before the first retry, ms; each later retry doubles it (with jitter), up to WEBHOOK_BACKOFF_MAX_MS. */
  @IsInt()
  @Min(10)
  @NotGreaterThan('WEBHOOK_BACKOFF_MAX_MS')
  WEBHOOK_BACKOFF_BASE_MS: number = 2000;

  /** Longest delay between two attempts, ms. */
  @IsInt()
  @Min(10)
  @Max(24 * 3600 * 1000)
  WEBHOOK_BACKOFF_MAX_MS: number = 3600 * 1000;

  /** Time one attempt may take, from connecting to the response's status line and headers, ms. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS: number = 10_000;

  /** Deliveries a worker process sends at once (HTTP only: never a sandbox slot). */
  @IsInt()
  @Min(1)
  @Max(256)
  WEBHOOK_CONCURRENCY: number = 16;
}

/** Typed value of the `webhooks` namespace. */
export interface WebhookSettings {
  /** HMAC key; null when webhooks are off. */
  secret: string | null;
  /** Lower-cased hosts exempt from the address guard. */
  allowedHosts: ReadonlySet<string>;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  timeoutMs: number;
  concurrency: number;
}

/**
 * An allow-list entry as a URL's host reads after the URL parser: lower-cased, an IPv6 address in its
 * canonical form without brackets (`0:0::1` → `::1`), so it compares equal to `new URL(…).hostname`.
 */
export function allowListEntry(entry: string): string {
  const host = entry
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return isIP(host) === 6 ? new URL(`http://[${host}]/`).hostname.slice(1, -1) : host;
}

/** `webhooks` namespace. */
export const webhooksConfig = defineConfig('webhooks', WebhooksEnv, (env): WebhookSettings => ({
  secret: env.WEBHOOK_SECRET === '' ? null : env.WEBHOOK_SECRET,
  allowedHosts: new Set(
    env.WEBHOOK_ALLOWED_HOSTS.split(',')
      .filter((h) => h.trim() !== '')
      .map(allowListEntry),
  ),
  maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
  backoffBaseMs: env.WEBHOOK_BACKOFF_BASE_MS,
  backoffMaxMs: env.WEBHOOK_BACKOFF_MAX_MS,
  timeoutMs: env.WEBHOOK_TIMEOUT_MS,
  concurrency: env.WEBHOOK_CONCURRENCY,
}));
