/**
 * Judge0 callbacks end to end (docs/judge0.md, "callback_url"), with the real API, worker, Redis and
 * FerretDB: a receiver in this test (node:http on 127.0.0.1, reached through WEBHOOK_ALLOWED_HOSTS)
 * gets exactly one PUT per finished Judge0 submission (single and batched), its body the submission's
 * default attributes in Judge0's shape, Base64-encoded as Judge0 sends callbacks, equal to
 * `GET /judge0/submissions/:token?base64_encoded=true`, signed with Verdict's headers; the receiver
 * answers 500 to each first attempt, so each delivery is retried once and recorded (attempts 2) in
 * Verdict's own `GET /submissions/:id`. A callback_url leading to a metadata, loopback or private
 * address is refused with Judge0's 422 naming `callback_url`; a deployment without WEBHOOK_SECRET
 * refuses every callback_url and says `enable_callbacks: false`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../libs/contracts/index.js';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from '../src/webhooks/webhook-signature.js';
import { request } from './support/http.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

const SECRET = 'e2e-judge0-callback-secret-0123456789abcdef';
const A_PLUS_B = 'a, b = map(int, input().split())\nprint(a + b)\n';
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** One request the receiver got, and what it answered. */
interface Hit {
  method: string;
  path: string;
  deliveryId: string;
  attempt: number;
  signed: boolean;
  answered: number;
  raw: string;
  body: Record<string, unknown>;
}

