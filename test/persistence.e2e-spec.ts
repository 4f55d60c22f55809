/**
 * The shared persistence and event publishing, in-process against the real MongoDB (or
 * FerretDB) and Redis: every repository write the worker relies on, listing across pages,
 * and the publisher's sequence numbers and wire format.
 */
import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { getConnectionToken } from '@nestjs/mongoose';
import { Types, type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBMISSION_EVENTS_CHANNEL, SubmissionStatus, Verdict, type TestResult } from '../libs/contracts/index.js';
import { createConfigModule } from '../src/config/config.module.js';
import { EventsModule } from '../src/events/events.module.js';
import { SubmissionEventsPublisher } from '../src/events/submission-events.publisher.js';
import { decodeCursor } from '../src/common/cursor-page.js';
import { SubmissionsPersistenceModule } from '../src/persistence/submissions/submissions-persistence.module.js';
import { SubmissionsRepository } from '../src/persistence/submissions/submissions.repository.js';
import { WebhookDeliveriesPersistenceModule } from '../src/persistence/webhook-deliveries/webhook-deliveries-persistence.module.js';
import { WebhookDeliveriesRepository } from '../src/persistence/webhook-deliveries/webhook-deliveries.repository.js';
import { testServices } from './support/stack.js';

const services = testServices('persistence');
const limits = { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 65536, outputKiB: 1024 };

function result(test: number, verdict = Verdict.Accepted): TestResult {
  return {
    test,
    verdict,
    cpuTimeMs: 12,
    wallTimeMs: 15,
    memoryKiB: 3000,
    exitCode: 0,
    signal: null,
    stdout: '3\n',
    stderr: '',
    checkerMessage: null,
  };
}

let app: TestingModule;
let repository: SubmissionsRepository;
let publisher: SubmissionEventsPublisher;
let listener: Redis;
let commands: Redis;

