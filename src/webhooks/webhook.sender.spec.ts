import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpService } from '@nestjs/axios';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookSettings } from '../config/webhooks.config.js';
import { CallbackUrlPolicy, type Resolver } from './callback-url.policy.js';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from './webhook-signature.js';
import { outcomeKindOf, WebhookSender } from './webhook.sender.js';

const SECRET = 'sender-spec-secret-0123456789abcdef';

/** A receiver on 127.0.0.1 answering by path; it records every request it gets. */
interface Received {
  path: string;
  method: string;
  headers: IncomingMessage['headers'];
  body: string;
}

function settings(over: Partial<WebhookSettings> = {}): WebhookSettings {
  return {
    secret: SECRET,
    allowedHosts: new Set(),
    maxAttempts: 3,
    backoffBaseMs: 10,
    backoffMaxMs: 100,
    timeoutMs: 2000,
    concurrency: 1,
    ...over,
  };
}

function senderWith(s: WebhookSettings, resolver?: Resolver): { sender: WebhookSender; policy: CallbackUrlPolicy } {
  const policy = new CallbackUrlPolicy(s, resolver);
  return { sender: new WebhookSender(new HttpService(axios.create()), policy, s), policy };
}

describe('WebhookSender', () => {
  let server: Server;
  let port: number;
  const received: Received[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ path: req.url ?? '', method: req.method ?? '', headers: req.headers, body });
        const status = Number(/^\/status\/(\d+)/.exec(req.url ?? '')?.[1] ?? 200);
        if (req.url === '/slow') return; // never answers
        if (req.url === '/redirect') {
          res.writeHead(302, { location: `http://127.0.0.1:${port}/status/200?followed` }).end();
          return;
        }
        if (req.url === '/huge') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          const chunk = Buffer.alloc(64 * 1024, 'x');
          const pump = (): void => {
            while (res.write(chunk));
            res.once('drain', pump);
          };
          res.once('close', () => res.off('drain', pump));
          pump();
          return;
        }
        const headers: Record<string, string> = { 'content-type': 'text/plain' };
        if (req.url?.includes('retry-after=')) headers['retry-after'] = req.url.split('retry-after=')[1]!;
        res.writeHead(status, headers).end('answer');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const since = (n: number) => received.slice(n);

  it('POSTs the body as JSON, signed over "<timestamp>.<body>", with the delivery id and attempt', async () => {
    const { sender } = senderWith(settings({ allowedHosts: new Set(['127.0.0.1']) }));
    const before = received.length;
    const body = JSON.stringify({ hello: 'wörld' });
    const outcome = await sender.post({ url: `http://127.0.0.1:${port}/status/204`, body, deliveryId: 'd-a1', attempt: 2 });
    expect(outcome).toEqual({ kind: 'delivered', status: 204, error: null });
    const [got] = since(before);
    expect(got!.body).toBe(body);
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers[WEBHOOK_HEADERS.id]).toBe('d-a1');
    expect(got!.headers[WEBHOOK_HEADERS.attempt]).toBe('2');
    const timestamp = got!.headers[WEBHOOK_HEADERS.timestamp] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(verifyWebhookSignature(SECRET, timestamp, got!.body, got!.headers[WEBHOOK_HEADERS.signature] as string)).toBe(true);
    expect(got!.method).toBe('POST');
  });

  it("PUTs when asked (Judge0's callbacks), signed the same way", async () => {
    const { sender } = senderWith(settings({ allowedHosts: new Set(['127.0.0.1']) }));
    const before = received.length;
    const body = JSON.stringify({ token: 't', status: { id: 3, description: 'Accepted' } });
    const outcome = await sender.post({ url: `http://127.0.0.1:${port}/status/200`, method: 'PUT', body, deliveryId: 'd-a1', attempt: 1 });
    expect(outcome).toEqual({ kind: 'delivered', status: 200, error: null });
    const [got] = since(before);
    expect(got).toMatchObject({ method: 'PUT', body });
    const timestamp = got!.headers[WEBHOOK_HEADERS.timestamp] as string;
    expect(verifyWebhookSignature(SECRET, timestamp, body, got!.headers[WEBHOOK_HEADERS.signature] as string)).toBe(true);
  });

  it('retries 408, 429, 5xx; gives up on other 4xx and on redirects, which it never follows', async () => {
    const { sender } = senderWith(settings({ allowedHosts: new Set(['127.0.0.1']) }));
    const post = (path: string) => sender.post({ url: `http://127.0.0.1:${port}${path}`, body: '{}', deliveryId: 'd', attempt: 1 });
    expect(await post('/status/500')).toEqual({ kind: 'retry', status: 500, error: 'the receiver answered 500' });
    expect((await post('/status/503')).kind).toBe('retry');
    expect((await post('/status/408')).kind).toBe('retry');
    expect((await post('/status/429')).kind).toBe('retry');
    expect(await post('/status/429?retry-after=7')).toEqual({
      kind: 'retry',
      status: 429,
      error: 'the receiver answered 429',
      retryAfterMs: 7000,
    });
    expect(await post('/status/410')).toEqual({ kind: 'failed', status: 410, error: 'the receiver answered 410' });
    const before = received.length;
    expect(await post('/redirect')).toEqual({
      kind: 'failed',
      status: 302,
      error: 'the receiver answered 302 (redirects are not followed)',
    });
    expect(since(before).map((r) => r.path)).toEqual(['/redirect']);
    expect([200, 299, 301, 400, 404, 408, 429, 500, 599].map(outcomeKindOf)).toEqual([
      'delivered',
      'delivered',
      'failed',
      'failed',
      'failed',
      'retry',
      'retry',
      'retry',
      'retry',
    ]);
  });

  it('bounds an attempt in time and never reads the response body', async () => {
    const { sender } = senderWith(settings({ allowedHosts: new Set(['127.0.0.1']), timeoutMs: 300 }));
    const started = performance.now();
    expect(await sender.post({ url: `http://127.0.0.1:${port}/slow`, body: '{}', deliveryId: 'd', attempt: 1 })).toEqual({
      kind: 'retry',
      status: null,
      error: 'timed out after 300 ms',
    });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await sender.post({ url: `http://127.0.0.1:${port}/huge`, body: '{}', deliveryId: 'd', attempt: 1 })).toMatchObject({
      kind: 'delivered',
      status: 200,
    });
  });

  it('retries a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { sender } = senderWith(settings({ allowedHosts: new Set(['127.0.0.1']) }));
    expect(await sender.post({ url: `http://127.0.0.1:${closedPort}/`, body: '{}', deliveryId: 'd', attempt: 1 })).toMatchObject({
      kind: 'retry',
      status: null,
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('refuses loopback literals that are not allow-listed, without connecting', async () => {
    const { sender } = senderWith(settings());
    const before = received.length;
    for (const host of ['127.0.0.1', '[::1]', '[::ffff:127.0.0.1]']) {
      const outcome = await sender.post({ url: `http://${host}:${port}/status/200`, body: '{}', deliveryId: 'd', attempt: 1 });
      expect(outcome.kind, host).toBe('failed');
      expect(outcome.error, host).toMatch(/^callbackUrl must not lead to an? (loopback|IPv4-mapped IPv6) address/);
    }
    expect(since(before)).toEqual([]);
  });

  it('connects only to the address it checked: a DNS answer rebound to loopback after acceptance is refused', async () => {
    let lookups = 0;
    // The first answer (at acceptance) is public, every later one (at connection time) is loopback.
    const rebinding: Resolver = async () => [{ address: lookups++ === 0 ? '93.184.215.14' : '127.0.0.1', family: 4 }];
    const { sender, policy } = senderWith(settings(), rebinding);
    const url = `http://rebind.test:${port}/status/200`;
    expect(await policy.problems(url)).toEqual([]);
    const before = received.length;
    const outcome = await sender.post({ url, body: '{}', deliveryId: 'd', attempt: 1 });
    expect(outcome).toEqual({
      kind: 'failed',
      status: null,
      error:
        'callbackUrl must not lead to a loopback address (127.0.0.0/8, RFC 1122) (rebind.test resolves to 127.0.0.1); ' +
        'an operator may allow the host in WEBHOOK_ALLOWED_HOSTS',
    });
    expect(since(before)).toEqual([]);
    expect(lookups).toBe(2);
  });

  it("connects to the guard's own answer for an allow-listed name, and retries a name that does not resolve", async () => {
    const resolver: Resolver = async (name) => {
      if (name === 'hooks.internal') return [{ address: '127.0.0.1', family: 4 }];
      throw Object.assign(new Error('no such host'), { code: 'ENOTFOUND' });
    };
    const { sender } = senderWith(settings({ allowedHosts: new Set(['hooks.internal']) }), resolver);
    const before = received.length;
    expect(await sender.post({ url: `http://hooks.internal:${port}/status/200`, body: '{}', deliveryId: 'd', attempt: 1 })).toMatchObject({
      kind: 'delivered',
    });
    expect(since(before)).toHaveLength(1);
    expect(await sender.post({ url: `http://nowhere.test:${port}/`, body: '{}', deliveryId: 'd', attempt: 1 })).toEqual({
      kind: 'retry',
      status: null,
      error: 'callbackUrl host nowhere.test must resolve to an address (ENOTFOUND)',
    });
  });

  it('sends nothing without a secret', async () => {
    const { sender } = senderWith(settings({ secret: null, allowedHosts: new Set(['127.0.0.1']) }));
    expect(await sender.post({ url: `http://127.0.0.1:${port}/`, body: '{}', deliveryId: 'd', attempt: 1 })).toEqual({
      kind: 'failed',
      status: null,
      error: 'webhooks are off: WEBHOOK_SECRET is not set',
    });
  });
});
