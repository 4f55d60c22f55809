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
    const events: SubmissionEvent[] = [
      { type: 'compiling', submissionId: ID, seq: 2, at: AT },
      { type: 'running', submissionId: ID, seq: 3, at: AT, test: 1, of: 2 },
      { type: 'test-finished', submissionId: ID, seq: 4, at: AT, of: 2, result: result(1, Verdict.Accepted) },
      { type: 'running', submissionId: ID, seq: 5, at: AT, test: 2, of: 2 },
    ];
    let state = fromView(view);
    for (const event of events) state = applyEvent(state, event);
    expect(state.runningTest).toBe(2);
    expect(state.view).toMatchObject({ status: 'running', lastSeq: 5, tests: [result(1, Verdict.Accepted)] });
    state = applyEvent(state, { type: 'test-finished', submissionId: ID, seq: 6, at: AT, of: 2, result: result(2, Verdict.WrongAnswer) });
    state = applyEvent(state, {
      type: 'finished',
      submissionId: ID,
      seq: 7,
      at: AT,
      status: SubmissionStatus.Finished,
      verdict: Verdict.WrongAnswer,
      passed: 1,
      testCount: 2,
      cpuTimeMs: 10,
      memoryKiB: 4000,
      message: null,
    });
    expect(state.runningTest).toBeNull();
    expect(state.view).toMatchObject({ status: 'finished', verdict: 'WA', lastSeq: 7, finishedAt: AT });
    expect(state.view.tests.map((t) => t.verdict)).toEqual(['AC', 'WA']);
  });

  it('ignores events already in the view and those of other submissions', () => {
    const state = fromView({ ...view, lastSeq: 4 });
    expect(applyEvent(state, { type: 'compiling', submissionId: ID, seq: 4, at: AT })).toBe(state);
    expect(applyEvent(state, { type: 'compiling', submissionId: 'f'.repeat(24), seq: 9, at: AT })).toBe(state);
  });

  it('starts over on a rejudge (queued again)', () => {
    const finished = fromView({
      ...view,
      status: SubmissionStatus.Finished,
      verdict: Verdict.Accepted,
      tests: [result(1, Verdict.Accepted)],
      lastSeq: 7,
    });
    const again = applyEvent(finished, { type: 'queued', submissionId: ID, seq: 8, at: AT });
    expect(again.view).toMatchObject({ status: 'queued', verdict: null, tests: [], lastSeq: 8 });
  });
});
