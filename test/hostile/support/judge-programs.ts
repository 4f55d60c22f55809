/**
 * Submitting hostile programs through the real API and checking what came back: the verdict is
 * one of those allowed, nothing secret is in the stored result or its events, no `ESCAPED`
 * line, and the program's own assertion holds.
 */
import { expect } from 'vitest';
import type { JudgeLimits, SubmissionEvent, SubmissionView } from '../../../libs/contracts/index.js';
import type { EventWatch } from '../../support/events.js';
import { request } from '../../support/http.js';
import { fillSource, type HostileProgram, type HostTargets } from './hostile-program.js';
import type { HostileProblemKey } from './problem-packages.js';

/** What judging one program produced: the stored submission and its events, or the API's refusal. */
export interface JudgedProgram {
  program: HostileProgram;
  view?: SubmissionView;
  events: SubmissionEvent[];
  /** Status and body when the API did not answer 201. */
  refused?: { status: number; body: unknown };
}

/** Where to submit and how: the API, the event watch, the suite's limits and host targets. */
export interface JudgeContext {
  apiUrl: string;
  watch: EventWatch;
  targets: HostTargets;
  limits: JudgeLimits;
  /** Longest wait for one submission's `finished` event, ms. */
  timeoutMs: number;
  /** Ids of the suite's imported problems. */
  problemIds: Partial<Record<HostileProblemKey, string>>;
}

/**
 * A JSON body with the source as raw bytes: bytes ≥ 0x80 go through untouched (so invalid UTF-8
 * stays invalid), everything else is JSON-escaped.
 */
function rawBody(fields: Record<string, unknown>, sourceBytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let ascii = '';
  const flush = () => {
    if (ascii) parts.push(Buffer.from(JSON.stringify(ascii).slice(1, -1)));
    ascii = '';
  };
  for (const byte of sourceBytes) {
    if (byte < 0x80) ascii += String.fromCharCode(byte);
    else {
      flush();
      parts.push(Buffer.from([byte]));
    }
  }
  flush();
  const rest = JSON.stringify(fields).slice(1);
  return Buffer.concat([Buffer.from('{"sourceCode":"'), ...parts, Buffer.from(`",${rest}`)]);
}

/** Submits `program` and resolves once its `finished` event arrived and the stored view was read back. */
export async function judgeProgram(ctx: JudgeContext, program: HostileProgram): Promise<JudgedProgram> {
  let fields: Record<string, unknown>;
  if (program.problem) {
    const problemId = ctx.problemIds[program.problem];
    if (!problemId) throw new Error(`problem ${program.problem} was not imported`);
    fields = { language: program.language, problemId };
  } else {
    fields = {
      language: program.language,
      limits: { ...ctx.limits, ...program.limits },
      stdin: program.stdin ?? '',
      ...(program.answer === undefined ? {} : { expectedOutput: program.answer }),
    };
  }
  let created: { status: number; body: unknown };
  if (program.sourceBytes) {
    const response = await fetch(`${ctx.apiUrl}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: rawBody(fields, program.sourceBytes),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    created = { status: response.status, body: safeJson(text) };
  } else {
    created = await request(ctx.apiUrl, 'POST', '/submissions', { ...fields, sourceCode: fillSource(program.source, ctx.targets) });
  }
  if (created.status !== 201) return { program, events: [], refused: created };
  const id = (created.body as { id: string }).id;
  const { events } = await ctx.watch.finished(id, ctx.timeoutMs);
  const stored = await request<SubmissionView>(ctx.apiUrl, 'GET', `/submissions/${id}`);
  expect(stored.status, `GET /submissions/${id}`).toBe(200);
  return { program, view: stored.body, events };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A short account of a judged program for assertion messages. */
export function describeResult(j: JudgedProgram): string {
  if (j.refused) return JSON.stringify({ refused: j.refused.status, body: j.refused.body });
  const v = j.view!;
  const tests = v.tests.map((t) => ({
    verdict: t.verdict,
    cpuTimeMs: t.cpuTimeMs,
    wallTimeMs: t.wallTimeMs,
    memoryKiB: t.memoryKiB,
    exitCode: t.exitCode,
    signal: t.signal,
    stdout: t.stdout.slice(0, 300),
    stderr: t.stderr.slice(0, 600),
    checker: t.checkerMessage,
  }));
  return JSON.stringify({ verdict: v.verdict, message: v.message?.slice(0, 600) ?? null, tests }, null, 1);
}

/**
 * The checks every program gets: allowed verdict, no secret anywhere in the stored view or its
 * events, no `ESCAPED` line, then the program's own check.
 */
export function assertJudged(j: JudgedProgram, secrets: readonly string[], limits: JudgeLimits, previewBytes: number): void {
  const { program } = j;
  if (j.refused) {
    expect(program.acceptRejection, `${program.name}: the API refused it: ${describeResult(j)}`).toBe(true);
    expect(j.refused.status, describeResult(j)).toBe(400);
    return;
  }
  const view = j.view!;
  expect(view.status).toBe('finished');
  expect(program.expect, `${program.name} got ${view.verdict}:\n${describeResult(j)}`).toContain(view.verdict);
  const everything = JSON.stringify(view) + JSON.stringify(j.events);
  for (const s of secrets) expect(everything.includes(s), `${program.name}: a secret is in its result`).toBe(false);
  for (const t of view.tests) {
    expect(t.stdout, `${program.name}: escaped:\n${describeResult(j)}`).not.toMatch(/ESCAPED/);
    expect(t.stderr).not.toMatch(/ESCAPED/);
  }
  program.check?.({ view, limits: { ...limits, ...program.limits }, previewBytes });
}
