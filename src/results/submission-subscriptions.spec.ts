import { Logger } from '@nestjs/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { SubmissionStatus, Verdict, type SubmissionEvent, type SubmissionView } from '../../libs/contracts/index.js';
import type { SubmissionEventLog } from '../events/submission-event-log.js';
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

function event(seq: number, submissionId = ID, type: 'compiling' | 'finished' = 'compiling'): SubmissionEvent {
  const base = { submissionId, problemId: null, seq, at: '2026-01-01T00:00:00.000Z' };
  if (type === 'compiling') return { type, ...base };
  return {
    type,
    ...base,
    status: SubmissionStatus.Finished,
    verdict: Verdict.Accepted,
    passed: 1,
    testCount: 1,
    cpuTimeMs: 1,
    memoryKiB: 1,
    message: null,
  };
}

/** A replay buffer whose reads return `events` (or fail when `events` is an Error), after the test lets them. */
class ControlledLog {
  events: SubmissionEvent[] | Error = [];
  reads = 0;
  async read(): Promise<SubmissionEvent[]> {
    this.reads++;
    await Promise.resolve();
    if (this.events instanceof Error) throw this.events;
    return [...this.events];
  }
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
  const log = new ControlledLog();
  const subscriptions = new SubmissionSubscriptions(repository as unknown as SubmissionsRepository, log as unknown as SubmissionEventLog);
  return { repository, log, subscriptions };
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
    await expect(done).resolves.toMatchObject({ ok: true, submissionId: ID, lastSeq: 3 });
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
    expect(await done).toMatchObject({ ok: false, submissionId: ID, message: `submission ${ID} not found` });
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
    expect(await second).toMatchObject({ ok: true, submissionId: ID, lastSeq: 1 });
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
    expect(await done).toMatchObject({ ok: true, submissionId: ID, lastSeq: 2 });
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

  describe('with afterSeq', () => {
    it('replays the buffered events after afterSeq, without a state, then the live ones; events meanwhile are held', async () => {
      const { log, subscriptions } = setup();
      log.events = [event(1), event(2), event(3)];
      const sink = recorder();
      const done = subscriptions.subscribe('client', ID, sink, { afterSeq: 1 });
      subscriptions.dispatch(event(4));
      subscriptions.dispatch(event(3));
      expect(await done).toEqual({ ok: true, submissionId: ID, lastSeq: 3, resumed: true, finished: false });
      subscriptions.dispatch(event(5));
      expect(sink.log).toEqual(['event:2', 'event:3', 'event:4', 'event:5']);
    });

    it('from 0 after the verdict: the whole sequence, and the outcome says finished', async () => {
      const { log, subscriptions } = setup();
      log.events = [event(1), event(2), event(3, ID, 'finished')];
      const sink = recorder();
      expect(await subscriptions.subscribe('client', ID, sink, { afterSeq: 0 })).toMatchObject({
        lastSeq: 3,
        resumed: true,
        finished: true,
      });
      expect(sink.log).toEqual(['event:1', 'event:2', 'event:3']);
      // Nothing missed: nothing sent, still finished.
      const again = recorder();
      expect(await subscriptions.subscribe('other', ID, again, { afterSeq: 3 })).toMatchObject({
        lastSeq: 3,
        resumed: true,
        finished: true,
      });
      expect(again.log).toEqual([]);
    });

    it('falls back to the state when the buffer is trimmed, empty or unreadable', async () => {
      for (const logged of [[event(4), event(5)], [], new Error('Redis is unavailable')]) {
        const { repository, log, subscriptions } = setup();
        log.events = logged;
        const sink = recorder();
        const done = subscriptions.subscribe('client', ID, sink, { afterSeq: 2 });
        await new Promise((resolve) => setImmediate(resolve));
        subscriptions.dispatch(event(6));
        repository.next().resolve(view(5));
        expect(await done).toMatchObject({ ok: true, lastSeq: 5, resumed: false });
        expect(sink.log).toEqual(['state:5', 'event:6']);
      }
    });

    it('a gap in the live events is never passed on: the buffer (or the state) fills it', async () => {
      const { log, subscriptions } = setup();
      log.events = [event(1)];
      const sink = recorder();
      await subscriptions.subscribe('client', ID, sink, { afterSeq: 0 });
      log.events = [event(1), event(2), event(3)];
      subscriptions.dispatch(event(3));
      await new Promise((resolve) => setImmediate(resolve));
      expect(sink.log).toEqual(['event:1', 'event:2', 'event:3']);
      expect(log.reads).toBe(2);
    });
  });

  it('a gap after a state reads the state again', async () => {
    const { repository, subscriptions } = setup();
    const sink = recorder();
    const done = subscriptions.subscribe('client', ID, sink);
    repository.next().resolve(view(1));
    await done;
    subscriptions.dispatch(event(3));
    repository.next().resolve(view(3));
    await new Promise((resolve) => setImmediate(resolve));
    subscriptions.dispatch(event(4));
    expect(sink.log).toEqual(['state:1', 'state:3', 'event:4']);
    expect(subscriptions.follows('client', ID)).toBe(true);
  });
});
