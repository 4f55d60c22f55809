import type { DefaultCheckerOptions, JudgeLimits, SubmissionView, TestResult } from '../../../libs/contracts/index.js';

/**
 * An inline submission's default output validator options, as resolved from its `checker` (libs/judging
 * `defaultValidatorOptionsOf`): the contract's DefaultCheckerOptions.
 */
export type InlineCheckerData = DefaultCheckerOptions;

/** A test case: UTF-8 input and expected output; `expectedOutput` null = judged by the run alone (Accepted if it ran fine). */
export interface TestCaseData {
  input: string;
  expectedOutput: string | null;
}

/**
 * An inline test case as stored since issue 10: its input and expected output are files of the
 * test data store (by SHA-256, like a problem's), the submission holds only their hashes and sizes.
 * `answerHash` null = no expected output (judged by the run alone).
 */
export interface TestCaseRef {
  /** SHA-256 (64 lowercase hex digits) of the input's UTF-8 bytes. */
  inputHash: string;
  /** Size of the input, bytes. */
  inputBytes: number;
  /** SHA-256 of the expected output's UTF-8 bytes, or null. */
  answerHash: string | null;
  /** Size of the expected output, bytes (0 when there is none). */
  answerBytes: number;
}

/**
 * An inline test case as a submission document holds it: by hash (TestCaseRef, what the API stores
 * now) or as text (TestCaseData: documents stored before issue 10, and Judge0-compatible submissions,
 * whose one test case the Judge0 API returns in every read). Both judge the same way.
 */
export type StoredTestCase = TestCaseRef | TestCaseData;

/** Whether `testCase` is stored by hash (else it holds its text). */
export function isTestCaseRef(testCase: StoredTestCase): testCase is TestCaseRef {
  return typeof (testCase as Partial<TestCaseRef>).inputHash === 'string';
}

/** The distinct test data hashes `testCases` refer to (none for test cases stored as text). */
export function testCaseHashesOf(testCases: readonly StoredTestCase[]): string[] {
  const hashes = new Set<string>();
  for (const tc of testCases) {
    if (!isTestCaseRef(tc)) continue;
    hashes.add(tc.inputHash);
    if (tc.answerHash !== null) hashes.add(tc.answerHash);
  }
  return [...hashes];
}

/**
 * What the Judge0-compatible API (src/judge0) keeps with a submission it created: the token its
 * clients know it by, the Judge0 language id they sent (one Verdict language answers several ids)
 * and their `callback_url`. Absent on submissions made through Verdict's own API.
 */
export interface Judge0Link {
  /** Random UUID v4, the submission's Judge0 `token`. */
  token: string;
  /** The Judge0 `language_id` the client sent. */
  languageId: number;
  /**
   * The client's `callback_url` (accepted by CallbackUrlPolicy), or null: once the submission is
   * finished the webhook sender PUTs it the submission in Judge0's shape (format `judge0`).
   */
  callbackUrl: string | null;
}

/** What the API stores for a new submission (status `queued`, no results yet). */
export interface NewSubmission {
  /** 24-hex ObjectId chosen by the caller, so it can be used (job id) before the insert. */
  id: string;
  language: string;
  sourceCode: string;
  /** Inline test cases, by hash (stored with TestDataStore first) or as text (Judge0-compatible submissions). */
  testCases: StoredTestCase[];
  limits: JudgeLimits;
  /** Problem to judge against (then `testCases` is empty and `testCount` is the problem's), else null/absent. */
  problemId?: string | null;
  /** Test cases when judged against a problem; defaults to `testCases.length`. */
  testCount?: number;
  /** Points available (scoring problems), else null/absent. */
  maxScore?: number | null;
  /** The source's file name as submitted, else null/absent (the language's usual name). */
  fileName?: string | null;
  /** Set when the Judge0-compatible API created it. */
  judge0?: Judge0Link | null;
  /** Where to POST the result once judged (accepted by CallbackUrlPolicy), else null/absent. */
  callbackUrl?: string | null;
  /** Inline test cases: the default output validator's options, else null/absent (no flags). */
  checker?: InlineCheckerData | null;
  /** The API key that made it (hex id), else null/absent (made open). */
  ownerKeyId?: string | null;
}

/**
 * What a read may return and show (src/auth/submission-access.ts builds it from the caller):
 * - `only`: just the submissions made with key `ownerKeyId` or to one of `problemIds`; absent: every one;
 * - `judgeMessages`: the problems whose submissions show each test's full judge message as its
 *   `checkerMessage` (`'all'`: every submission); absent: none (the message submitters see).
 */
export interface ReadScope {
  only?: { ownerKeyId: string; problemIds: readonly string[] };
  judgeMessages?: 'all' | readonly string[];
}

/**
 * A submission as the Judge0-compatible API reads it: the view, plus what Judge0 returns and
 * Verdict's own view leaves out (source code and the one test case's input and expected output).
 */
export interface Judge0SubmissionRow {
  view: SubmissionView;
  judge0: Judge0Link;
  sourceCode: string;
  /** Input of the submission's one test case ('' when none was given). */
  stdin: string;
  /** Expected output of that test case, or null (judged by the run alone). */
  expectedOutput: string | null;
}

/** What storing a final verdict returns: the `finished` event's seq and what a webhook delivery needs. */
export interface FinishedSubmission {
  seq: number;
  /** Judgings started so far (the one just finished is the last); part of the delivery id. */
  attempt: number;
  /** Verdict's `callbackUrl` (delivery format `verdict`), or null. */
  callbackUrl: string | null;
  /** The Judge0 `callback_url` (delivery format `judge0`), or null. */
  judge0CallbackUrl: string | null;
}

/** Seq of a new submission's `queued` event: the first of its events. */
export const FIRST_EVENT_SEQ = 1;

/** Everything a worker needs to judge a submission. */
export interface SubmissionForJudging {
  id: string;
  language: string;
  sourceCode: string;
  /** Inline test cases in either stored shape (empty for problem submissions). */
  testCases: StoredTestCase[];
  limits: JudgeLimits;
  /** Problem to judge against, or null for inline test cases. */
  problemId: string | null;
  /** Times judging has started before (0 on the first run). */
  attempt: number;
  /** The source's file name as submitted, or null (the language's usual name). */
  fileName: string | null;
  /** Inline test cases: the default output validator's options; absent or null: no flags. */
  checker?: InlineCheckerData | null;
  /**
   * Set when the submission is already finished (its job was handed out again after the worker that
   * stored the verdict died before completing the job): that judging's attempt and callback URLs, so the
   * worker only makes sure its webhook is scheduled instead of judging it twice. Absent otherwise.
   */
  alreadyFinished?: { attempt: number; callbackUrl: string | null; judge0CallbackUrl: string | null };
}

/**
 * One step of a judging's progress as SubmissionsRepository.storeProgress stores it: `result` null for
 * a step that only says judging runs (`compiled`, a test starting), else a test's result with the
 * checker's full message (`judgeMessage`, null when the result's own message is all of it).
 */
export interface ProgressStep {
  result: TestResult | null;
  judgeMessage?: string | null;
}
