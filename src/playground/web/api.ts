import type { LanguageInfo, SubmissionView } from '../../../libs/contracts/index.js';
import { apiKeyHeaders } from './api-key.js';

/** A problem as `GET /problems` lists it (the fields the playground reads). */
export interface ProblemSummary {
  id: string;
  slug: string;
  title: string;
  /** As the package gave it: Markdown, HTML or LaTeX source. */
  statement: string;
  limits: { cpuTimeMs: number; wallTimeMs: number; memoryKiB: number; outputKiB: number };
  testCount: number;
  archived: boolean;
}

/** What `POST /submissions` takes from the playground: against a problem, or a free run with stdin. */
export type SubmissionRequest =
  | { language: string; sourceCode: string; problemId: string }
  | { language: string; sourceCode: string; stdin: string; expectedOutput?: string };

/** A non-2xx answer of the API, with its `message` (one string, or the 400's list of broken rules). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
  ) {
    super(messages.join('; ') || `HTTP ${status}`);
  }
}

/** Longest the page waits for one REST answer, ms. */
const REQUEST_TIMEOUT_MS = 15_000;

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      // The API key entered on the page, if any (docs/auth.md).
      ...apiKeyHeaders(),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    const message = typeof parsed === 'object' && parsed !== null ? (parsed as { message?: unknown }).message : parsed;
    const messages = Array.isArray(message) ? message.map(String) : typeof message === 'string' && message ? [message] : [];
    throw new ApiError(response.status, messages);
  }
  return parsed as T;
}

/** `GET /languages`. @throws ApiError (503 while no worker answers). */
export function fetchLanguages(): Promise<LanguageInfo[]> {
  return call<LanguageInfo[]>('GET', '/languages');
}

/** `GET /problems?limit=100`: the newest 100 problems. @throws ApiError. */
export async function fetchProblems(): Promise<ProblemSummary[]> {
  const page = await call<{ items: ProblemSummary[] }>('GET', '/problems?limit=100');
  return page.items;
}

/** `GET /submissions/:id`. @throws ApiError (404 for an unknown id). */
export function fetchSubmission(id: string): Promise<SubmissionView> {
  return call<SubmissionView>('GET', `/submissions/${encodeURIComponent(id)}`);
}

/** `GET /submissions?problemId=&limit=`: the newest submissions of one problem. @throws ApiError. */
export async function fetchProblemSubmissions(problemId: string, limit: number): Promise<SubmissionView[]> {
  const page = await call<{ items: SubmissionView[] }>('GET', `/submissions?problemId=${encodeURIComponent(problemId)}&limit=${limit}`);
  return page.items;
}

/** `POST /submissions`. @returns the new submission's id. @throws ApiError (400 listing the broken rules). */
export async function createSubmission(request: SubmissionRequest): Promise<string> {
  const created = await call<{ id: string }>('POST', '/submissions', request);
  return created.id;
}