beforeAll(async () => {
  Object.assign(process.env, services);
  Logger.overrideLogger(false);
  app = await Test.createTestingModule({
    imports: [createConfigModule(), SubmissionsPersistenceModule, WebhookDeliveriesPersistenceModule, EventsModule],
  }).compile();
  await app.init();
  repository = app.get(SubmissionsRepository);
  publisher = app.get(SubmissionEventsPublisher);
  listener = new Redis(services.REDIS_URL);
  commands = new Redis(services.REDIS_URL);
  await listener.subscribe(SUBMISSION_EVENTS_CHANNEL);
  // The connection opens in the background; wait for it.
  for (let i = 0; i < 100; i++) {
    try {
      await repository.findView(new Types.ObjectId().toHexString());
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
});

afterAll(async () => {
  listener?.disconnect();
  commands?.disconnect();
  await app
    ?.get<Connection>(getConnectionToken())
    .dropDatabase()
    .catch(() => undefined);
  await app?.close();
});

describe('SubmissionsRepository on the real database', () => {
  it('creates, reads, and walks a submission through a judging, a re-run and a verdict', async () => {
    const id = new Types.ObjectId().toHexString();
    const created = await repository.create({
      id,
      language: 'python3',
      sourceCode: 'print(sum(map(int, input().split())))',
      testCases: [
        { input: '', expectedOutput: null },
        { input: '1 2\n', expectedOutput: '3\n' },
      ],
      limits,
    });
    expect(created).toMatchObject({
      id,
      status: SubmissionStatus.Queued,
      verdict: null,
      testCount: 2,
      tests: [],
      lastSeq: 1,
      startedAt: null,
    });
    expect(await repository.findView(id)).toEqual(created);
    expect(created).not.toHaveProperty('sourceCode');

    expect(await repository.findForJudging(id)).toEqual({
      id,
      language: 'python3',
      sourceCode: 'print(sum(map(int, input().split())))',
      testCases: [
        { input: '', expectedOutput: null },
        { input: '1 2\n', expectedOutput: '3\n' },
      ],
      limits,
      problemId: null,
      attempt: 0,
      fileName: null,
    });

    // Each write allocates the next seq in the same update and returns it.
    expect(await repository.markStarted(id, 0)).toBe(2);
    expect(await repository.storeProgress(id, 1, [{ result: null }])).toBe(3);
    // Consecutive steps stored in one write get one seq each (4 and 5): the last is returned.
    expect(await repository.storeProgress(id, 1, [{ result: result(1) }, { result: result(2, Verdict.WrongAnswer) }])).toBe(5);
    let view = (await repository.findView(id))!;
    expect(view).toMatchObject({ status: SubmissionStatus.Running, lastSeq: 5 });
    expect(view.tests.map((t) => t.test)).toEqual([1, 2]);
    expect(view.tests[0]).toEqual(result(1));
    expect(view.startedAt).not.toBeNull();

    // The worker died; another one starts again: earlier results are cleared.
    expect(await repository.markStarted(id, 1)).toBe(6);
    view = (await repository.findView(id))!;
    expect(view).toMatchObject({ status: SubmissionStatus.Compiling, tests: [], verdict: null, lastSeq: 6 });
    expect((await repository.findForJudging(id))!.attempt).toBe(2);
    // Fenced: a third worker that read attempt 1 loses the start, and the superseded attempt 1 stores nothing.
    expect(await repository.markStarted(id, 1)).toBeNull();
    expect(await repository.storeProgress(id, 1, [{ result: result(3) }])).toBeNull();
    expect(await repository.storeProgress(id, 1, [{ result: null }])).toBeNull();
    expect(await repository.finish(id, { verdict: Verdict.Accepted, message: null }, { attempt: 1 })).toBeNull();
    expect(await repository.findView(id)).toMatchObject({ status: SubmissionStatus.Compiling, tests: [], verdict: null, lastSeq: 6 });

    expect(await repository.finish(id, { verdict: Verdict.CompilationError, message: 'main.py:1: SyntaxError' }, { attempt: 2 })).toEqual({
      seq: 7,
      attempt: 2,
      callbackUrl: null,
      judge0CallbackUrl: null,
    });
    // A webhook of judging 2 reports this state; one of judging 1 is superseded.
    expect(await repository.findFinishedView(id, 2)).toMatchObject({ id, verdict: Verdict.CompilationError, lastSeq: 7 });
    expect(await repository.findFinishedView(id, 1)).toBeNull();
    view = (await repository.findView(id))!;
    expect(view).toMatchObject({
      status: SubmissionStatus.Finished,
      verdict: Verdict.CompilationError,
      message: 'main.py:1: SyntaxError',
      lastSeq: 7,
    });
    expect(view.finishedAt).not.toBeNull();
    // Giving up on a judging never replaces a stored verdict: one final result.
    expect(await repository.finish(id, { verdict: Verdict.InternalError, message: 'gave up' }, 'unfinished')).toBeNull();
    expect(await repository.findView(id)).toMatchObject({ verdict: Verdict.CompilationError, lastSeq: 7 });

    expect(await repository.remove(id)).toBe(true);
    expect(await repository.findView(id)).toBeNull();
    expect(await repository.remove(id)).toBe(false);
  });

  it('keeps a callback URL out of every view, and hands it to the judging that finishes', async () => {
    const id = new Types.ObjectId().toHexString();
    const callbackUrl = 'https://example.com/hook?token=secret';
    await repository.create({
      id,
      language: 'python3',
      sourceCode: 'x',
      testCases: [{ input: '', expectedOutput: null }],
      limits,
      callbackUrl,
    });
    expect(await repository.findView(id)).not.toHaveProperty('callbackUrl');
    expect(await repository.findFinishedView(id, 0)).toBeNull(); // not finished yet
    await repository.markStarted(id, 0);
    expect(await repository.finish(id, { verdict: Verdict.Accepted, message: null }, { attempt: 1 })).toEqual({
      seq: 3,
      attempt: 1,
      callbackUrl,
      judge0CallbackUrl: null,
    });
    expect(await repository.findFinishedView(id, 1)).not.toHaveProperty('callbackUrl');
  });

  it('records webhook deliveries: one per id, attempts counted, the latest judging shown', async () => {
    const deliveries = app.get(WebhookDeliveriesRepository);
    const submissionId = new Types.ObjectId().toHexString();
    expect(await deliveries.latestFor(submissionId)).toBeNull();
    await deliveries.createPending(`${submissionId}-a1`, submissionId, 1);
    await deliveries.createPending(`${submissionId}-a1`, submissionId, 1); // scheduled twice: one record
    await deliveries.recordAttempt(`${submissionId}-a1`, { state: 'pending', lastStatus: 500, lastError: 'the receiver answered 500' });
    expect(await deliveries.latestFor(submissionId)).toMatchObject({
      id: `${submissionId}-a1`,
      state: 'pending',
      attempts: 1,
      lastStatus: 500,
      deliveredAt: null,
    });
    await deliveries.recordAttempt(`${submissionId}-a1`, { state: 'delivered', lastStatus: 204, lastError: null });
    const done = (await deliveries.latestFor(submissionId))!;
    expect(done).toMatchObject({ state: 'delivered', attempts: 2, lastStatus: 204, lastError: null });
    expect(done.deliveredAt).toBe(done.lastAttemptAt);
    await deliveries.createPending(`${submissionId}-a2`, submissionId, 2);
    expect(await deliveries.latestFor(submissionId)).toMatchObject({ id: `${submissionId}-a2`, state: 'pending', attempts: 0 });
    await deliveries.setState(`${submissionId}-a2`, 'superseded', 'not sent');
    expect(await deliveries.latestFor(submissionId)).toMatchObject({ state: 'superseded', lastError: 'not sent' });
    // BullMQ gave up on a job: a pending record becomes failed, a final one stays as it is.
    await deliveries.createPending(`${submissionId}-a3`, submissionId, 3);
    await deliveries.failIfPending(`${submissionId}-a3`, 'gave up: job stalled more than allowable limit');
    expect(await deliveries.latestFor(submissionId)).toMatchObject({
      state: 'failed',
      lastError: 'gave up: job stalled more than allowable limit',
    });
    await deliveries.failIfPending(`${submissionId}-a3`, 'later');
    expect(await deliveries.latestFor(submissionId)).toMatchObject({
      state: 'failed',
      lastError: 'gave up: job stalled more than allowable limit',
    });
    expect(await deliveries.latestFor('nope')).toBeNull();
  });

  it('treats malformed and unknown ids as absent, never as errors', async () => {
    for (const id of ['nope', '', '{"$gt":""}', 'zzzzzzzzzzzzzzzzzzzzzzzz']) {
      expect(await repository.findView(id)).toBeNull();
      expect(await repository.findForJudging(id)).toBeNull();
      expect(await repository.markStarted(id, 0)).toBeNull();
    }
    const unknown = new Types.ObjectId().toHexString();
    expect(await repository.findView(unknown)).toBeNull();
    expect(await repository.finish(unknown, { verdict: Verdict.Accepted, message: null }, 'unfinished')).toBeNull();
  });

  it('lists newest first across pages with an opaque cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = new Types.ObjectId().toHexString();
      ids.push(id);
      await repository.create({ id, language: 'c', sourceCode: 'int main(){}', testCases: [{ input: '', expectedOutput: null }], limits });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const beforeId: string | undefined = cursor ? (decodeCursor(cursor) ?? undefined) : undefined;
      if (cursor) expect(beforeId, 'the cursor decodes to the last id of its page').toBe(seen.at(-1));
      const page = await repository.list({ limit: 2, beforeId });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    const newestFirst = [...ids].reverse();
    expect(seen.filter((id) => ids.includes(id))).toEqual(newestFirst);
  });
});

describe('SubmissionEventsPublisher on the real Redis', () => {
  /** Resolves with the next `n` messages on the events channel for `id`. */
  function nextMessages(id: string, n: number): Promise<string[]> {
    return new Promise((resolve) => {
      const got: string[] = [];
      const onMessage = (_channel: string, message: string): void => {
        if (!message.includes(id)) return;
        got.push(message);
        if (got.length === n) {
          listener.off('message', onMessage);
          resolve(got);
        }
      };
      listener.on('message', onMessage);
    });
  }

  it('publishes each event with the seq its persist step allocated, seq first on the wire', async () => {
    const id = new Types.ObjectId().toHexString();
    const received = nextMessages(id, 2);
    const first = await publisher.publishAfter({ type: 'queued', submissionId: id, problemId: null }, async () => 1);
    const second = await publisher.publishAfter({ type: 'running', submissionId: id, problemId: null, test: 1, of: 3 }, async () => 7);
    expect([first?.seq, second?.seq]).toEqual([1, 7]);
    const messages = await received;
    expect(messages.map((m) => JSON.parse(m))).toEqual([first, second]);
    expect(messages[0]).toMatch(/^\{"seq":1,"type":"queued","submissionId":"[0-9a-f]{24}","problemId":null,"at":"[^"]+"\}$/);
    // Redis keeps no counter of its own (the stored state is the only owner of seq): only the replay buffer, the events as published.
    expect(await commands.keys(`*${id}*`)).toEqual([`verdict:event-log:${id}`]);
    expect(await commands.lrange(`verdict:event-log:${id}`, 0, -1)).toEqual(messages);
    expect(await commands.ttl(`verdict:event-log:${id}`)).toBeGreaterThan(3000);
  });

  it('publishes nothing when the persist step fails', async () => {
    const id = new Types.ObjectId().toHexString();
    const received = nextMessages(id, 1);
    await expect(
      publisher.publishAfter({ type: 'compiling', submissionId: id, problemId: null }, async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    // Nor when it stored nothing (the submission is gone).
    expect(
      await publisher.publishAfter({ type: 'running', submissionId: id, problemId: null, test: 1, of: 1 }, async () => null),
    ).toBeNull();
    const next = await publisher.publishAfter({ type: 'queued', submissionId: id, problemId: null }, async () => 2);
    expect(next?.seq).toBe(2);
    expect(JSON.parse((await received)[0]!)).toMatchObject({ seq: 2, type: 'queued' });
  });
});
