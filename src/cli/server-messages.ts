import {
  SUBMISSION_EVENT_TYPES,
  SubmissionStatus,
  Verdict,
  type LanguageInfo,
  type SubmissionEvent,
  type SubmissionView,
  type TestResult,
} from '../../libs/contracts/index.js';
import {
  fields,
  finite,
  flag,
  listOf,
  nonNegative,
  oneOf,
  optional,
  orNull,
  record,
  serverSent,
  nonEmpty,
  text,
  whole,
  type Check,
} from './server-shape.js';

// What the CLI reads of the server's answers and messages, checked before use: the fields it uses
// (the others pass through unchecked, for --json). Each read… function throws a CliError (exit 2)
// `the server sent a malformed <what>: <path> is <found>, not <expected>` for anything else.

/** A problem as `GET /problems` and `POST /problems/import` describe it, the fields the CLI uses. */
export interface ProblemSummary {
  id: string;
  slug: string;
  title: string;
  testCount: number;
  packageFormat?: string | null;
  groups: { name: string; sample: boolean; points: number; testCases: unknown[] }[];
}

const verdict = oneOf(Object.values(Verdict));
const status = oneOf(Object.values(SubmissionStatus));

/** A TestResult, as far as the CLI prints it. */
const testResult = fields<TestResult>({
  test: whole(1),
  verdict,
  cpuTimeMs: nonNegative,
  wallTimeMs: nonNegative,
  memoryKiB: nonNegative,
  exitCode: orNull(whole()),
  signal: orNull(text),
  checkerMessage: optional(text),
  name: optional(text),
});

/** A SubmissionView, as far as the CLI follows and prints it. */
const submissionView = fields<SubmissionView>({
  id: text,
  status,
  verdict: orNull(verdict),
  testCount: whole(0),
  tests: listOf(testResult),
  message: orNull(text),
  lastSeq: whole(0),
  score: optional(finite),
  maxScore: optional(finite),
});

/** The fields of each event type the CLI applies, beyond `type`, `submissionId` and `seq`. */
const EVENT_FIELDS: Record<SubmissionEvent['type'], Record<string, Check<unknown>>> = {
  queued: {},
  compiling: {},
  compiled: {},
  running: { test: whole(1), of: whole(1) },
  'test-finished': { of: whole(0), result: testResult },
  finished: { verdict, message: orNull(text), testCount: whole(0), score: optional(finite), maxScore: optional(finite) },
};

const isEventType = (type: unknown): type is SubmissionEvent['type'] => (SUBMISSION_EVENT_TYPES as readonly unknown[]).includes(type);

/** A SubmissionEvent, or null for an event type this CLI does not know (a newer server's: ignored). */
const submissionEvent: Check<SubmissionEvent | null> = (value, path) => {
  const event = fields<Record<string, unknown>>({ type: text, submissionId: text, seq: whole(1) })(value, path);
  if (!isEventType(event.type)) return null;
  return fields<SubmissionEvent>(EVENT_FIELDS[event.type])(event, path);
};

/** The acknowledgement of `subscribe` (docs/events.md), as far as the CLI uses it. */
export type SubscribeAck = { ok: true } | { ok: false; message: string };

const subscribeAck: Check<SubscribeAck> = (value, path) => {
  const ack = fields<{ ok: boolean }>({ ok: flag })(value, path);
  return ack.ok ? { ok: true } : { ok: false, message: text(record(ack, path).message, `${path}.message`) };
};

const language = fields<LanguageInfo>({ id: text, name: text, version: text, extensions: optional(listOf(text)) });

const problemSummary = fields<ProblemSummary>({
  id: text,
  slug: text,
  title: text,
  testCount: whole(0),
  packageFormat: optional(text),
  groups: listOf(fields({ name: text, sample: flag, points: finite, testCases: listOf((v) => v) })),
});

/** A `state` message. @throws CliError when malformed. */
export function readState(value: unknown): SubmissionView {
  return serverSent("'state' message", 'state', value, submissionView);
}

/** An `event` message; null for an event type this CLI does not know (ignored). @throws CliError when malformed. */
export function readEvent(value: unknown): SubmissionEvent | null {
  return serverSent("'event' message", 'event', value, submissionEvent);
}

/** The acknowledgement of `subscribe`. @throws CliError when malformed. */
export function readSubscribeAck(value: unknown): SubscribeAck {
  return serverSent("acknowledgement of 'subscribe'", 'ack', value, subscribeAck);
}

/** Reads a REST answer the CLI uses: the parsed JSON body of `what` (`GET /languages`). @throws CliError when malformed. */
export type AnswerReader<T> = (body: unknown, what: string) => T;

const answer =
  <T>(check: Check<T>): AnswerReader<T> =>
  (body, what) =>
    serverSent(`answer to ${what}`, 'answer', body, check);

/** `GET /languages`: a list of LanguageInfo. */
export const readLanguages = answer(listOf(language));
/** `POST /submissions`: the created submission, of which the CLI uses the id. */
export const readCreated = answer(fields<{ id: string }>({ id: nonEmpty }));
/** `GET /submissions/:id`: a SubmissionView. */
export const readSubmission = answer(submissionView);
/** `GET /problems`: a page of problems. */
export const readProblemPage = answer(
  fields<{ items: ProblemSummary[]; nextCursor: string | null }>({ items: listOf(problemSummary), nextCursor: orNull(text) }),
);
/** `POST /problems/import`: the stored problem. */
export const readProblem = answer(problemSummary);
