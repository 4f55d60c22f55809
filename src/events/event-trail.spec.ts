import { describe, expect, it } from 'vitest';
import type { SubmissionEventDraft } from '../../libs/contracts/index.js';
import { DependencyUnavailableError } from '../common/dependency-unavailable.error.js';
import { EventTrail, TRAIL_MAX_BATCH } from './event-trail.js';

const FAST_RETRY = { windowMs: 1_000, firstPauseMs: 5, maxPauseMs: 20 };

/** A driver error of the kind raised before an operation is sent (no server could be selected). */
function unsentMongo(): DependencyUnavailableError {
  const cause = new Error('connect ECONNREFUSED 127.0.0.1:1');
  cause.name = 'MongoServerSelectionError';
  return new DependencyUnavailableError('MongoDB', 'MongoDB is unavailable', { cause });
}

/** A publisher that records "publish" steps; `publishFailures` makes the first ones fail with `publishError`. */
function publisher(publishFailures = 0, publishError: () => Error = () => new Error('boom')) {
  const steps: string[] = [];
  let failuresLeft = publishFailures;
  return {
    steps,
    publishAll: async (items: readonly { draft: SubmissionEventDraft; seq: number }[]) => {
      const names = items.map(({ draft }) => draft.type).join('+');
      if (failuresLeft > 0) {
        failuresLeft--;
        steps.push(`publish ${names} failed`);
        throw publishError();
      }
      steps.push(`publish ${items.map(({ draft, seq }) => `${draft.type} ${seq}`).join(', ')}`);
      return null as never;
    },
    /** A persist step that stores `name` (after failing `failures` times with `error`) and returns `seq`. */
    persist:
      (name: string, seq: number | null, failures = 0, error: () => Error = () => new Error(`storing ${name} failed`)) =>
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 5 - (seq ?? 0))); // later steps would finish first if not chained
        if (failures > 0) {
          failures--;
          steps.push(`store ${name} failed`);
          throw error();
        }
        steps.push(`store ${name}`);
        return seq;
      },
  };
}

const compiling = { type: 'compiling', submissionId: 's1', problemId: null } as const;
const running = { type: 'running', submissionId: 's1', problemId: null, test: 1, of: 1 } as const;

