import type { JudgeLimits } from './limits.js';
import type { SubmissionStatus } from './submission-status.js';
import type { GroupResult } from './group-result.js';
import type { TestResult } from './test-result.js';
import type { Verdict } from './verdict.js';

/**
 * A submission as the API returns it and as the WebSocket `state` message carries it.
 * Source code and test data are not part of the view.
 */
export interface SubmissionView {
  id: string;
  language: string;
  status: SubmissionStatus;
  verdict: Verdict | null;
  limits: JudgeLimits;
  testCount: number;
  /** Results of the tests run so far, in order. */
  tests: TestResult[];
  /** Compiler output for Compilation Error, operator message for Internal Error, else null. */
  message: string | null;
  /** Problem judged against (`POST /submissions { problemId }`), or null for inline test cases. Absent in older views. */
  problemId?: string | null;
  /** Points scored (scoring problems), or null. Absent in older views. */
  score?: number | null;
  /** Points available (scoring problems), or null. */
  maxScore?: number | null;
  /** Per test group outcome, in judging order (problem submissions once finished), else empty. */
  groups?: GroupResult[];
  /** Sequence number of the last event reflected in this view (0 before any). */
  lastSeq: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
