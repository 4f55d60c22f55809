/**
 * Webhooks end to end (docs/webhooks.md), with the real API, worker, Redis and FerretDB: a receiver in
 * this test (node:http on 127.0.0.1, reached through WEBHOOK_ALLOWED_HOSTS) checks every signature and
 * answers 500 twice per delivery before 200; each submission gets exactly one successful delivery, also
 * when the worker (which runs the sender) is SIGKILLed between two attempts and started again; the
 * delivery is recorded and shown in GET /submissions/:id. Callback URLs leading to loopback, private or
 * metadata addresses are refused with 400 when their host is not allow-listed, and every callback URL
 * is refused by a deployment without WEBHOOK_SECRET.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../libs/contracts/index.js';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from '../src/webhooks/webhook-signature.js';
import type { WebhookPayload } from '../src/webhooks/webhook-payload.js';
import { watchEvents, type EventWatch } from './support/events.js';
import { request, type ErrorBody } from './support/http.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

const SECRET = 'e2e-webhook-secret-0123456789abcdefghij';
const APLUSB = 'a, b = map(int, input().split())\nprint(a + b)\n';

/** One request the receiver got, and what it answered. */
interface Hit {
  deliveryId: string;
  attempt: number;
  signed: boolean;
  answered: number;
  at: number;
  payload: WebhookPayload;
}

/** A webhook receiver answering 500 to the first `failures` requests of each delivery id, then 200. */
async function startReceiver(failures: number): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const deliveryId = String(req.headers[WEBHOOK_HEADERS.id]);
      const signed = verifyWebhookSignature(
        SECRET,
        req.headers[WEBHOOK_HEADERS.timestamp] as string | undefined,
        body,
        req.headers[WEBHOOK_HEADERS.signature] as string | undefined,
      );
      const seen = hits.filter((h) => h.deliveryId === deliveryId).length;
      const answered = !signed ? 401 : seen < failures ? 500 : 200;
      hits.push({
        deliveryId,
        attempt: Number(req.headers[WEBHOOK_HEADERS.attempt]),
        signed,
        answered,
        at: Date.now(),
        payload: JSON.parse(body) as WebhookPayload,
      });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const getView = async (api: StartedApi, id: string) => (await request<SubmissionView>(api.url, 'GET', `/submissions/${id}`)).body;

