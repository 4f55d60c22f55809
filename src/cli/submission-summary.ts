import { Verdict, type SubmissionView, type TestResult } from '../../libs/contracts/index.js';
import { terminalLine, terminalText } from './terminal-text.js';
import { formatTable, type Column } from './text-table.js';
import { VERDICT_NAMES } from './verdict-names.js';

/** How a run ended, beyond its verdict: `exit 3`, `SIGSEGV`, or empty for a clean exit. */
function endOf(test: TestResult): string {
  if (test.signal) return test.signal;
  return test.exitCode !== null && test.exitCode !== 0 ? `exit ${test.exitCode}` : '';
}

/**
 * The per-test table of a submission: test number (and name, for a problem's test cases), verdict,
 * CPU time (ms), wall time (ms), peak memory (KiB) and how the run ended; empty string when no test ran.
 */
export function formatTestTable(tests: readonly TestResult[]): string {
  if (tests.length === 0) return '';
  const named = tests.some((t) => t.name);
  const columns: Column[] = [
    { header: 'test', align: 'right' },
    ...(named ? [{ header: 'name' }] : []),
    { header: 'verdict' },
    { header: 'CPU ms', align: 'right' },
    { header: 'wall ms', align: 'right' },
    { header: 'memory KiB', align: 'right' },
    { header: 'exit' },
  ];
  const rows = tests.map((t) => [
    String(t.test),
    ...(named ? [t.name ?? ''] : []),
    t.verdict,
    String(t.cpuTimeMs),
    String(t.wallTimeMs),
    String(t.memoryKiB),
    endOf(t),
  ]);
  return formatTable(columns, rows);
}

/**
 * The end-of-judging report of a finished `view`: a verdict line (`Wrong Answer (WA): 1 of 3 tests
 * passed`, with the score for a scoring problem), the per-test table, then what explains a rejection:
 * the compiler output for CE, the operator message for IE, the checker's message of the first
 * rejected test. The server's text in it is made terminal-safe (terminalText; the table's cells by
 * formatTable). Ends without a newline.
 */
export function formatSummary(view: SubmissionView): string {
  const verdict = view.verdict;
  const passed = view.tests.filter((t) => t.verdict === Verdict.Accepted).length;
  const name = verdict ? `${VERDICT_NAMES[verdict]} (${verdict})` : `not judged (${view.status})`;
  const score = view.maxScore ? `, score ${view.score ?? 0}/${view.maxScore}` : '';
  const parts = [terminalLine(`${name}: ${passed} of ${view.testCount} test${view.testCount === 1 ? '' : 's'} passed${score}`)];
  const table = formatTestTable(view.tests);
  if (table) parts.push(table);
  if (verdict === Verdict.CompilationError) parts.push(`compiler output:\n${terminalText(view.message?.trimEnd() || '(none)')}`);
  else if (view.message) parts.push(`message: ${terminalText(view.message.trimEnd())}`);
  const rejected = view.tests.find((t) => t.verdict !== Verdict.Accepted);
  if (rejected?.checkerMessage) parts.push(`test ${rejected.test}: ${terminalText(rejected.checkerMessage.trimEnd())}`);
  return parts.join('\n\n');
}
