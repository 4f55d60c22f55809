import { Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { SubmissionStatus, Verdict, type SubmissionView } from '../../libs/contracts/index.js';
import type { WebhookSettings } from '../config/webhooks.config.js';
import type { Judge0SubmissionRow } from '../persistence/submissions/submission-records.js';
import type { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import type {
  DeliveryAttemptRecord,
  WebhookDeliveriesRepository,
} from '../persistence/webhook-deliveries/webhook-deliveries.repository.js';
import { RetryLaterError, WebhookDeliveryProcessor, webhookBackoff } from './webhook-delivery.processor.js';
import type { WebhookOutcome, WebhookRequest, WebhookSender } from './webhook.sender.js';

const view = { id: 's1', status: SubmissionStatus.Finished, verdict: Verdict.Accepted, lastSeq: 4 } as SubmissionView;
const judge0Row = {
  view: {
    ...view,
    tests: [{ test: 1, verdict: Verdict.Accepted, cpuTimeMs: 12, wallTimeMs: 30, memoryKiB: 8400, stdout: '3\n', stderr: '' }],
  },
  judge0: { token: 'd85cd024-1548-4165-96c7-7bc88673f194', languageId: 71, callbackUrl: 'https://example.com/h' },
} as unknown as Judge0SubmissionRow;

/** The processor over recording stand-ins: the sender answers `outcome`; the submission is finished unless `superseded`. */
function setup(outcome: WebhookOutcome, { superseded = false, format }: { superseded?: boolean; format?: 'verdict' | 'judge0' } = {}) {
  const sent: WebhookRequest[] = [];
  const records: string[] = [];
  const sender = {
    post: async (request: WebhookRequest) => {
      sent.push(request);
      return outcome;
    },
  } as unknown as WebhookSender;
  const submissions = {
    findFinishedView: async () => (superseded ? null : view),
    findFinishedJudge0: async () => (superseded ? null : judge0Row),
  } as unknown as SubmissionsRepository;
  const deliveries = {
    recordAttempt: async (id: string, a: DeliveryAttemptRecord) =>
      void records.push(`${id} attempt ${a.state} ${a.lastStatus} ${a.lastError}`),
    setState: async (id: string, state: string) => void records.push(`${id} state ${state}`),
    failIfPending: async (id: string, error: string) => void records.push(`${id} failIfPending ${error}`),
  } as unknown as WebhookDeliveriesRepository;
  const processor = new WebhookDeliveryProcessor(sender, submissions, deliveries, { concurrency: 1 } as WebhookSettings);
  const job = (attemptsMade: number, attempts = 3) =>
    ({
      id: 's1-a2',
      data: { submissionId: 's1', judgingAttempt: 2, url: 'https://example.com/h', ...(format ? { format } : {}) },
      attemptsMade,
      opts: { attempts },
    }) as never;
  return { processor, job, sent, records };
}

describe('WebhookDeliveryProcessor', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('sends the stored view of that judging, signed by the sender, and records the success', async () => {
    const { processor, job, sent, records } = setup({ kind: 'delivered', status: 200, error: null });
    expect(await processor.process(job(1))).toBe('delivered');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ url: 'https://example.com/h', deliveryId: 's1-a2', attempt: 2 });
    expect(JSON.parse(sent[0]!.body)).toEqual({ type: 'submission.finished', deliveryId: 's1-a2', judgingAttempt: 2, submission: view });
    expect(records).toEqual(['s1-a2 attempt delivered 200 null']);
  });

  it("PUTs a Judge0 callback's submission in Judge0's shape, Base64-encoded, and POSTs Verdict's body otherwise", async () => {
    const judge0 = setup({ kind: 'delivered', status: 204, error: null }, { format: 'judge0' });
    expect(await judge0.processor.process(judge0.job(0))).toBe('delivered');
    expect(judge0.sent[0]).toMatchObject({ url: 'https://example.com/h', method: 'PUT', deliveryId: 's1-a2', attempt: 1 });
    expect(JSON.parse(judge0.sent[0]!.body)).toEqual({
      stdout: Buffer.from('3\n').toString('base64'),
      time: '0.012',
      memory: 8400,
      stderr: null,
      token: 'd85cd024-1548-4165-96c7-7bc88673f194',
      compile_output: null,
      message: null,
      status: { id: 3, description: 'Accepted' },
    });
    expect(judge0.records).toEqual(['s1-a2 attempt delivered 204 null']);
    for (const format of ['verdict', undefined] as const) {
      const verdict = setup({ kind: 'delivered', status: 200, error: null }, { format });
      await verdict.processor.process(verdict.job(0));
      expect(verdict.sent[0]!.method).toBe('POST');
      expect(JSON.parse(verdict.sent[0]!.body)).toMatchObject({ type: 'submission.finished', submission: view });
    }
    const gone = setup({ kind: 'delivered', status: 204, error: null }, { format: 'judge0', superseded: true });
    expect(await gone.processor.process(gone.job(0))).toBe('superseded');
    expect(gone.sent).toEqual([]);
  });

  it('throws to be retried on a retryable outcome, pending until the last attempt, failed on it', async () => {
    const retry: WebhookOutcome = { kind: 'retry', status: 503, error: 'the receiver answered 503' };
    const early = setup(retry);
    await expect(early.processor.process(early.job(0))).rejects.toThrow('the receiver answered 503');
    await expect(early.processor.process(early.job(0))).rejects.not.toBeInstanceOf(UnrecoverableError);
    expect(early.records[0]).toBe('s1-a2 attempt pending 503 the receiver answered 503');
    const last = setup(retry);
    await expect(last.processor.process(last.job(2))).rejects.toThrow('the receiver answered 503');
    expect(last.records).toEqual(['s1-a2 attempt failed 503 the receiver answered 503']);
  });

  it('gives up at once (UnrecoverableError) on a failed outcome', async () => {
    const { processor, job, records } = setup({ kind: 'failed', status: 410, error: 'the receiver answered 410' });
    await expect(processor.process(job(0))).rejects.toBeInstanceOf(UnrecoverableError);
    expect(records).toEqual(['s1-a2 attempt failed 410 the receiver answered 410']);
  });

  it('sends nothing for a judging that is no longer the latest', async () => {
    const { processor, job, sent, records } = setup({ kind: 'delivered', status: 200, error: null }, { superseded: true });
    expect(await processor.process(job(0))).toBe('superseded');
    expect(sent).toEqual([]);
    expect(records).toEqual(['s1-a2 state superseded']);
  });

  it('marks a job BullMQ gave up on failed (stalled too often), leaving retried failures alone', async () => {
    const { processor, job, records } = setup({ kind: 'delivered', status: 200, error: null });
    await processor.onFailed(job(1), new Error('the receiver answered 500'));
    await processor.onFailed(job(1), new Error('job stalled more than allowable limit'));
    await processor.onFailed(job(3), new Error('the receiver answered 500'));
    expect(records).toEqual([
      's1-a2 failIfPending gave up: job stalled more than allowable limit',
      's1-a2 failIfPending gave up: the receiver answered 500',
    ]);
  });

  it("hands the receiver's Retry-After to the backoff, which waits for it up to the cap", async () => {
    const { processor, job } = setup({ kind: 'retry', status: 429, error: 'the receiver answered 429', retryAfterMs: 30_000 });
    const error = await processor.process(job(0)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLaterError);
    const backoff = webhookBackoff({ baseMs: 1000, maxMs: 60_000 });
    expect(backoff(1, 'webhook', error as Error)).toBe(30_000);
    expect(backoff(1, 'webhook', new RetryLaterError('x', 3_600_000))).toBe(60_000);
    const plain = backoff(2, 'webhook', new Error('x'));
    expect(plain).toBeGreaterThanOrEqual(1000);
    expect(plain).toBeLessThanOrEqual(2000);
    expect(backoff(1, 'exponential', error as Error)).toBe(-1);
  });
});
