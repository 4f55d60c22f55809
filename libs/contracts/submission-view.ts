import type { EffectiveLimits, JudgeLimits } from './limits.js';
import type { SubmissionStatus } from './submission-status.js';
import type { GroupResult } from './group-result.js';
import type { TestResult } from './test-result.js';
import type { Verdict } from './verdict.js';

/**
 * A submission as the API returns it and as the WebSocket `state` message carries it.
 * Test data is not part of the view; the source code only of `GET /submissions/:id`.
 */
export interface SubmissionView {
  id: string;
  language: string;
  status: SubmissionStatus;
  verdict: Verdict | null;
  /** The limits the submission asked for (defaults filled in), or its problem's. */
  limits: JudgeLimits;
  /**
   * The limits its runs got: `limits` after the language's time multiplier and extra memory. Stored by the
   * worker when judging starts; null while queued for the first time (and absent in older views).
   */
  effectiveLimits?: EffectiveLimits | null;
  /**
   * The default output validator's options an inline submission asked for (`checker`), or null: none asked
   * (no flags), or a problem submission (its problem's checker applies). Absent in older views.
   */
  checker?: DefaultCheckerOptions | null;
  /** The submitted source code: in `GET /submissions/:id` only (lists and WebSocket states leave it out, to stay small). */
  sourceCode?: string;
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
  /** The source's file name as submitted (`fileName`), or null: the language's usual name. */
  fileName?: string | null;
  /** Per test group outcome, in judging order (problem submissions once finished), else empty. */
  groups?: GroupResult[];
  /**
   * The webhook delivery of the latest finished judging (`callbackUrl` submissions, in `GET /submissions/:id`),
   * else null or absent.
   */
  delivery?: WebhookDeliveryView | null;
  /** Sequence number of the last event reflected in this view (0 before any). */
  lastSeq: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/**
 * The ICPC default output validator's options as stored for an inline submission (its `checker`, with
 * `floatTolerance` resolved into both tolerances): booleans, and tolerances or null for none.
 */
export interface DefaultCheckerOptions {
  caseSensitive: boolean;
  spaceChangeSensitive: boolean;
  floatAbsoluteTolerance: number | null;
  floatRelativeTolerance: number | null;
}

/** Where a webhook delivery stands: sending (or waiting to retry), done, given up, or not sent because the submission was judged again. */
export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed' | 'superseded';

/** A webhook delivery as `GET /submissions/:id` shows it (docs/webhooks.md). */
export interface WebhookDeliveryView {
  /** `<submissionId>-a<judging attempt>`, as sent in the `verdict-webhook-id` header. */
  id: string;
  state: WebhookDeliveryState;
  /** HTTP attempts made so far. */
  attempts: number;
  /** The receiver's status on the last attempt, null when it gave none (network error, timeout, refused address). */
  lastStatus: number | null;
  /** What went wrong on the last attempt, null after a success. */
  lastError: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
}
