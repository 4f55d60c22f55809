import { describe, expect, it } from 'vitest';
import { SubmissionStatus, Verdict, type SubmissionEvent, type SubmissionView, type TestResult } from '../../../libs/contracts/index.js';
import { applyEvent, fromView } from './result-state.js';

const ID = '6b0cf7de9a5a2d7dba1e512e';
const AT = '2026-12-02T00:00:00.000Z';

const view: SubmissionView = {
  id: ID,
  language: 'python3',
  status: SubmissionStatus.Queued,
  verdict: null,
  limits: { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 65536, outputKiB: 1024 },
  testCount: 2,
  tests: [],
  message: null,
  lastSeq: 1,
  createdAt: AT,
  startedAt: null,
  finishedAt: null,
};

/**
 * An event as the server sends it. Built loosely typed: newer contracts add fields to every event
 * (`problemId`), which the page does not need.
 */
function event(fields: Record<string, unknown>): SubmissionEvent {
  return { submissionId: ID, problemId: null, at: AT, ...fields } as unknown as SubmissionEvent;
}

function result(test: number, verdict: Verdict): TestResult {
  return {
    test,
    verdict,
    cpuTimeMs: 10,
    wallTimeMs: 20,
    memoryKiB: 4000,
    exitCode: 0,
    signal: null,
    stdout: '',
    stderr: '',
    checkerMessage: null,
  };
}

describe('applyEvent', () => {
  it('follows a judging to its verdict, seq by seq', () => {
    const events = [
      event({ type: 'compiling', seq: 2 }),
      // A type this page does not show moves lastSeq only.
      event({ type: 'compiled', seq: 3, compileMs: 40 }),
      event({ type: 'running', seq: 4, test: 1, of: 2 }),
      event({ type: 'test-finished', seq: 5, test: 1, of: 2, result: result(1, Verdict.Accepted) }),
      event({ type: 'running', seq: 6, test: 2, of: 2 }),
    ];
    let state = fromView(view);
    for (const next of events) state = applyEvent(state, next);
    expect(state.runningTest).toBe(2);
    expect(state.view).toMatchObject({ status: 'running', lastSeq: 6, tests: [result(1, Verdict.Accepted)] });
    state = applyEvent(state, event({ type: 'test-finished', seq: 7, test: 2, of: 2, result: result(2, Verdict.WrongAnswer) }));
    state = applyEvent(
      state,
      event({
        type: 'finished',
        seq: 8,
        status: SubmissionStatus.Finished,
        verdict: Verdict.WrongAnswer,
        passed: 1,
        testCount: 2,
        cpuTimeMs: 10,
        memoryKiB: 4000,
        message: null,
      }),
    );
    expect(state.runningTest).toBeNull();
    expect(state.view).toMatchObject({ status: 'finished', verdict: 'WA', lastSeq: 8, finishedAt: AT });
    expect(state.view.tests.map((t) => t.verdict)).toEqual(['AC', 'WA']);
  });

  it('ignores events already in the view and those of other submissions', () => {
    const state = fromView({ ...view, lastSeq: 4 });
    expect(applyEvent(state, event({ type: 'compiling', seq: 4 }))).toBe(state);
    expect(applyEvent(state, event({ type: 'compiling', submissionId: 'f'.repeat(24), seq: 9 }))).toBe(state);
  });

  it('starts over on a rejudge (queued again)', () => {
    const finished = fromView({
      ...view,
      status: SubmissionStatus.Finished,
      verdict: Verdict.Accepted,
      tests: [result(1, Verdict.Accepted)],
      lastSeq: 7,
    });
    const again = applyEvent(finished, event({ type: 'queued', seq: 8 }));
    expect(again.view).toMatchObject({ status: 'queued', verdict: null, tests: [], lastSeq: 8 });
  });
});
