import { describe, expect, it } from 'vitest';
import type { SubmissionEventDraft } from '../../libs/contracts/index.js';
import { EventTrail } from './event-trail.js';

/** A publisher that records "persist" and "publish" steps; `failAt` makes that persist throw. */
function publisher(failAt?: string) {
  const steps: string[] = [];
  return {
    steps,
    publishAfter: async (draft: SubmissionEventDraft, persist: () => Promise<number | null>) => {
      const seq = await persist();
      if (seq === null) return null;
      steps.push(`publish ${draft.type} ${seq}`);
      return null;
    },
    persist: (name: string, seq: number | null) => async () => {
      await new Promise((resolve) => setTimeout(resolve, 5 - (seq ?? 0))); // later steps would finish first if not chained
      if (name === failAt) throw new Error(`storing ${name} failed`);
      steps.push(`store ${name}`);
      return seq;
    },
  };
}

describe('EventTrail', () => {
  it('stores then publishes each step, one after another in the order added', async () => {
    const p = publisher();
    const trail = new EventTrail(p, 's1', null);
    trail.add({ type: 'compiling', submissionId: 's1', problemId: null }, p.persist('started', 1));
    trail.add({ type: 'running', submissionId: 's1', problemId: null, test: 1, of: 1 }, p.persist('running', 2));
    trail.add({ type: 'compiling', submissionId: 's1', problemId: null }, p.persist('gone', null));
    await trail.settle();
    expect(p.steps).toEqual(['store started', 'publish compiling 1', 'store running', 'publish running 2', 'store gone']);
    expect(trail.submissionId).toBe('s1');
  });

  it('skips every step after a failed one, and settle rethrows that failure', async () => {
    const p = publisher('running');
    const trail = new EventTrail(p, 's1', null);
    trail.add({ type: 'compiling', submissionId: 's1', problemId: null }, p.persist('started', 1));
    trail.add({ type: 'running', submissionId: 's1', problemId: null, test: 1, of: 1 }, p.persist('running', 2));
    trail.add({ type: 'compiling', submissionId: 's1', problemId: null }, p.persist('later', 3));
    await expect(trail.settle()).rejects.toThrow('storing running failed');
    expect(p.steps).toEqual(['store started', 'publish compiling 1']);
  });
});
