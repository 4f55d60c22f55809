import { SubmissionStatus } from '../../../libs/contracts/index.js';
import { compilerLineNumbers } from './compiler-lines.js';
import { byId, element } from './dom.js';
import type { ResultState } from './result-state.js';
import { statusName, verdictName } from './verdicts.js';

/** The permalink of a submission: `/#/submissions/<id>` on this origin. */
export function permalinkOf(submissionId: string): string {
  return `${location.origin}/#/submissions/${submissionId}`;
}

/** `1,234 KiB` / `12 ms`, grouped for reading. */
const number = new Intl.NumberFormat('en');

/**
 * The result panel: summary line, permalink, compiler output with the source lines it names
 * (each a button that puts the editor's cursor there), the per-test table (test number and name,
 * verdict, CPU time in ms, peak memory in KiB) and, for a free run, the program's output.
 */
export class ResultPanel {
  private readonly summary = byId('summary', HTMLElement);
  private readonly permalinkRow = byId('permalink-row', HTMLElement);
  private readonly permalink = byId('permalink', HTMLAnchorElement);
  private readonly compilePanel = byId('compile-panel', HTMLElement);
  private readonly compileLines = byId('compile-lines', HTMLElement);
  private readonly compileOutput = byId('compile-output', HTMLElement);
  private readonly rows = byId('tests', HTMLTableElement).tBodies[0]!;
  private readonly outputPanel = byId('run-output-panel', HTMLElement);
  private readonly output = byId('run-output', HTMLElement);
  private readonly stderrHeading = byId('run-stderr-heading', HTMLElement);
  private readonly stderr = byId('run-stderr', HTMLElement);

  /** @param goToLine moves the editor's cursor to a 1-based source line. */
  constructor(private readonly goToLine: (line: number) => void) {}

  /** Shows a plain message instead of a result (loading, not found). */
  message(text: string): void {
    this.summary.textContent = text;
    this.summary.removeAttribute('data-verdict');
  }

  /** Shows `state` in full (cheap: a few rows per test case). */
  render({ view, runningTest }: ResultState): void {
    const finished = view.status === SubmissionStatus.Finished;
    const progress = `${view.tests.length} of ${view.testCount} test${view.testCount === 1 ? '' : 's'} judged`;
    let summary = finished && view.verdict ? verdictName(view.verdict) : `${statusName(view.status)}…`;
    if (finished && view.verdict) {
      summary += ` (${view.tests.filter((t) => t.verdict === 'AC').length} of ${view.testCount} passed`;
      if (view.maxScore !== null && view.maxScore !== undefined) summary += `, score ${view.score ?? 0} of ${view.maxScore}`;
      summary += ')';
    } else if (view.status === SubmissionStatus.Running) summary += ` ${progress}`;
    this.summary.textContent = `${view.language}: ${summary}`;
    if (view.verdict && finished) this.summary.dataset.verdict = view.verdict;
    else this.summary.removeAttribute('data-verdict');

    this.permalinkRow.hidden = false;
    this.permalink.href = `#/submissions/${view.id}`;
    this.permalink.textContent = permalinkOf(view.id);

    this.renderCompilerOutput(finished && view.verdict === 'CE' ? (view.message ?? '') : null);
    this.renderRows({ view, runningTest });

    const first = view.tests[0];
    const freeRun = !view.problemId;
    this.outputPanel.hidden = !(freeRun && first);
    if (freeRun && first) {
      this.output.textContent = first.stdout || '(no output)';
      this.stderrHeading.hidden = !first.stderr;
      this.stderr.hidden = !first.stderr;
      this.stderr.textContent = first.stderr;
    }
  }

  private renderCompilerOutput(message: string | null): void {
    this.compilePanel.hidden = message === null;
    this.compileLines.replaceChildren();
    this.compileOutput.textContent = message ?? '';
    if (message === null) return;
    for (const line of compilerLineNumbers(message)) {
      const button = element('button', `Line ${line}`, 'line-link');
      button.type = 'button';
      button.setAttribute('aria-label', `Go to line ${line} in the source`);
      button.addEventListener('click', () => this.goToLine(line));
      const item = element('li');
      item.append(button);
      this.compileLines.append(item);
    }
  }

  private renderRows({ view, runningTest }: ResultState): void {
    const finished = view.status === SubmissionStatus.Finished;
    const byTest = new Map(view.tests.map((t) => [t.test, t]));
    const count = Math.max(view.testCount, view.tests.length);
    const rows: HTMLTableRowElement[] = [];
    for (let test = 1; test <= count; test++) {
      const result = byTest.get(test);
      const row = element('tr');
      row.dataset.test = String(test);
      const verdict = element('td');
      if (result) {
        verdict.textContent = verdictName(result.verdict);
        row.dataset.verdict = result.verdict;
        verdict.className = `verdict verdict-${result.verdict}`;
        if (result.checkerMessage) {
          // The checker's reason (e.g. `token 1: expected "3", got "5"`), shown under the verdict.
          const reason = element('div', result.checkerMessage, 'checker-message');
          verdict.append(reason);
        }
      } else {
        verdict.textContent = test === runningTest ? 'Running…' : finished ? 'Not run' : 'Waiting';
        verdict.className = 'verdict pending';
      }
      const header = element('th', String(test));
      header.scope = 'row';
      row.append(
        header,
        element('td', result?.name ?? (view.problemId ? '' : 'stdin'), 'test-name'),
        verdict,
        element('td', result ? `${number.format(result.cpuTimeMs)} ms` : '', 'num'),
        element('td', result ? `${number.format(result.memoryKiB)} KiB` : '', 'num'),
      );
      rows.push(row);
    }
    this.rows.replaceChildren(...rows);
  }
}
