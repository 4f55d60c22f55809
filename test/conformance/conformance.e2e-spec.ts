import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http.js';
import { extensionsOf, LANGUAGES, sourceFileFor } from '../../libs/judging/index.js';
import { PROGRAMS, type ProgramKind } from '../fixtures/programs.js';
import { PROBLEM_FIXTURES } from '../support/problems.js';
import { ROOT, startApi, startWorker, testServices, type StartedApi, type StartedProcess } from '../support/stack.js';
import { directoryEntries, makeZip, type ZipEntry } from '../support/zip.js';

/** Kattis-format packages written for this suite; each submission's folder names the verdict it must get. */
const PACKAGES = path.join(ROOT, 'test/conformance/packages');
const REPORT_DIR = path.join(ROOT, 'test-artifacts/conformance');
/** Submission folder → verdict (the Kattis package format's names). */
const FOLDER_VERDICT: Record<string, string> = { accepted: 'AC', wrong_answer: 'WA', time_limit_exceeded: 'TLE', run_time_error: 'RE' };
/** Submission folder → the program of test/fixtures/programs.ts every language's submission in it is. */
const FOLDER_PROGRAM: Record<string, ProgramKind> = {
  accepted: 'aPlusB',
  wrong_answer: 'wrongFromTest2',
  time_limit_exceeded: 'infiniteLoop',
  run_time_error: 'crash',
};
/** The package whose submissions are the per-language programs of test/fixtures/programs.ts (one owner of them). */
const EVERY_LANGUAGE = 'aplusb-every-language';

/**
 * Package `name` as zip entries under its top directory: its folder, and for EVERY_LANGUAGE the
 * submissions made from PROGRAMS, one per folder and language, named `<language id><extension>`
 * (Java after its public class, `Main.java`, as javac requires).
 */
function packageEntries(name: string): ZipEntry[] {
  const entries = directoryEntries(path.join(PACKAGES, name), name);
  if (name !== EVERY_LANGUAGE) return entries;
  // Several languages share an extension (.cpp is C++17, C++20 and C++23; .py CPython and PyPy), so
  // submissions.yaml names each file's language, as the format's `language` key allows.
  const languageOf: string[] = [];
  for (const [folder, kind] of Object.entries(FOLDER_PROGRAM)) {
    for (const [id, programs] of Object.entries(PROGRAMS)) {
      const language = LANGUAGES.find((l) => l.id === id);
      if (!language) throw new Error(`test/fixtures/programs.ts has programs for ${id}, which is not in the languages table`);
      const source = programs[kind];
      const file = language.sourceFileRule ? sourceFileFor(language, source) : `${id}${extensionsOf(language)[0]}`;
      entries.push({ name: `${name}/submissions/${folder}/${file}`, data: source });
      languageOf.push(`${folder}/${file}:\n  language: ${id}\n`);
    }
  }
  entries.push({ name: `${name}/submissions/submissions.yaml`, data: languageOf.join('') });
  return entries;
}

interface Report {
  id: string;
  status: string;
  ok: boolean | null;
  entries: { path: string; language: string | null; expected: string; verdict: string | null; ok: boolean | null; cpuTimeMs: number }[];
}

/**
 * The conformance suite (in the style of DMOJ's testsuite and CMS's cmstestsuite): every package
 * is imported into the running service and verified (`POST /problems/:id/verify`); each submission
 * must get its folder's verdict in its language. Writes a per-language × per-verdict agreement
 * table to test-artifacts/conformance/report.md, and runs scripts/verify-problem.mjs over every
 * package (these and test/fixtures/problems/*), which must exit 0.
 */
