import { VerdictApi } from './api-client.js';
import { ExitCode } from './cli-error.js';
import { readPackage } from './package-source.js';
import { readProblem, type ProblemSummary } from './server-messages.js';
import { resolveApiKey } from './api-key.js';
import { resolveServerUrl } from './server-url.js';
import { terminalJson, terminalLine } from './terminal-text.js';
import { formatTable } from './text-table.js';

/** Options of `verdict problems import`. */
export interface ImportOptions {
  server?: string;
  apiKey?: string;
  json?: boolean;
  slug?: string;
}

/** The report of an imported problem: id, slug, title and format, then its test groups with their test counts; the server's text made terminal-safe. */
export function formatImported(problem: ProblemSummary): string {
  const samples = problem.groups.filter((g) => g.sample).reduce((n, g) => n + g.testCases.length, 0);
  const head = [
    `imported problem ${problem.slug} (id ${problem.id}): ${problem.title}`,
    `${problem.testCount} test cases (${samples} sample, ${problem.testCount - samples} secret)` +
      (problem.packageFormat ? `, package format ${problem.packageFormat}` : ''),
  ].map(terminalLine);
  const groups = formatTable(
    [{ header: 'group' }, { header: 'tests', align: 'right' }, { header: 'points', align: 'right' }],
    problem.groups.map((g) => [g.name, String(g.testCases.length), String(g.points)]),
  );
  return `${head.join('\n')}\n\n${groups}`;
}

/**
 * `verdict problems import DIR|ZIP`: uploads the package (`POST /problems/import`, multipart field
 * `package`; a directory is zipped in memory first) and prints what was stored, or with `--json` the API's ProblemView.
 * @throws CliError (exit 2) with the API's message for a bad package, or when the path is unreadable or the server unreachable.
 */
export async function importCommand(path: string, options: ImportOptions): Promise<ExitCode> {
  const api = new VerdictApi(resolveServerUrl(options.server), resolveApiKey(options.apiKey));
  const upload = await readPackage(path);
  const form = new FormData();
  form.append('package', new Blob([upload.zip], { type: 'application/zip' }), upload.fileName);
  if (options.slug !== undefined) form.append('slug', options.slug);
  const problem = await api.postForm('/problems/import', form, readProblem);
  process.stdout.write(options.json ? `${terminalJson(problem)}\n` : `${formatImported(problem)}\n`);
  return ExitCode.Ok;
}
