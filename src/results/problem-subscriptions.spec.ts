import { describe, expect, it } from 'vitest';
import type { SubmissionEvent } from '../../libs/contracts/index.js';
import { MAX_PROBLEM_SUBSCRIPTIONS_PER_CLIENT, ProblemSubscriptions } from './problem-subscriptions.js';

const P = 'ab'.repeat(12);
const Q = 'cd'.repeat(12);
const event = (problemId: string | null, submissionId = 'ef'.repeat(12)): SubmissionEvent => ({
  type: 'queued',
  submissionId,
  problemId,
  seq: 1,
  at: '',
});

describe('ProblemSubscriptions', () => {
  it("sends every event of the problem's submissions to its followers, except those skipped", () => {
    const problems = new ProblemSubscriptions();
    const got: string[] = [];
    expect(problems.subscribe('a', P, (e) => got.push(`a ${e.submissionId}`))).toBe(true);
    expect(problems.subscribe('b', P, (e) => got.push(`b ${e.submissionId}`))).toBe(true);
    problems.dispatch(event(P, 's1'), () => false);
    problems.dispatch(event(Q, 's2'), () => false);
    problems.dispatch(event(null, 's3'), () => false);
    problems.dispatch(event(P, 's4'), (clientId) => clientId === 'b');
    expect(got).toEqual(['a s1', 'b s1', 'a s4']);
    expect(problems.unsubscribe('a', P)).toBe(true);
    expect(problems.unsubscribe('a', P)).toBe(false);
    problems.removeClient('b');
    problems.dispatch(event(P, 's5'), () => false);
    expect(got).toHaveLength(3);
  });

  it(`limits a client to ${MAX_PROBLEM_SUBSCRIPTIONS_PER_CLIENT} problems`, () => {
    const problems = new ProblemSubscriptions();
    for (let i = 0; i < MAX_PROBLEM_SUBSCRIPTIONS_PER_CLIENT; i++) {
      expect(problems.subscribe('a', i.toString(16).padStart(24, '0'), () => undefined)).toBe(true);
    }
    expect(problems.subscribe('a', P, () => undefined)).toBe(false);
    expect(problems.subscribe('a', '0'.repeat(24), () => undefined)).toBe(true);
  });
});