/** A receiver answering 500 to the first request of each delivery id, then 204. */
async function startReceiver(): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const deliveryId = String(req.headers[WEBHOOK_HEADERS.id]);
      const signed = verifyWebhookSignature(
        SECRET,
        req.headers[WEBHOOK_HEADERS.timestamp] as string | undefined,
        raw,
        req.headers[WEBHOOK_HEADERS.signature] as string | undefined,
      );
      const answered = hits.some((h) => h.deliveryId === deliveryId) ? 204 : 500;
      hits.push({
        method: req.method ?? '',
        path: req.url ?? '',
        deliveryId,
        attempt: Number(req.headers[WEBHOOK_HEADERS.attempt]),
        signed,
        answered,
        raw,
        body: JSON.parse(raw) as Record<string, unknown>,
      });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/judge0-hook`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Judge0 callbacks', () => {
  const env = {
    ...testServices('judge0-callbacks'),
    SANDBOX_UID_BASE: '63500',
    WEBHOOK_SECRET: SECRET,
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_BACKOFF_BASE_MS: '200',
    WEBHOOK_BACKOFF_MAX_MS: '400',
    WEBHOOK_MAX_ATTEMPTS: '4',
    WEBHOOK_TIMEOUT_MS: '5000',
  };
  let api: StartedApi;
  let unsigned: StartedApi;
  let worker: StartedProcess;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let base: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    worker = await startWorker(env);
    [api, unsigned] = await Promise.all([startApi(env), startApi({ ...env, WEBHOOK_SECRET: '' })]);
    base = `${api.url}/judge0`;
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), unsigned?.stop()]);
    await worker?.stop();
    await receiver?.close();
  });

  const hitsFor = (token: string) => receiver.hits.filter((h) => h.body.token === token);
  const delivered = (token: string) => hitsFor(token).filter((h) => h.answered === 204);

  it('GET /config_info: enable_callbacks with the webhook settings; false without WEBHOOK_SECRET', async () => {
    const info = await request<Record<string, unknown>>(base, 'GET', '/config_info');
    expect(info.body).toMatchObject({ enable_callbacks: true, callbacks_max_tries: 4, callbacks_timeout: 5 });
    const off = await request<Record<string, unknown>>(`${unsigned.url}/judge0`, 'GET', '/config_info');
    expect(off.body).toMatchObject({ enable_callbacks: false, callbacks_max_tries: 0, callbacks_timeout: 0 });
  });

  it('PUTs each finished submission once, in Judge0’s shape, Base64-encoded, and records the delivery', async () => {
    const plain = await request<{ token: string }>(base, 'POST', '/submissions', {
      source_code: A_PLUS_B,
      language_id: 71,
      stdin: '1 2',
      expected_output: '3',
      callback_url: receiver.url,
    });
    expect(plain.status, JSON.stringify(plain.body)).toBe(201);
    const encoded = await request<{ token: string }>(base, 'POST', '/submissions?base64_encoded=true', {
      source_code: b64(A_PLUS_B),
      language_id: 71,
      stdin: b64('2 2'),
      expected_output: b64('5'),
      callback_url: `${receiver.url}?which=encoded`,
    });
    expect(encoded.status, JSON.stringify(encoded.body)).toBe(201);
    const batch = await request<{ token: string }[]>(base, 'POST', '/submissions/batch', {
      submissions: [
        { source_code: A_PLUS_B, language_id: 71, stdin: '3 4', callback_url: receiver.url },
        { source_code: 'print(', language_id: 71, callback_url: receiver.url },
      ],
    });
    expect(batch.status, JSON.stringify(batch.body)).toBe(201);
    const expected: [string, Record<string, unknown>][] = [
      [plain.body.token, { stdout: b64('3\n'), status: { id: 3, description: 'Accepted' } }],
      [encoded.body.token, { stdout: b64('4\n'), status: { id: 4, description: 'Wrong Answer' } }],
      [batch.body[0]!.token, { stdout: b64('7\n'), status: { id: 3, description: 'Accepted' } }],
      [batch.body[1]!.token, { stdout: null, compile_output: expect.any(String), status: { id: 6, description: 'Compilation Error' } }],
    ];
    for (const [token] of expected) {
      await expect.poll(() => delivered(token).length, { timeout: 60_000, interval: 100 }).toBe(1);
    }
    // Nothing more arrives once delivered.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const [token, fields] of expected) {
      const hits = hitsFor(token);
      expect(hits.map((h) => [h.method, h.attempt, h.answered, h.signed])).toEqual([
        ['PUT', 1, 500, true],
        ['PUT', 2, 204, true],
      ]);
      const body = hits[1]!.body;
      expect(Object.keys(body).sort()).toEqual(['compile_output', 'memory', 'message', 'status', 'stderr', 'stdout', 'time', 'token']);
      expect(body).toMatchObject({ token, ...fields });
      // The same JSON as GET with base64_encoded=true (Judge0 encodes callbacks whatever the request said).
      const shown = await request<Record<string, unknown>>(base, 'GET', `/submissions/${token}?base64_encoded=true`);
      expect(body).toEqual(shown.body);

      const [submissionId] = hits[1]!.deliveryId.split('-a');
      expect(hits[1]!.deliveryId).toBe(`${submissionId}-a1`);
      const view = await request<SubmissionView>(api.url, 'GET', `/submissions/${submissionId}`);
      expect(view.body.delivery).toMatchObject({
        id: `${submissionId}-a1`,
        state: 'delivered',
        attempts: 2,
        lastStatus: 204,
        lastError: null,
      });
    }
    expect(hitsFor(encoded.body.token)[0]!.path).toBe('/judge0-hook?which=encoded');
    // stdout was asked for in plain text, and Judge0 still sends it Base64-encoded.
    expect(Buffer.from(String(delivered(plain.body.token)[0]!.body.stdout), 'base64').toString('utf8')).toBe('3\n');
  });

  it('sends nothing for a submission without callback_url', async () => {
    const res = await request<Record<string, unknown>>(base, 'POST', '/submissions?wait=true', {
      source_code: A_PLUS_B,
      language_id: 71,
      stdin: '5 5',
    });
    expect(res.body).toMatchObject({ stdout: '10\n', status: { id: 3 } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(hitsFor(res.body.token as string)).toEqual([]);
  });

  describe('refusals', () => {
    const source = { source_code: A_PLUS_B, language_id: 71 };

    it.each([
      ['http://169.254.169.254/latest/meta-data/', 'a metadata address (169.254.169.254/32'],
      ['http://localhost:9/hook', 'a loopback address'],
      ['http://10.0.0.1/hook', 'a private address (10.0.0.0/8'],
    ])('422 for callback_url %s, naming the field', async (url, words) => {
      const refused = await request<Record<string, string[]>>(base, 'POST', '/submissions', { ...source, callback_url: url });
      expect(refused.status).toBe(422);
      expect(Object.keys(refused.body)).toEqual(['callback_url']);
      expect(refused.body.callback_url).toEqual([expect.stringContaining(`must not lead to ${words}`)]);
    });

    it('refuses the element of a batch, creating the others', async () => {
      const res = await request<Record<string, unknown>[]>(base, 'POST', '/submissions/batch', {
        submissions: [
          { ...source, stdin: '1 1', callback_url: 'http://169.254.169.254/' },
          { ...source, stdin: '1 1' },
        ],
      });
      expect(res.status).toBe(201);
      expect(res.body[0]).toEqual({ callback_url: [expect.stringContaining('must not lead to a metadata address')] });
      expect(res.body[1]).toEqual({ token: expect.any(String) });
    });

    it('refuses every callback_url where the deployment has no WEBHOOK_SECRET', async () => {
      const refused = await request<Record<string, string[]>>(`${unsigned.url}/judge0`, 'POST', '/submissions', {
        ...source,
        callback_url: receiver.url,
      });
      expect(refused).toMatchObject({
        status: 422,
        body: { callback_url: ['is not accepted: this server sends no webhooks until its operator sets WEBHOOK_SECRET'] },
      });
    });
  });
});
