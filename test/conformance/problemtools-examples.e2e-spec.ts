import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureProblemtoolsExamples, PROBLEMTOOLS_VERSION } from '../support/problemtools-examples.js';
import { importPackage, verifyProblem } from '../support/problems.js';
import { ROOT, startApi, startWorker, testServices, type StartedApi, type StartedProcess } from '../support/stack.js';
import { directoryEntries, makeZip } from '../support/zip.js';

const REPORT = path.join(ROOT, 'test-artifacts/conformance/problemtools-examples.md');

interface Report {
  status: string;
  error: string | null;
  entries: {
    path: string;
    language: string | null;
    expected: string;
    verdict: string | null;
    ok: boolean | null;
    message: string | null;
  }[];
}

/**
 * The conformance suite on material Verdict's authors did not write: problemtools' own example
 * packages (test/support/problemtools-examples.ts), imported as they are published and verified by
 * the running service. Every submission of the jury's folders must get its folder's verdict, as
 * problemtools' verifyproblem judges them; a submission in a language Verdict does not offer
 * (Scala, Common Lisp, Python 2) is reported not judged, as verifyproblem skips a language it lacks.
 * Writes a language × folder agreement table to test-artifacts/conformance/problemtools-examples.md.
 */
describe(`conformance: problemtools ${PROBLEMTOOLS_VERSION}'s example packages, as published`, () => {
  const env = testServices('problemtools');
  let api: StartedApi;
  let worker: StartedProcess;
  let examples: string;

  beforeAll(async () => {
    examples = await ensureProblemtoolsExamples();
    worker = await startWorker({ ...env, WORKER_CONCURRENCY: '2' });
    api = await startApi(env);
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
  });

  it('imports every example and every judged submission gets its folder verdict', async () => {
    const names = readdirSync(examples).filter((n) => statSync(path.join(examples, n)).isDirectory());
    expect(names).toEqual(expect.arrayContaining(['different', 'guess', 'hello', 'oddecho']));
    const table = new Map<string, Map<string, { agree: number; total: number }>>();
    const disagreements: string[] = [];
    const notJudged: string[] = [];
    for (const name of names) {
      const imported = await importPackage<{ id: string }>(api.url, makeZip(directoryEntries(path.join(examples, name), name)), {
        slug: `problemtools-${name}`,
      });
      expect(imported.status, `${name}: ${JSON.stringify(imported.body)}`).toBe(201);
      const report = await verifyProblem<Report & { id: string }>(api.url, imported.body.id, 300_000);
      expect([report.status, report.error], name).toEqual(['finished', null]);
      for (const e of report.entries) {
        if (e.language === null) {
          expect(e.message, `${name}/${e.path}`).toMatch(/^not judged: /);
          notJudged.push(`${name}/${e.path}: ${e.message}`);
          continue;
        }
        const row = table.get(e.language) ?? new Map<string, { agree: number; total: number }>();
        table.set(e.language, row);
        const cell = row.get(e.expected) ?? { agree: 0, total: 0 };
        row.set(e.expected, cell);
        cell.total++;
        if (e.ok === true) cell.agree++;
        else disagreements.push(`${name}/${e.path}: expected ${e.expected}, got ${e.verdict}${e.message ? ` (${e.message})` : ''}`);
      }
    }
    const folders = [...new Set([...table.values()].flatMap((row) => [...row.keys()]))].sort();
    const judged = [...table.values()].flatMap((row) => [...row.values()]);
    const agree = judged.reduce((n, c) => n + c.agree, 0);
    const total = judged.reduce((n, c) => n + c.total, 0);
    const lines = [
      `# Conformance: problemtools ${PROBLEMTOOLS_VERSION}'s examples (${names.join(', ')})`,
      '',
      `${agree} of ${total} judged submissions got their folder's verdict; ${notJudged.length} not judged (a language Verdict does not offer, or a multi-file submission).`,
      '',
      `| language | ${folders.join(' | ')} |`,
      `|---|${folders.map(() => '---').join('|')}|`,
      ...[...table]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(
          ([language, row]) =>
            `| ${language} | ${folders.map((f) => (row.get(f) ? `${row.get(f)!.agree}/${row.get(f)!.total}` : '—')).join(' | ')} |`,
        ),
      '',
      ...(disagreements.length ? ['Disagreements:', ...disagreements.map((d) => `- ${d}`), ''] : []),
      ...(notJudged.length ? ['Not judged:', ...notJudged.map((d) => `- ${d}`), ''] : []),
    ];
    mkdirSync(path.dirname(REPORT), { recursive: true });
    writeFileSync(REPORT, lines.join('\n'));
    console.log(lines.join('\n'));
    expect(disagreements).toEqual([]);
    // The examples hold submissions in a dozen languages Verdict offers; all of them were judged.
    expect(table.size).toBeGreaterThanOrEqual(10);
  }, 900_000);
});
