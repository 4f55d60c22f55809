import type { SubmissionProgress } from './submission-progress.js';
import { terminalLine } from './terminal-text.js';

/** Where progress goes: a stream and whether it is a terminal (lines are then rewritten in place). */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Longest progress line kept on a terminal, characters (so it never wraps and cannot be cleared). */
const MAX_LINE = 78;

/**
 * Shows a followed submission's progress. On a terminal one line is rewritten in place
 * (`test 3/10 ... running`, after the previous test's verdict); elsewhere (a pipe, a log) each
 * finished test gets one line of its own (`test 3/10 AC  14 ms  3772 KiB`), printed once even when a
 * fresh `state` repeats it. `done()` clears the terminal line. Every line goes through terminalLine
 * (it holds the server's verdicts and numbers): the printer's own CR and erase-line sequence are the
 * only controls it writes.
 */
export class ProgressPrinter {
  private printed = new Set<number>();
  private shown = '';

  constructor(private readonly out: ProgressOutput) {}

  /** Renders `progress` after a change. */
  update(progress: SubmissionProgress): void {
    const view = progress.view;
    if (!view) return;
    const of = progress.running?.of ?? view.testCount;
    if (!this.out.isTTY) {
      for (const t of progress.tests) {
        if (this.printed.has(t.test)) continue;
        this.printed.add(t.test);
        this.out.write(`${terminalLine(`test ${t.test}/${of} ${t.verdict}  ${t.cpuTimeMs} ms  ${t.memoryKiB} KiB`)}\n`);
      }
      return;
    }
    const last = progress.tests.at(-1);
    const done = last ? `test ${last.test}/${of} ${last.verdict}` : '';
    let line: string;
    if (progress.running) line = `${done ? `${done}; ` : ''}test ${progress.running.test}/${progress.running.of} ... running`;
    else if (view.status === 'finished') line = '';
    else if (done) line = done;
    else line = `${view.status} ...`;
    this.show(terminalLine(line).slice(0, MAX_LINE));
  }

  /** Clears the terminal's progress line (nothing to do elsewhere). */
  done(): void {
    if (this.out.isTTY) this.show('');
  }

  private show(line: string): void {
    if (line === this.shown) return;
    this.out.write(`\r\x1b[2K${line}`);
    this.shown = line;
  }
}
