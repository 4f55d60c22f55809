import { Logger } from '@nestjs/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { SubmissionStatus, type SubmissionEvent, type SubmissionView } from '../../libs/contracts/index.js';
import type { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { MAX_SUBSCRIPTIONS_PER_CLIENT, SubmissionSubscriptions, type SubscriberSink } from './submission-subscriptions.js';

const ID = '0123456789abcdef01234567';
const OTHER = 'fedcba9876543210fedcba98';

function view(lastSeq: number, id = ID): SubmissionView {
  return {
    id,
    language: 'c',
    status: SubmissionStatus.Queued,
    verdict: null,
    limits: { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 65536, outputKiB: 1024 },
    testCount: 1,
    tests: [],
    message: null,
    lastSeq,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: null,
    finishedAt: null,
  };
}

function event(seq: number, submissionId = ID): SubmissionEvent {
  return { type: 'compiling', submissionId, seq, at: '2026-01-01T00:00:00.000Z' };
}

/** A repository whose findView calls stay pending until the test settles them. */
class ControlledRepository {
  readonly pending: { id: string; resolve: (v: SubmissionView | null) => void; reject: (e: unknown) => void }[] = [];
  findView(id: string): Promise<SubmissionView | null> {
    return new Promise((resolve, reject) => this.pending.push({ id, resolve, reject }));
  }
  /** Settles the oldest pending read. */
  next(): { id: string; resolve: (v: SubmissionView | null) => void; reject: (e: unknown) => void } {
    const read = this.pending.shift();
    if (!read) throw new Error('no pending read');
    return read;
  }
}

/** Records what a subscriber receives, in order, as `state:<lastSeq>`, `event:<seq>` or `error`. */
function recorder(): SubscriberSink & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    state: (v) => log.push(`state:${v.lastSeq}`),
    event: (e) => log.push(`event:${e.seq}`),
    error: () => log.push('error'),
  };
}

function setup() {
  const repository = new ControlledRepository();
  const subscriptions = new SubmissionSubscriptions(repository as unknown as SubmissionsRepository);
  return { repository, subscriptions };
}

