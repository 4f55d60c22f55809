import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { webhooksConfig, type WebhookSettings } from '../config/webhooks.config.js';
import { CallbackAddressRefusedError, CallbackHostUnresolvedError, CallbackUrlPolicy } from './callback-url.policy.js';
import { retryAfterMs } from './retry-delay.js';
import { WEBHOOK_HEADERS, webhookSignature } from './webhook-signature.js';

/** One HTTP attempt of a delivery. */
export interface WebhookRequest {
  /** A callback URL accepted by CallbackUrlPolicy (it is checked again here). */
  url: string;
  /** The JSON text to send, sent and signed byte for byte. */
  body: string;
  /** `POST` (Verdict's deliveries, the default) or `PUT` (Judge0's callbacks). */
  method?: 'POST' | 'PUT';
  /** Stable across retries (sent as `verdict-webhook-id`). */
  deliveryId: string;
  /** 1-based HTTP attempt number (sent as `verdict-webhook-attempt`). */
  attempt: number;
}

/**
 * What one attempt came to:
 * - `delivered`: the receiver answered 2xx;
 * - `retry`: worth another attempt: 408, 429, 5xx, a timeout, a network error, a host that did not resolve;
 * - `failed`: another attempt would not help: any other status (3xx included: redirects are never
 *   followed), or a URL the address guard refuses.
 * `status` is the receiver's HTTP status, null when there was no answer; `error` says what went wrong.
 */
export type WebhookOutcome =
  | { kind: 'delivered'; status: number; error: null }
  | { kind: 'failed'; status: number | null; error: string }
  /** `retryAfterMs`: the receiver's `Retry-After` (429, 503, …), ms, when it sent one. */
  | { kind: 'retry'; status: number | null; error: string; retryAfterMs?: number };

/** `delivered`, `retry` or `failed` for an HTTP status (see WebhookOutcome). */
export function outcomeKindOf(status: number): WebhookOutcome['kind'] {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'failed';
}

/** The first error in `error`'s `cause` chain (axios wraps socket errors) that is an instance of `type`. */
function causeOf<T extends Error>(error: unknown, type: new (...args: never[]) => T): T | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof type) return e;
  }
  return null;
}

/** A socket error's words for `lastError`: `ECONNREFUSED`, `timed out after 10000 ms`, … (never the body). */
function networkError(error: unknown, timeoutMs: number): string {
  const e = error as { code?: string; message?: string; name?: string };
  if (e.name === 'CanceledError' || e.code === 'ERR_CANCELED' || e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT') {
    return `timed out after ${timeoutMs} ms`;
  }
  return (e.code ? `${e.code}: ` : '') + (e.message ?? 'request failed').slice(0, 300);
}

/**
 * Sends one webhook attempt: `POST url` (or `PUT`) with the JSON `body`, signed (WEBHOOK_HEADERS), through
 * @nestjs/axios. Reusable by any feature that delivers a signed JSON body to a callback URL; the queue
 * of deliveries (retries, records) is WebhookDeliveryProcessor's.
 *
 * Bounds: the address guard (CallbackUrlPolicy) on the URL and on every connection (the agents'
 * `lookup` resolves once and hands the socket the checked address, so DNS rebinding cannot swap it);
 * no redirects (`maxRedirects: 0`; a 3xx is `failed`); no proxy from the environment; one attempt ends
 * after WEBHOOK_TIMEOUT_MS at the latest, once the status line and headers are in (the body is never
 * read: the stream is destroyed, so its size does not matter; headers are bounded by Node's 16 KiB).
 * Never throws: every failure is an outcome.
 */
@Injectable()
export class WebhookSender implements OnModuleDestroy {
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;

  constructor(
    private readonly http: HttpService,
    private readonly policy: CallbackUrlPolicy,
    @Inject(webhooksConfig.KEY) private readonly settings: WebhookSettings,
  ) {
    const lookup = guardedLookup(policy);
    // No keep-alive: every attempt resolves (and checks) its host afresh.
    this.httpAgent = new HttpAgent({ lookup, keepAlive: false });
    this.httpsAgent = new HttpsAgent({ lookup, keepAlive: false });
  }

  onModuleDestroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /**
   * One attempt of `request` (see the class comment for its bounds).
   * @returns its outcome; never rejects.
   */
  async post(request: WebhookRequest): Promise<WebhookOutcome> {
    const { secret, timeoutMs } = this.settings;
    if (secret === null) return { kind: 'failed', status: null, error: 'webhooks are off: WEBHOOK_SECRET is not set' };
    const url = this.policy.shapeProblem(request.url, 'callbackUrl');
    if (typeof url === 'string') return { kind: 'failed', status: null, error: url };
    const timestampSec = Math.floor(Date.now() / 1000);
    try {
      // An IP literal never reaches the agents' lookup: check it here (no DNS, so nothing can change it later).
      if (isIP(url.hostname.replace(/^\[(.*)\]$/, '$1')) !== 0) await this.policy.checkedAddresses(url.hostname);
      const response = await firstValueFrom(
        this.http.request<Readable>({
          method: request.method ?? 'POST',
          url: url.href,
          data: request.body,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Verdict-Webhooks/1',
            [WEBHOOK_HEADERS.id]: request.deliveryId,
            [WEBHOOK_HEADERS.timestamp]: String(timestampSec),
            [WEBHOOK_HEADERS.attempt]: String(request.attempt),
            [WEBHOOK_HEADERS.signature]: webhookSignature(secret, timestampSec, request.body),
          },
          httpAgent: this.httpAgent,
          httpsAgent: this.httpsAgent,
          maxRedirects: 0,
          proxy: false,
          responseType: 'stream',
          decompress: false,
          validateStatus: () => true,
          timeout: timeoutMs,
          signal: AbortSignal.timeout(timeoutMs),
          // The request body is ours (bounded by the submission view); the response body is never read.
          maxBodyLength: Infinity,
        }),
      );
      response.data.destroy();
      const kind = outcomeKindOf(response.status);
      if (kind === 'delivered') return { kind, status: response.status, error: null };
      const location = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
      const error = `the receiver answered ${response.status}${location}`;
      if (kind === 'failed') return { kind, status: response.status, error };
      const header = response.headers['retry-after'] as unknown;
      const asked = retryAfterMs(typeof header === 'string' ? header : undefined);
      return { kind, status: response.status, error, ...(asked !== null ? { retryAfterMs: asked } : {}) };
    } catch (error) {
      const refused = causeOf(error, CallbackAddressRefusedError);
      if (refused) return { kind: 'failed', status: null, error: `callbackUrl ${refused.message}` };
      const unresolved = causeOf(error, CallbackHostUnresolvedError);
      if (unresolved) return { kind: 'retry', status: null, error: `callbackUrl ${unresolved.message}` };
      return { kind: 'retry', status: null, error: networkError(error, timeoutMs) };
    }
  }
}

/**
 * An agent `lookup` that resolves through the address guard (`CallbackUrlPolicy.checkedAddresses`):
 * the socket connects to an address checked in the same call, never to a second DNS answer.
 * Node connects to IP literals without calling `lookup`; `WebhookSender.post` checks those itself.
 */
export function guardedLookup(policy: CallbackUrlPolicy): LookupFunction {
  return (hostname, options, callback) => {
    policy.checkedAddresses(hostname).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (wanted.length === 0) {
          callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: 'ENOTFOUND' }), '', 0);
        } else if (options.all) {
          callback(null, wanted);
        } else {
          callback(null, wanted[0]!.address, wanted[0]!.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