describe('EventTrail', () => {
  it('stores then publishes each step, one after another in the order added', async () => {
    const p = publisher();
    const trail = new EventTrail(p, 's1', null, FAST_RETRY);
    trail.add(compiling, p.persist('started', 1));
    trail.add(running, p.persist('running', 2));
    await trail.settle();
    expect(p.steps).toEqual(['store started', 'publish compiling 1', 'store running', 'publish running 2']);
    expect(trail.submissionId).toBe('s1');
    expect(trail.superseded).toBe(false);
  });

  it('ends at a step that stored nothing (superseded or gone): nothing after it is stored or published', async () => {
    const p = publisher();
    const trail = new EventTrail(p, 's1', null, FAST_RETRY);
    trail.add(compiling, p.persist('started', 1));
    trail.add(running, p.persist('gone', null));
    trail.add(running, p.persist('later', 3));
    await trail.settle();
    expect(p.steps).toEqual(['store started', 'publish compiling 1', 'store gone']);
    expect(trail.superseded).toBe(true);
  });

  it('skips every step after a failed one, and settle rethrows that failure', async () => {
    const p = publisher();
    const trail = new EventTrail(p, 's1', null, FAST_RETRY);
    trail.add(compiling, p.persist('started', 1));
    trail.add(running, p.persist('running', 2, 1));
    trail.add(compiling, p.persist('later', 3));
    await expect(trail.settle()).rejects.toThrow('storing running failed');
    expect(p.steps).toEqual(['store started', 'publish compiling 1', 'store running failed']);
  });

  it('retries a write that never reached MongoDB and a publish that never reached Redis, keeping the order', async () => {
    const redisDown = () =>
      new DependencyUnavailableError('Redis', 'Redis is unavailable', {
        cause: new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      });
    const p = publisher(2, redisDown);
    const trail = new EventTrail(p, 's1', null, FAST_RETRY);
    trail.add(compiling, p.persist('started', 1, 3, unsentMongo));
    trail.add(running, p.persist('running', 2));
    await trail.settle();
    expect(p.steps).toEqual([
      'store started failed',
      'store started failed',
      'store started failed',
      'store started',
      'publish compiling failed',
      'publish compiling failed',
      'publish compiling 1',
      'store running',
      'publish running 2',
    ]);
  });

  it('does not retry a write that may have applied (a network error mid-operation), nor past the window', async () => {
    const midOperation = () => {
      const cause = new Error('connection reset');
      cause.name = 'MongoNetworkError';
      return new DependencyUnavailableError('MongoDB', 'MongoDB is unavailable', { cause });
    };
    const p = publisher();
    const trail = new EventTrail(p, 's1', null, FAST_RETRY);
    trail.add(compiling, p.persist('started', 1, 1, midOperation));
    await expect(trail.settle()).rejects.toThrow('MongoDB is unavailable');
    expect(p.steps).toEqual(['store started failed']);

    const q = publisher();
    const short = new EventTrail(q, 's1', null, { windowMs: 30, firstPauseMs: 10, maxPauseMs: 10 });
    short.add(compiling, q.persist('started', 1, 100, unsentMongo));
    await expect(short.settle()).rejects.toThrow('MongoDB is unavailable');
    expect(q.steps.length).toBeLessThan(6);
  });

  it('stores the batchable steps that queued up behind a write in flight in one write, and publishes them in one MULTI, in order', async () => {
    const p = publisher();
    const trail = new EventTrail(p, 's1', null, FAST_RETRY);
    const batches: string[][] = [];
    let lastSeq = 1;
    const store = async (items: readonly string[]) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      batches.push([...items]);
      p.steps.push(`store ${items.join('+')}`);
      lastSeq += items.length;
      return lastSeq;
    };
    const finishedTest = (n: number) => ({ ...running, type: 'test-finished' as const, test: n }) as unknown as SubmissionEventDraft;
    trail.add(compiling, p.persist('started', 1));
    trail.addBatched(running, 'running 1', store);
    trail.addBatched(finishedTest(1), 'test 1', store);
    trail.addBatched(running, 'running 2', store);
    await new Promise((resolve) => setTimeout(resolve, 30));
    trail.addBatched(finishedTest(2), 'test 2', store);
    await trail.settle();
    // The first step ran alone (nothing was in flight); the three queued behind it went together; the last came later, alone.
    expect(batches).toEqual([['running 1', 'test 1', 'running 2'], ['test 2']]);
    expect(p.steps).toEqual([
      'store started',
      'publish compiling 1',
      'store running 1+test 1+running 2',
      'publish running 2, test-finished 3, running 4',
      'store test 2',
      'publish test-finished 5',
    ]);
  });

  it('never batches across a step stored alone, nor across two different store functions, nor more than TRAIL_MAX_BATCH', async () => {
    const p = publisher();
    const trail = new EventTrail(p, 's1', null, FAST_RETRY);
    const batches: string[][] = [];
    let lastSeq = 0;
    const storeWith = (name: string) => async (items: readonly number[]) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      batches.push([name, ...items.map(String)]);
      lastSeq += items.length;
      return lastSeq;
    };
    const a = storeWith('a');
    const b = storeWith('b');
    trail.add(compiling, async () => ++lastSeq); // in flight while the rest queue up
    for (let i = 0; i < TRAIL_MAX_BATCH + 2; i++) trail.addBatched(running, i, a);
    trail.addBatched(running, 100, b);
    trail.add(compiling, async () => ++lastSeq);
    trail.addBatched(running, 200, a);
    await trail.settle();
    expect(batches.map((batch) => batch.length - 1)).toEqual([TRAIL_MAX_BATCH, 2, 1, 1]);
    expect(batches[2]).toEqual(['b', '100']);
    expect(batches[3]).toEqual(['a', '200']);
    const seqs = p.steps.flatMap((step) => [...step.matchAll(/ (\d+)/g)].map((m) => Number(m[1])));
    expect(seqs).toEqual(Array.from({ length: TRAIL_MAX_BATCH + 6 }, (_, i) => i + 1));
  });

  it('ends the trail when a batched write stores nothing, and fails every later step after a batched write failed', async () => {
    const p = publisher();
    const trail = new EventTrail(p, 's1', null, FAST_RETRY);
    trail.add(compiling, p.persist('started', 1));
    trail.addBatched(running, 1, async () => null);
    trail.addBatched(running, 2, async () => 9);
    await trail.settle();
    expect(trail.superseded).toBe(true);
    expect(p.steps).toEqual(['store started', 'publish compiling 1']);

    const q = publisher();
    const failing = new EventTrail(q, 's1', null, FAST_RETRY);
    const store = async () => {
      throw new Error('document too large');
    };
    failing.add(compiling, q.persist('started', 1));
    failing.addBatched(running, 1, store);
    failing.add(compiling, q.persist('later', 3));
    await expect(failing.settle()).rejects.toThrow('document too large');
    expect(q.steps).toEqual(['store started', 'publish compiling 1']);
  });
});

/**
 * Whether `promise` settles within `turns` microtask turns. A settle that busy-waits on a drain that
 * already ended never does, and starves the event loop (timers, sockets, the job lock) forever.
 */
async function settlesWithin(promise: Promise<unknown>, turns = 1_000): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < turns && !done; i++) await Promise.resolve();
  return done;
}

describe('EventTrail after a step stored nothing or failed, once idle', () => {
  // The interleaving of a superseded judging under load (a stalled job handed to another attempt):
  // the trail went idle after its write stored nothing, then the plan's next steps and `finished` are added.
  it.each([
    ['stored nothing (superseded)', async () => null],
    [
      'failed',
      async () => {
        throw new Error('document too large');
      },
    ],
  ])('settles at once when steps are added after a step %s and the trail went idle', async (_, persist) => {
    const p = publisher();
    const trail = new EventTrail(p, 's1', null, FAST_RETRY);
    trail.add(compiling, persist);
    await trail.settle().catch(() => undefined);
    trail.addBatched(running, { result: null }, async () => 2);
    trail.add(compiling, p.persist('verdict', 3));
    const settling = trail.settle();
    const settled = await settlesWithin(settling);
    // A busy-waiting settle would hold this test's worker forever: clear the flag it loops on
    // (`draining`, whatever its type) so that the failure is reported.
    if (!settled) Object.assign(trail, { draining: null });
    expect(settled, 'settle returns instead of spinning').toBe(true);
    await settling.catch(() => undefined);
    expect(p.steps, 'nothing stored or published after it').toEqual([]);
  });
});