describe('webhooks', () => {
  const env = {
    ...testServices('webhooks'),
    SANDBOX_UID_BASE: '63300',
    WEBHOOK_SECRET: SECRET,
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    // Retries 1–2 s, then 2–4 s after a failure: room to kill the sender between two attempts.
    WEBHOOK_BACKOFF_BASE_MS: '2000',
    WEBHOOK_BACKOFF_MAX_MS: '4000',
    WEBHOOK_MAX_ATTEMPTS: '5',
  };
  let api: StartedApi;
  let worker: StartedProcess;
  let watch: EventWatch;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver(2);
    watch = await watchEvents(env.REDIS_URL);
    worker = await startWorker(env);
    api = await startApi(env);
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await watch?.close();
    await receiver?.close();
  });

  const submit = async (callbackUrl: string) => {
    const created = await request<{ id: string }>(api.url, 'POST', '/submissions', {
      language: 'python3',
      sourceCode: APLUSB,
      testCases: [{ input: '1 2\n', expectedOutput: '3\n' }],
      callbackUrl,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  };

  const delivered = (id: string) => receiver.hits.filter((h) => h.payload.submission.id === id && h.answered === 200);

  it('POSTs each result signed, retries the 500s, and delivers exactly once per submission', async () => {
    const ids = await Promise.all([1, 2, 3].map(() => submit(receiver.url)));
    for (const id of ids) {
      await watch.finished(id);
      await expect.poll(() => delivered(id).length, { timeout: 30_000, interval: 100 }).toBe(1);
    }
    // Nothing more arrives once delivered.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const id of ids) {
      const hits = receiver.hits.filter((h) => h.payload.submission.id === id);
      expect(hits.map((h) => [h.attempt, h.answered, h.signed])).toEqual([
        [1, 500, true],
        [2, 500, true],
        [3, 200, true],
      ]);
      expect(new Set(hits.map((h) => h.deliveryId))).toEqual(new Set([`${id}-a1`]));
      expect(hits[2]!.payload).toMatchObject({
        type: 'submission.finished',
        deliveryId: `${id}-a1`,
        judgingAttempt: 1,
        submission: { id, status: 'finished', verdict: 'AC', testCount: 1 },
      });
      expect(hits[2]!.payload.submission).not.toHaveProperty('delivery');
      // Waited between attempts: at least half of each backoff ceiling (1 s, then 2 s).
      expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(900);
      expect(hits[2]!.at - hits[1]!.at).toBeGreaterThanOrEqual(1900);

      const view = await getView(api, id);
      expect(view.delivery).toMatchObject({ id: `${id}-a1`, state: 'delivered', attempts: 3, lastStatus: 200, lastError: null });
      expect(Date.parse(view.delivery!.deliveredAt!)).toBeGreaterThanOrEqual(hits[2]!.at - 1000);
      expect(view).not.toHaveProperty('callbackUrl');
    }
  });

  it("delivers a problem's default callbackUrl for submissions that give none", async () => {
    const problem = await request<{ id: string; callbackUrl: string | null }>(api.url, 'POST', '/problems', {
      slug: 'hooked',
      title: 'A + B',
      callbackUrl: receiver.url,
      groups: [{ name: 'secret', testCases: [{ input: '2 3\n', answer: '5\n' }] }],
    });
    expect(problem.status, JSON.stringify(problem.body)).toBe(201);
    expect(problem.body.callbackUrl).toBe(receiver.url);
    const created = await request<{ id: string }>(api.url, 'POST', '/submissions', {
      language: 'python3',
      sourceCode: APLUSB,
      problemId: problem.body.id,
    });
    expect(created.status).toBe(201);
    await expect.poll(() => delivered(created.body.id).length, { timeout: 30_000, interval: 100 }).toBe(1);
    expect(delivered(created.body.id)[0]!.payload.submission).toMatchObject({ problemId: problem.body.id, verdict: 'AC' });
  });

  it('loses nothing and repeats no success when the sender is killed between two attempts', async () => {
    const id = await submit(receiver.url);
    await watch.finished(id);
    // The first attempt got its 500 and is recorded: the retry now waits in Redis as a delayed job.
    await expect
      .poll(async () => (await getView(api, id)).delivery, { timeout: 20_000, interval: 50 })
      .toMatchObject({ attempts: 1, state: 'pending', lastStatus: 500, lastError: 'the receiver answered 500' });
    await worker.kill();
    const whileDead = receiver.hits.filter((h) => h.payload.submission.id === id).length;
    expect(whileDead).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(receiver.hits.filter((h) => h.payload.submission.id === id)).toHaveLength(1);

    worker = await startWorker(env);
    await expect.poll(() => delivered(id).length, { timeout: 60_000, interval: 100 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const hits = receiver.hits.filter((h) => h.payload.submission.id === id);
    expect(hits.map((h) => h.answered)).toEqual([500, 500, 200]);
    expect(hits.every((h) => h.signed && h.deliveryId === `${id}-a1`)).toBe(true);
    expect((await getView(api, id)).delivery).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200 });
  });

  describe('refusals', () => {
    let guarded: StartedApi;
    let unsigned: StartedApi;

    beforeAll(async () => {
      // Same services and worker, without the allow-list / without a secret.
      [guarded, unsigned] = await Promise.all([
        startApi({ ...env, WEBHOOK_ALLOWED_HOSTS: '' }),
        startApi({ ...env, WEBHOOK_SECRET: '', WEBHOOK_ALLOWED_HOSTS: '' }),
      ]);
    });

    afterAll(async () => {
      await Promise.all([guarded?.stop(), unsigned?.stop()]);
    });

    const post = (target: StartedApi, callbackUrl: string) =>
      request<ErrorBody>(target.url, 'POST', '/submissions', { language: 'python3', sourceCode: APLUSB, callbackUrl });

    it.each([
      ['http://127.0.0.1:9/hook', 'a loopback address (127.0.0.0/8'],
      ['http://[::1]:9/hook', 'a loopback address (::1/128'],
      ['http://10.0.0.1/hook', 'a private address (10.0.0.0/8'],
      ['http://169.254.169.254/latest/meta-data/', 'a metadata address (169.254.169.254/32'],
      ['http://localhost:9/hook', 'a loopback address'],
    ])('refuses %s when its host is not allow-listed', async (url, words) => {
      const refused = await post(guarded, url);
      expect(refused.status).toBe(400);
      expect(refused.body.message).toEqual(expect.stringContaining(`callbackUrl must not lead to ${words}`));
    });

    it('refuses a name resolving to loopback and ::1 even where 127.0.0.1 is allow-listed', async () => {
      for (const url of ['http://localhost:9/hook', 'http://[::1]:9/hook']) {
        const refused = await post(api, url);
        expect(refused.status, url).toBe(400);
        expect(refused.body.message, url).toMatch(/^callbackUrl must not lead to a loopback address/);
      }
    });

    it('refuses every callbackUrl where the deployment has no WEBHOOK_SECRET, and stores nothing', async () => {
      const refused = await post(unsigned, receiver.url);
      expect(refused).toMatchObject({
        status: 400,
        body: { message: 'callbackUrl is not accepted: this server sends no webhooks until its operator sets WEBHOOK_SECRET' },
      });
      const page = await request<{ items: SubmissionView[] }>(unsigned.url, 'GET', '/submissions?limit=100');
      expect(page.body.items).toHaveLength(5);
    });
  });
});
