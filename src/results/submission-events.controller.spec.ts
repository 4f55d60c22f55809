import { EventEmitter } from 'node:events';
import { Logger, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { beforeAll, describe, expect, it } from 'vitest';
import { SubmissionStatus, type SubmissionView } from '../../libs/contracts/index.js';
import type { EventsConfig } from '../config/events.config.js';
import type { SubmissionEventLog } from '../events/submission-event-log.js';
import type { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { openCaller } from '../auth/authenticator.js';
import { Role } from '../auth/role.js';
import type { SubmissionAccess } from '../auth/submission-access.js';
import { QuotaExceededException } from '../quotas/quota-exceeded.exception.js';
import { SubmissionEventsController } from './submission-events.controller.js';
import { SubmissionSubscriptions } from './submission-subscriptions.js';

const ID = '0123456789abcdef01234567';
/** Authentication off: the open caller may read every submission. */
const OPEN = openCaller('127.0.0.1');
const EVERYTHING_READABLE = { mayRead: () => Promise.resolve(true) } as unknown as SubmissionAccess;

/** A Response stand-in; `stalled`: its client takes nothing, so `end` does not close it. */
class FakeResponse extends EventEmitter {
  statusCode = 200;
  headersSent: number | null = null;
  written = '';
  writableEnded = false;
  writableLength = 0;
  destroyed = false;
  stalled = false;
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  writeHead(code: number): this {
    this.headersSent = code;
    return this;
  }
  write(chunk: string): boolean {
    this.written += chunk;
    return true;
  }
  end(): this {
    this.writableEnded = true;
    if (!this.stalled) this.emit('close');
    return this;
  }
  destroy(): this {
    this.destroyed = true;
    this.emit('close');
    return this;
  }
}

/** A stored submission with `lastSeq` and `status`, whose replay buffer has expired. */
function controller(lastSeq: number, status: SubmissionStatus, maxStreams = 10, perCaller = 10): SubmissionEventsController {
  const view = { id: ID, lastSeq, status } as SubmissionView;
  const repository = { findView: () => Promise.resolve(view) } as unknown as SubmissionsRepository;
  const log = { read: () => Promise.resolve([]) } as unknown as SubmissionEventLog;
  const cfg = {
    streamMaxStreams: maxStreams,
    streamMaxStreamsPerCaller: perCaller,
    streamHeartbeatMs: 60_000,
    streamMaxLifetimeMs: 600_000,
  } as EventsConfig;
  return new SubmissionEventsController(new SubmissionSubscriptions(repository, log), cfg, EVERYTHING_READABLE);
}

describe('SubmissionEventsController', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('answers 204 to a client at or past the lastSeq of a finished submission whose replay buffer is gone', async () => {
    for (const seen of ['6', '9']) {
      const res = new FakeResponse();
      await controller(6, SubmissionStatus.Finished).stream(ID, undefined, seen, res as unknown as Response, OPEN);
      expect(res.statusCode, `Last-Event-ID ${seen}`).toBe(204);
      expect(res.headersSent).toBeNull();
      expect(res.written).toBe('');
    }
    // Behind it: the stored state stands in.
    const behind = new FakeResponse();
    await controller(6, SubmissionStatus.Finished).stream(ID, undefined, '3', behind as unknown as Response, OPEN);
    expect(behind.headersSent).toBe(200);
    expect(behind.written).toMatch(/id: 6\nevent: state\n/);
  });

  it('validates afterSeq even when Last-Event-ID is given (400 naming it)', async () => {
    const res = new FakeResponse();
    await expect(controller(6, SubmissionStatus.Finished).stream(ID, 'zz', '6', res as unknown as Response, OPEN)).rejects.toMatchObject({
      details: [{ field: 'afterSeq', rule: expect.stringMatching(/^must be an integer/) }],
    });
    await expect(controller(6, SubmissionStatus.Finished).stream(ID, '1', 'x', res as unknown as Response, OPEN)).rejects.toMatchObject({
      details: [{ field: 'Last-Event-ID', rule: expect.stringMatching(/^must be an integer/) }],
    });
  });

  it('counts a stream until its connection closed, not merely until it ended', async () => {
    const events = controller(2, SubmissionStatus.Running, 1);
    const first = new FakeResponse();
    first.stalled = true;
    await events.stream(ID, undefined, undefined, first as unknown as Response, OPEN);
    expect(first.headersSent).toBe(200);
    events.beforeApplicationShutdown(); // ends it; its client has not taken the data yet
    expect(first.writableEnded).toBe(true);
    await expect(events.stream(ID, undefined, undefined, new FakeResponse() as unknown as Response, OPEN)).rejects.toBeInstanceOf(
      ServiceUnavailableException,
    );
    first.emit('close');
    const next = new FakeResponse();
    await events.stream(ID, undefined, undefined, next as unknown as Response, OPEN);
    expect(next.headersSent).toBe(200);
  });

  it('refuses a caller more than its share of streams (429 naming the limit) while another caller still gets one', async () => {
    const events = controller(2, SubmissionStatus.Running, 10, 2);
    const alice = { keyId: 'a'.repeat(24), role: Role.Submitter, name: 'alice', ip: '10.0.0.1' };
    const bob = { ...alice, keyId: 'b'.repeat(24), name: 'bob' };
    const open = [new FakeResponse(), new FakeResponse()];
    for (const res of open) await events.stream(ID, undefined, undefined, res as unknown as Response, alice);
    const refused = events.stream(ID, undefined, undefined, new FakeResponse() as unknown as Response, alice);
    await expect(refused).rejects.toBeInstanceOf(QuotaExceededException);
    await expect(refused).rejects.toThrow(/at most 2 event streams .*EVENT_STREAM_MAX_STREAMS_PER_CALLER/);
    const other = new FakeResponse();
    await events.stream(ID, undefined, undefined, other as unknown as Response, bob);
    expect(other.headersSent).toBe(200);
    open[0]!.emit('close');
    const again = new FakeResponse();
    await events.stream(ID, undefined, undefined, again as unknown as Response, alice);
    expect(again.headersSent).toBe(200);
  });
});
