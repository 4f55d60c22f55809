import { describe, expect, it } from 'vitest';
import { SubmissionStatus, Verdict } from '../../libs/contracts/index.js';
import { HOSTILE, resultOf, TERMINAL_CONTROL, viewOf } from '../../test/support/submission-views.js';
import { formatSummary, formatTestTable } from './submission-summary.js';

const finished = { status: SubmissionStatus.Finished, lastSeq: 9 };

describe('formatSummary', () => {
  it('gives the verdict line and the per-test table (test, verdict, CPU ms, wall ms, memory KiB, how the run ended)', () => {
    const tests = [resultOf(1), { ...resultOf(2, Verdict.RuntimeError), exitCode: null, signal: 'SIGSEGV', checkerMessage: null }];
    const text = formatSummary(viewOf({ ...finished, verdict: Verdict.RuntimeError, tests }));
    expect(text.split('\n')).toEqual([
      'Runtime Error (RE): 1 of 2 tests passed',
      '',
      'test  verdict  CPU ms  wall ms  memory KiB  exit',
      '----  -------  ------  -------  ----------  -------',
      '   1  AC           10       20        3001',
      '   2  RE           20       40        3002  SIGSEGV',
    ]);
  });

  it("adds test names for a problem's test cases, the score of a scoring problem and the first rejection's checker message", () => {
    const tests = [
      { ...resultOf(1), name: 'sample/1', group: 'sample' },
      {
        ...resultOf(2, Verdict.WrongAnswer),
        name: 'secret/g1/02',
        group: 'secret/g1',
        checkerMessage: 'token 1: expected "3", got "4"',
        exitCode: 0,
      },
    ];
    const text = formatSummary(viewOf({ ...finished, verdict: Verdict.WrongAnswer, tests, score: 0, maxScore: 100 }));
    expect(text).toContain('Wrong Answer (WA): 1 of 2 tests passed, score 0/100');
    expect(text).toMatch(/^test {2}name {10}verdict/m);
    expect(text).toMatch(/^ {3}2 {2}secret\/g1\/02 {2}WA /m);
    expect(text.endsWith('test 2: token 1: expected "3", got "4"')).toBe(true);
  });

  it('prints the compiler output for a Compilation Error and the message for an Internal Error, without an empty table', () => {
    const ce = formatSummary(
      viewOf({ ...finished, verdict: Verdict.CompilationError, testCount: 1, message: "main.c:1:1: error: expected ';'\n" }),
    );
    expect(ce).toBe("Compilation Error (CE): 0 of 1 test passed\n\ncompiler output:\nmain.c:1:1: error: expected ';'");
    const ie = formatSummary(viewOf({ ...finished, verdict: Verdict.InternalError, message: 'sandbox unavailable' }));
    expect(ie).toBe('Internal Error (IE): 0 of 2 tests passed\n\nmessage: sandbox unavailable');
  });

  it("prints the server's text without terminal controls: compiler output, message, test names, checker message", () => {
    const ce = formatSummary(viewOf({ ...finished, verdict: Verdict.CompilationError, message: `main.c:1:2: error: #error "${HOSTILE}"` }));
    expect(ce).not.toMatch(TERMINAL_CONTROL);
    expect(ce).toContain('compiler output:\nmain.c:1:2: error: #error "\ufffd]0;PWNED\ufffd\ufffd[2J\ufffdgotcha\ufffd31m\ufffdevil"');
    const ie = formatSummary(viewOf({ ...finished, verdict: Verdict.InternalError, message: HOSTILE }));
    expect(ie).not.toMatch(TERMINAL_CONTROL);
    expect(ie).toContain('message: \ufffd]0;PWNED');
    const tests = [{ ...resultOf(1, Verdict.WrongAnswer), name: `secret/${HOSTILE}`, checkerMessage: `expected 3${HOSTILE}` }];
    const wa = formatSummary(viewOf({ ...finished, verdict: Verdict.WrongAnswer, tests, testCount: 1 }));
    expect(wa).not.toMatch(TERMINAL_CONTROL);
    expect(wa).toMatch(/^ {3}1 {2}secret\/\ufffd\]0;PWNED.*evil {2}WA /m);
    expect(wa).toContain('test 1: expected 3\ufffd]0;PWNED');
  });

  it('says so when the view is not judged yet, and the table is empty without tests', () => {
    expect(formatSummary(viewOf())).toBe('not judged (queued): 0 of 2 tests passed');
    expect(formatTestTable([])).toBe('');
  });
});
