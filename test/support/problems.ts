import path from 'node:path';
import type { SubmissionView } from '../../libs/contracts/index.js';
import type { EventWatch } from './events.js';
import { request } from './http.js';
import { ROOT } from './stack.js';
import { directoryEntries, makeZip, type ZipEntry } from './zip.js';

/** Directory of the problem packages written for the tests. */
export const PROBLEM_FIXTURES = path.join(ROOT, 'test/fixtures/problems');

/** A fixture package zipped as its folder (top directory = its name), plus extra entries. */
export function fixtureZip(name: string, extra: ZipEntry[] = []): Buffer {
  return makeZip([...directoryEntries(path.join(PROBLEM_FIXTURES, name), name), ...extra]);
}

/** Uploads a zip to `POST /problems/import` as multipart/form-data (with the optional form fields `slug` and `timeLimitSource`). */
export async function importPackage<T = unknown>(
  apiUrl: string,
  zip: Buffer,
  { fileName = 'package.zip', slug, timeLimitSource }: { fileName?: string; slug?: string; timeLimitSource?: string } = {},
): Promise<{ status: number; body: T; elapsedMs: number }> {
  const form = new FormData();
  form.append('package', new Blob([zip], { type: 'application/zip' }), fileName);
  if (slug) form.append('slug', slug);
  if (timeLimitSource) form.append('timeLimitSource', timeLimitSource);
  // Let the event loop see connections the server closed while this process was busy (building
  // a large zip synchronously), so a closed keep-alive socket is not picked for the upload.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = performance.now();
  const send = () => fetch(`${apiUrl}/problems/import`, { method: 'POST', body: form, signal: AbortSignal.timeout(300_000) });
  let response: Response | undefined;
  for (let attempt = 1; !response; attempt++) {
    try {
      response = await send();
    } catch (err) {
      // A kept-alive socket the server closed just before the upload fails with EPIPE/ECONNRESET
      // before any response: the request never arrived, so it is sent again.
      const code = ((err as Error).cause as NodeJS.ErrnoException | undefined)?.code;
      if (attempt >= 3 || (code !== 'EPIPE' && code !== 'ECONNRESET')) throw err;
    }
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, body: body as T, elapsedMs: performance.now() - started };
}

/**
 * Starts `POST /problems/:id/verify` and polls the verification every 200 ms
 * until it is `finished` or `failed`; returns that report as the API gives it.
 * @throws Error naming the answer when the start is not a 202, or when it has not ended within `timeoutMs` (ms).
 */
export async function verifyProblem<T extends { id: string; status: string }>(
  apiUrl: string,
  problemId: string,
  timeoutMs: number,
): Promise<T> {
  const queued = await request<T>(apiUrl, 'POST', `/problems/${problemId}/verify`);
  if (queued.status !== 202)
    throw new Error(`POST /problems/${problemId}/verify answered ${queued.status}: ${JSON.stringify(queued.body)}`);
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    const report = await request<T>(apiUrl, 'GET', `/problems/${problemId}/verifications/${queued.body.id}`);
    if (report.body.status === 'finished' || report.body.status === 'failed') return report.body;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`verification did not finish in ${timeoutMs / 1000} s`);
}

/** Submits `sourceCode` against a problem and waits for the stored, finished submission. */
export async function judgeOnProblem(
  apiUrl: string,
  watch: EventWatch,
  problemId: string,
  language: string,
  sourceCode: string,
  timeoutMs = 180_000,
): Promise<SubmissionView> {
  const created = await request<{ id: string }>(apiUrl, 'POST', '/submissions', { problemId, language, sourceCode });
  if (created.status !== 201) throw new Error(`submission refused: ${created.status} ${JSON.stringify(created.body)}`);
  await watch.finished(created.body.id, timeoutMs);
  const stored = await request<SubmissionView>(apiUrl, 'GET', `/submissions/${created.body.id}`);
  return stored.body;
}
