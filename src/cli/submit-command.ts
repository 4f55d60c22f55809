import { basename } from 'node:path';
import { Verdict } from '../../libs/contracts/index.js';
import { VerdictApi } from './api-client.js';
import { CliError, ExitCode } from './cli-error.js';
import { readTextFile } from './input-file.js';
import { guessLanguage } from './language-guess.js';
import { resolveProblemId } from './problem-lookup.js';
import { ProgressPrinter } from './progress-printer.js';
import { readCreated, readLanguages, readSubmission } from './server-messages.js';
import { resolveApiKey } from './api-key.js';
import { resolveServerUrl } from './server-url.js';
import { followSubmission } from './submission-follower.js';
import { formatSummary } from './submission-summary.js';
import { terminalJson, terminalLine } from './terminal-text.js';

/** Options of `verdict submit FILE`, as commander parses them. */
export interface SubmitOptions {
  problem?: string;
  stdin?: string;
  expect?: string;
  language?: string;
  server?: string;
  apiKey?: string;
  json?: boolean;
  /** CPU time limit, ms. */
  timeLimit?: number;
  /** Memory limit, KiB. */
  memoryLimit?: number;
}

/** The option combinations the API would refuse, refused here first with the CLI's option names. */
function checkOptions(options: SubmitOptions): void {
  if (options.problem === undefined) return;
  const clashing = [
    options.stdin !== undefined && '--stdin',
    options.expect !== undefined && '--expect',
    options.timeLimit !== undefined && '--time-limit',
    options.memoryLimit !== undefined && '--memory-limit',
  ].filter(Boolean);
  if (clashing.length > 0) {
    throw new CliError(`--problem judges with the problem's own test data and limits: leave out ${clashing.join(', ')}`);
  }
}

/** The `POST /submissions` body for `file`. */
async function submissionBody(api: VerdictApi, file: string, language: string, options: SubmitOptions): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = { language, sourceCode: await readTextFile(file, 'source file'), fileName: basename(file) };
  if (options.problem !== undefined) {
    body.problemId = await resolveProblemId(api, options.problem);
    return body;
  }
  if (options.stdin !== undefined) body.stdin = await readTextFile(options.stdin, '--stdin');
  if (options.expect !== undefined) body.expectedOutput = await readTextFile(options.expect, '--expect');
  const limits: Record<string, number> = {};
  if (options.timeLimit !== undefined) limits.cpuTimeMs = options.timeLimit;
  if (options.memoryLimit !== undefined) limits.memoryKiB = options.memoryLimit;
  if (Object.keys(limits).length > 0) body.limits = limits;
  return body;
}

/**
 * `verdict submit FILE`: submits the file (to a problem, or with an inline test from `--stdin` and
 * `--expect`), follows it live (progress on stderr), then prints the summary (or, with `--json`, only
 * the final SubmissionView) on stdout.
 * @returns ExitCode.Ok when Accepted, ExitCode.NotAccepted for any other verdict.
 * @throws CliError (exit 2) for bad options, unreadable files, API errors and an unreachable server.
 */
export async function submitCommand(file: string, options: SubmitOptions): Promise<ExitCode> {
  checkOptions(options);
  const api = new VerdictApi(resolveServerUrl(options.server), resolveApiKey(options.apiKey));
  /** A note on stderr (not with --json); it names the server's ids, so it goes through terminalLine. */
  const log = (line: string): void => {
    if (!options.json) process.stderr.write(`${terminalLine(line)}\n`);
  };
  let language = options.language;
  if (language === undefined) {
    const guess = guessLanguage(file, await api.get('/languages', readLanguages));
    language = guess.id;
    const others = guess.alternatives.length > 0 ? `; also ${guess.alternatives.join(', ')}: choose with --language` : '';
    log(`language: ${language} (from the file name${others})`);
  }
  const created = await api.postJson('/submissions', await submissionBody(api, file, language, options), readCreated);
  log(`submission ${created.id}`);
  const printer = options.json ? null : new ProgressPrinter(process.stderr);
  try {
    await followSubmission(api.baseUrl, created.id, (progress) => printer?.update(progress), undefined, api.apiKey);
  } finally {
    printer?.done();
  }
  const final = await api.get(`/submissions/${encodeURIComponent(created.id)}`, readSubmission);
  process.stdout.write(options.json ? `${terminalJson(final)}\n` : `${formatSummary(final)}\n`);
  return final.verdict === Verdict.Accepted ? ExitCode.Ok : ExitCode.NotAccepted;
}
