import type { SubmissionStatus } from './submission-status.js';
import type { TestResult } from './test-result.js';
import type { Verdict } from './verdict.js';

/** Every event `type`, in the order a judging goes through them (`queued` again on a rejudge). */
export const SUBMISSION_EVENT_TYPES = ['queued', 'compiling', 'compiled', 'running', 'test-finished', 'finished'] as const;

/**
 * Redis pub/sub channel on which workers (and the API, for `queued`) publish
 * every submission event as JSON. Any service may SUBSCRIBE to it.
 * Documented in docs/events.md.
 */
export const SUBMISSION_EVENTS_CHANNEL = 'verdict:submission-events';

/**
 * Fields every event carries. `seq` starts at 1 and grows by 1 per event of that submission, across
 * rejudges too; it is the submission's stored `lastSeq` at the time of the event (MongoDB owns it).
 */
export interface EventBase {
  submissionId: string;
  /** Problem the submission is judged against (24 hex digits, lowercase), or null for inline test cases. */
  problemId: string | null;
  seq: number;
  /** ISO-8601 time the event was published. */
  at: string;
}

export interface QueuedEvent extends EventBase {
  type: 'queued';
}

export interface CompilingEvent extends EventBase {
  type: 'compiling';
}

/**
 * The source compiled (or passed its syntax check); published once per judging, after `compiling`, for
 * every language. Not published on a Compilation Error (then `finished` follows `compiling`).
 */
export interface CompiledEvent extends EventBase {
  type: 'compiled';
  /** Wall-clock time of the compile step, ms; 0 for a language without one. */
  compileMs: number;
  /**
   * True when the worker found this compile in its compile cache (the same language, toolchain,
   * flags, file name and source compiled before) and no compiler ran; `compileMs` is then the copy's time.
   */
  compileCached: boolean;
}

export interface RunningEvent extends EventBase {
  type: 'running';
  /** 1-based number of the test case starting now. */
  test: number;
  /** Number of test cases in all. */
  of: number;
}

export interface TestFinishedEvent extends EventBase {
  type: 'test-finished';
  /** 1-based number of the test case judged (`result.test`). */
  test: number;
  /** Number of test cases in all. */
  of: number;
  /** The test case's verdict (`result.verdict`). */
  verdict: Verdict;
  /** CPU time of the run, ms (`result.cpuTimeMs`). */
  cpuMs: number;
  /** Wall-clock time of the run, ms (`result.wallTimeMs`). */
  wallMs: number;
  /** Peak memory of the run, KiB (`result.memoryKiB`). */
  memoryKiB: number;
  /** The full result, as stored in the submission's `tests`. */
  result: TestResult;
}

export interface FinishedEvent extends EventBase {
  type: 'finished';
  status: SubmissionStatus.Finished;
  verdict: Verdict;
  /** Test cases passed, of `testCount`. */
  passed: number;
  testCount: number;
  /** Largest CPU time over the tests run, ms. */
  cpuTimeMs: number;
  /** Largest peak memory over the tests run, KiB. */
  memoryKiB: number;
  /** Compiler output (bounded) for Compilation Error, operator message for Internal Error, else null. */
  message: string | null;
  /** Points scored, for a scoring problem; else absent or null. */
  score?: number | null;
  /** Points available, for a scoring problem; else absent or null. */
  maxScore?: number | null;
}

/** Every event on `SUBMISSION_EVENTS_CHANNEL`, discriminated by `type`. */
export type SubmissionEvent = QueuedEvent | CompilingEvent | CompiledEvent | RunningEvent | TestFinishedEvent | FinishedEvent;

/** An event before the publisher stamps `seq` and `at`. */
export type SubmissionEventDraft = SubmissionEvent extends infer E ? (E extends SubmissionEvent ? Omit<E, 'seq' | 'at'> : never) : never;
