import { describe, expect, it } from 'vitest';
import { SubmissionStatus, Verdict } from '../../libs/contracts/index.js';
import { AT, HOSTILE, ID, resultOf, TERMINAL_CONTROL, testFinishedOf, viewOf } from '../../test/support/submission-views.js';
import { ProgressPrinter } from './progress-printer.js';
import { SubmissionProgress } from './submission-progress.js';

/** A stream that records what is written to it. */
function recorder(isTTY: boolean): { isTTY: boolean; text: string; write(s: string): void } {
  return {
    isTTY,
    text: '',
    write(s: string) {
      this.text += s;
    },
  };
}

/** Feeds a two-test judging to `printer`: state, compiling, test 1 running and finished, test 2 the same. */
function judgeTwoTests(printer: ProgressPrinter): SubmissionProgress {
  const progress = new SubmissionProgress(ID);
  const step = (apply: () => void): void => {
    apply();
    printer.update(progress);
  };
  step(() => progress.applyState(viewOf()));
  step(() => progress.applyEvent({ type: 'compiling', submissionId: ID, problemId: null, seq: 2, at: AT }));
  step(() => progress.applyEvent({ type: 'running', submissionId: ID, problemId: null, seq: 3, at: AT, test: 1, of: 2 }));
  step(() => progress.applyEvent(testFinishedOf(4, 2, resultOf(1))));
  step(() => progress.applyEvent({ type: 'running', submissionId: ID, problemId: null, seq: 5, at: AT, test: 2, of: 2 }));
  step(() => progress.applyEvent(testFinishedOf(6, 2, resultOf(2, Verdict.TimeLimitExceeded))));
  return progress;
}

describe('ProgressPrinter', () => {
  it('writes one line per finished test when not on a terminal, each once even when a new state repeats it', () => {
    const out = recorder(false);
    const printer = new ProgressPrinter(out);
    const progress = judgeTwoTests(printer);
    progress.applyState(
      viewOf({ lastSeq: 6, status: SubmissionStatus.Running, tests: [resultOf(1), resultOf(2, Verdict.TimeLimitExceeded)] }),
    );
    printer.update(progress);
    printer.done();
    expect(out.text).toBe('test 1/2 AC  10 ms  3001 KiB\ntest 2/2 TLE  20 ms  3002 KiB\n');
  });

  it("writes no terminal control of the server's (a verdict that is not one), on a terminal or not", () => {
    for (const isTTY of [false, true]) {
      const out = recorder(isTTY);
      const printer = new ProgressPrinter(out);
      const progress = new SubmissionProgress(ID);
      progress.applyState(viewOf({ status: SubmissionStatus.Running, tests: [{ ...resultOf(1), verdict: HOSTILE as Verdict }] }));
      printer.update(progress);
      printer.done();
      // On a terminal the printer's own CR and erase-line are the only controls.
      const printed = out.text.split('\r\x1b[2K').join('');
      expect(printed).toContain('PWNED');
      expect(printed).not.toMatch(TERMINAL_CONTROL);
    }
  });

  it('rewrites one line in place on a terminal and clears it at the end', () => {
    const out = recorder(true);
    const printer = new ProgressPrinter(out);
    judgeTwoTests(printer);
    printer.done();
    const frames = out.text.split('\r\x1b[2K').slice(1);
    expect(frames).toEqual([
      'queued ...',
      'compiling ...',
      'test 1/2 ... running',
      'test 1/2 AC',
      'test 1/2 AC; test 2/2 ... running',
      'test 2/2 TLE',
      '',
    ]);
    expect(out.text).not.toContain('\n');
  });
});