describe('conformance: package submissions get their folder verdict in every language', () => {
  const env = testServices('conformance');
  let api: StartedApi;
  let worker: StartedProcess;

  beforeAll(async () => {
    worker = await startWorker({ ...env, WORKER_CONCURRENCY: '2' });
    api = await startApi(env);
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
  });

  /**
   * Writes `name`'s zip to a temp file and runs scripts/verify-problem.mjs on it against the API.
   * @returns its exit code, output, and the verification report it wrote (`--json`), if any.
   */
  async function verifyWithScript(
    dir: string,
    name: string,
    entries: ZipEntry[],
  ): Promise<{ code: number; out: string; report: Report | null }> {
    const zip = path.join(dir, `${name}.zip`);
    const json = path.join(dir, `${name}.json`);
    writeFileSync(zip, makeZip(entries));
    const result = await new Promise<{ code: number; out: string }>((resolve) =>
      execFile(
        process.execPath,
        ['scripts/verify-problem.mjs', '--api', api.url, '--slug', `verify-${name}`, '--json', json, zip],
        { cwd: ROOT, timeout: 540_000 },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
      ),
    );
    return { ...result, report: existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Report) : null };
  }

  it('every submission of every conformance package gets its folder verdict (verify-problem.mjs); report.md has the table', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'conformance-'));
    const table = new Map<string, Map<string, { agree: number; total: number }>>();
    const failures: string[] = [];
    for (const name of readdirSync(PACKAGES)) {
      const { code, out, report } = await verifyWithScript(dir, name, packageEntries(name));
      expect(report?.status, `${name}: ${out}`).toBe('finished');
      expect([0, 1], `${name}: ${out}`).toContain(code);
      for (const e of report!.entries) {
        const folder = e.path.split('/')[1]!;
        // The report names each entry's language (submissions.yaml gives it, as several share an extension).
        const language = e.language ?? 'none';
        const expected = FOLDER_VERDICT[folder] ?? folder;
        const row = table.get(language) ?? new Map<string, { agree: number; total: number }>();
        table.set(language, row);
        const cell = row.get(expected) ?? { agree: 0, total: 0 };
        row.set(expected, cell);
        cell.total++;
        if (e.verdict === expected) cell.agree++;
        else failures.push(`${name}/${e.path}: expected ${expected}, got ${e.verdict}`);
      }
      // The script's exit code agrees with the report: 0 exactly when every submission got its verdict.
      expect(code, out).toBe(report!.ok ? 0 : 1);
    }
    const verdicts = Object.values(FOLDER_VERDICT);
    const lines = [
      '# Conformance: agreement of each submission with its folder verdict',
      '',
      `| language | ${verdicts.join(' | ')} |`,
      `|---|${verdicts.map(() => '---').join('|')}|`,
      ...[...table].map(
        ([language, row]) =>
          `| ${language} | ${verdicts.map((v) => (row.get(v) ? `${row.get(v)!.agree}/${row.get(v)!.total}` : '—')).join(' | ')} |`,
      ),
      '',
      failures.length ? `Disagreements:\n${failures.map((f) => `- ${f}`).join('\n')}` : 'Every submission got its folder verdict.',
      '',
    ];
    mkdirSync(REPORT_DIR, { recursive: true });
    writeFileSync(path.join(REPORT_DIR, 'report.md'), lines.join('\n'));
    console.log(lines.join('\n'));
    expect(failures).toEqual([]);
    // The main package has an accepted submission in every language the worker offers.
    const offered = (await request<{ id: string }[]>(api.url, 'GET', '/languages')).body.map((l) => l.id);
    for (const id of offered) expect(table.get(id)?.get('AC')?.agree, id).toBeGreaterThan(0);
  }, 600_000);

  it('scripts/verify-problem.mjs exits 0 on every test fixture package with submissions', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'conformance-'));
    // The conformance packages were verified by the script in the test above.
    const packages = [
      ...readdirSync(PROBLEM_FIXTURES)
        .filter((n) => existsSync(path.join(PROBLEM_FIXTURES, n, 'submissions')))
        .map((n) => [n, directoryEntries(path.join(PROBLEM_FIXTURES, n), n)] as const),
    ];
    for (const [name, entries] of packages) {
      const { code, out } = await verifyWithScript(dir, name, entries);
      expect(code, `${name}: ${out}`).toBe(0);
    }
  }, 600_000);
});
