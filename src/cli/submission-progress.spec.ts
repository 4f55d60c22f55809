import { describe, expect, it } from 'vitest';
import { SubmissionStatus, Verdict, type SubmissionEvent } from '../../libs/contracts/index.js';
import { AT, ID, resultOf, viewOf, testFinishedOf } from '../../test/support/submission-views.js';
import { SubmissionProgress } from './submission-progress.js';

describe('SubmissionProgress', () => {
  it('applies events after the state, in seq order, up to the finished verdict', () => {
    const progress = new SubmissionProgress(ID);
    const events: SubmissionEvent[] = [
      { type: 'compiling', submissionId: ID, problemId: null, seq: 2, at: AT },
      { type: 'running', submissionId: ID, problemId: null, seq: 3, at: AT, test: 1, of: 2 },
      testFinishedOf(4, 2, resultOf(1)),
      { type: 'running', submissionId: ID, problemId: null, seq: 5, at: AT, test: 2, of: 2 },
    ];
    expect(progress.applyEvent(events[0])).toBe(false); // nothing before the first state
    progress.applyState(viewOf());
    for (const event of events) expect(progress.applyEvent(event)).toBe(true);
    expect(progress.running).toEqual({ test: 2, of: 2 });
    expect(progress.tests.map((t) => t.test)).toEqual([1]);
    expect(progress.view?.status).toBe(SubmissionStatus.Running);
    expect(progress.finished).toBe(false);
    progress.applyEvent(testFinishedOf(6, 2, resultOf(2, Verdict.WrongAnswer)));
    progress.applyEvent({
      type: 'finished',
      submissionId: ID,
      problemId: null,
      seq: 7,
      at: AT,
      status: SubmissionStatus.Finished,
      verdict: Verdict.WrongAnswer,
      passed: 1,
      testCount: 2,
      cpuTimeMs: 20,
      memoryKiB: 3002,
      message: null,
    });
    expect(progress.finished).toBe(true);
    expect(progress.view).toMatchObject({ verdict: 'WA', lastSeq: 7, status: 'finished' });
    expect(progress.running).toBeNull();
  });

  it('a compiled event moves the submission to running', () => {
    const progress = new SubmissionProgress(ID);
    progress.applyState(viewOf({ lastSeq: 2, status: SubmissionStatus.Compiling }));
    expect(
      progress.applyEvent({ type: 'compiled', submissionId: ID, problemId: null, seq: 3, at: AT, compileMs: 120, compileCached: false }),
    ).toBe(true);
    expect(progress.view).toMatchObject({ status: SubmissionStatus.Running, lastSeq: 3 });
  });

  it('ignores stale and replayed events and other submissions', () => {
    const progress = new SubmissionProgress(ID);
    progress.applyState(viewOf({ lastSeq: 4, status: SubmissionStatus.Running, tests: [resultOf(1)] }));
    expect(progress.applyEvent(testFinishedOf(4, 2, resultOf(1, Verdict.RuntimeError)))).toBe(false);
    expect(progress.applyEvent({ type: 'compiling', submissionId: 'ffffffffffffffffffffffff', problemId: null, seq: 9, at: AT })).toBe(
      false,
    );
    progress.applyState(viewOf({ id: 'ffffffffffffffffffffffff', status: SubmissionStatus.Finished }));
    expect(progress.tests).toEqual([resultOf(1)]);
    expect(progress.finished).toBe(false);
  });

  it('treats a new state as a full replacement (after the API resynchronised)', () => {
    const progress = new SubmissionProgress(ID);
    progress.applyState(viewOf());
    progress.applyEvent({ type: 'running', submissionId: ID, problemId: null, seq: 2, at: AT, test: 1, of: 2 });
    progress.applyState(
      viewOf({ lastSeq: 9, status: SubmissionStatus.Finished, verdict: Verdict.Accepted, tests: [resultOf(1), resultOf(2)] }),
    );
    expect(progress.running).toBeNull();
    expect(progress.finished).toBe(true);
    expect(progress.tests.map((t) => t.verdict)).toEqual(['AC', 'AC']);
  });

  it('starts the results over when a worker takes the submission again (compiling) or it is rejudged (queued)', () => {
    const progress = new SubmissionProgress(ID);
    progress.applyState(viewOf({ lastSeq: 4, status: SubmissionStatus.Running, tests: [resultOf(1)] }));
    progress.applyEvent({ type: 'compiling', submissionId: ID, problemId: null, seq: 5, at: AT });
    expect(progress.tests).toEqual([]);
    progress.applyEvent(testFinishedOf(6, 2, resultOf(1)));
    progress.applyEvent({ type: 'queued', submissionId: ID, problemId: null, seq: 7, at: AT });
    expect(progress.view).toMatchObject({ status: 'queued', tests: [], verdict: null });
  });
});