describe('SubmissionSubscriptions', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('sends the state first, then the events that arrived while it was read, in seq order, newer than the state only', async () => {
    const { repository, subscriptions } = setup();
    const sink = recorder();
    const done = subscriptions.subscribe('client', ID, sink);
    // Arrive during the read, out of order; 3 is already reflected in the state.
    subscriptions.dispatch(event(5));
    subscriptions.dispatch(event(3));
    subscriptions.dispatch(event(4));
    expect(sink.log).toEqual([]);
    repository.next().resolve(view(3));
    await expect(done).resolves.toEqual({ ok: true, submissionId: ID, lastSeq: 3 });
    expect(sink.log).toEqual(['state:3', 'event:4', 'event:5']);
  });

  it('then forwards live events, dropping repeats and stale ones', async () => {
    const { repository, subscriptions } = setup();
    const sink = recorder();
    const done = subscriptions.subscribe('client', ID, sink);
    repository.next().resolve(view(1));
    await done;
    subscriptions.dispatch(event(2));
    subscriptions.dispatch(event(2));
    subscriptions.dispatch(event(1));
    subscriptions.dispatch(event(3));
    subscriptions.dispatch(event(7, OTHER));
    expect(sink.log).toEqual(['state:1', 'event:2', 'event:3']);
  });

  it('reports an unknown submission and keeps nothing', async () => {
    const { repository, subscriptions } = setup();
    const sink = recorder();
    const done = subscriptions.subscribe('client', ID, sink);
    subscriptions.dispatch(event(1));
    repository.next().resolve(null);
    expect(await done).toEqual({ ok: false, submissionId: ID, message: `submission ${ID} not found` });
    expect(sink.log).toEqual(['error']);
    expect(subscriptions.size).toBe(0);
  });

  it('reports a failed read and keeps nothing', async () => {
    const { repository, subscriptions } = setup();
    const sink = recorder();
    const done = subscriptions.subscribe('client', ID, sink);
    repository.next().reject(new Error('MongoDB is unavailable'));
    expect((await done).ok).toBe(false);
    expect(sink.log).toEqual(['error']);
    expect(subscriptions.size).toBe(0);
  });

  it('sends nothing when the client unsubscribed or disconnected during the read', async () => {
    const { repository, subscriptions } = setup();
    const sink = recorder();
    const first = subscriptions.subscribe('a', ID, sink);
    expect(subscriptions.unsubscribe('a', ID)).toBe(true);
    const second = subscriptions.subscribe('b', ID, sink);
    subscriptions.removeClient('b');
    repository.next().resolve(view(0));
    repository.next().resolve(view(0));
    expect((await first).ok).toBe(false);
    expect((await second).ok).toBe(false);
    subscriptions.dispatch(event(1));
    expect(sink.log).toEqual([]);
    expect(subscriptions.size).toBe(0);
  });

  it('a second subscribe to the same submission restarts with a fresh state; only the latest read counts', async () => {
    const { repository, subscriptions } = setup();
    const sink = recorder();
    const first = subscriptions.subscribe('client', ID, sink);
    const second = subscriptions.subscribe('client', ID, sink);
    subscriptions.dispatch(event(2));
    const firstRead = repository.next();
    const secondRead = repository.next();
    secondRead.resolve(view(1));
    firstRead.resolve(view(0));
    expect((await first).ok).toBe(false);
    expect(await second).toEqual({ ok: true, submissionId: ID, lastSeq: 1 });
    expect(sink.log).toEqual(['state:1', 'event:2']);
    expect(subscriptions.size).toBe(1);
  });

  it('keeps clients apart: each gets its own state and the shared events', async () => {
    const { repository, subscriptions } = setup();
    const early = recorder();
    const late = recorder();
    const a = subscriptions.subscribe('early', ID, early);
    repository.next().resolve(view(1));
    await a;
    subscriptions.dispatch(event(2));
    const b = subscriptions.subscribe('late', ID, late);
    subscriptions.dispatch(event(3));
    repository.next().resolve(view(2));
    await b;
    subscriptions.dispatch(event(4));
    expect(early.log).toEqual(['state:1', 'event:2', 'event:3', 'event:4']);
    expect(late.log).toEqual(['state:2', 'event:3', 'event:4']);
  });

  it('resync re-sends the state, holding live events until it is read', async () => {
    const { repository, subscriptions } = setup();
    const sink = recorder();
    const done = subscriptions.subscribe('client', ID, sink);
    repository.next().resolve(view(1));
    await done;
    subscriptions.resyncAll();
    subscriptions.dispatch(event(6));
    repository.next().resolve(view(5));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sink.log).toEqual(['state:1', 'state:5', 'event:6']);
  });

  it('a resync during the first read: the subscribe resolves with the newer read, one state is sent', async () => {
    const { repository, subscriptions } = setup();
    const sink = recorder();
    const done = subscriptions.subscribe('client', ID, sink);
    subscriptions.resyncAll();
    const first = repository.next();
    const second = repository.next();
    first.resolve(view(1));
    second.resolve(view(2));
    expect(await done).toEqual({ ok: true, submissionId: ID, lastSeq: 2 });
    expect(sink.log).toEqual(['state:2']);
  });

  it(`limits a client to ${MAX_SUBSCRIPTIONS_PER_CLIENT} submissions`, async () => {
    const { repository, subscriptions } = setup();
    const sink = recorder();
    const ids = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CLIENT }, (_, i) => i.toString(16).padStart(24, '0'));
    const all = ids.map((id) => subscriptions.subscribe('client', id, sink));
    for (const id of ids) repository.pending.find((p) => p.id === id)!.resolve(view(0, id));
    await Promise.all(all);
    const refused = await subscriptions.subscribe('client', ID, sink);
    expect(refused.ok).toBe(false);
    expect(subscriptions.size).toBe(MAX_SUBSCRIPTIONS_PER_CLIENT);
  });
});
