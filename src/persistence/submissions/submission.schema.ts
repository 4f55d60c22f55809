import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, type Types } from 'mongoose';
import { SubmissionStatus, Verdict, type EffectiveLimits, type GroupResult, type TestResult } from '../../../libs/contracts/index.js';
import { DefaultCheckerRecord, DefaultCheckerRecordSchema } from '../shared/default-checker.record.js';
import { JudgeLimitsRecord, JudgeLimitsRecordSchema } from '../shared/judge-limits.record.js';

/**
 * One inline test case as stored, in one of two shapes (StoredTestCase in submission-records.ts):
 * by hash (`inputHash`, `inputBytes`, `answerHash`, `answerBytes`: files of the test data store),
 * what the API stores; or as UTF-8 text (`input`, `expectedOutput`), documents stored before test
 * data moved to the store and Judge0-compatible submissions. No defaults, so a document holds only
 * its shape's fields. `expectedOutput`/`answerHash` null: judged by the run alone.
 */
@Schema({ _id: false })
export class TestCaseRecord {
  @Prop({ type: String })
  inputHash?: string;

  @Prop({ type: Number })
  inputBytes?: number;

  @Prop({ type: String })
  answerHash?: string | null;

  @Prop({ type: Number })
  answerBytes?: number;

  // Not `required`: Mongoose would refuse the empty string, a valid input.
  @Prop({ type: String })
  input?: string;

  @Prop({ type: String })
  expectedOutput?: string | null;
}
export const TestCaseRecordSchema = SchemaFactory.createForClass(TestCaseRecord);

/** A test's outcome as stored; same fields as the TestResult contract. */
@Schema({ _id: false })
export class TestResultRecord implements TestResult {
  @Prop({ type: Number, required: true })
  test: number;

  @Prop({ type: String, enum: Object.values(Verdict), required: true })
  verdict: Verdict;

  @Prop({ type: Number, required: true })
  cpuTimeMs: number;

  @Prop({ type: Number, required: true })
  wallTimeMs: number;

  @Prop({ type: Number, required: true })
  memoryKiB: number;

  @Prop({ type: Number, default: null })
  exitCode: number | null;

  @Prop({ type: String, default: null })
  signal: string | null;

  @Prop({ type: String, default: '' })
  stdout: string;

  @Prop({ type: String, default: '' })
  stderr: string;

  @Prop({ type: String, default: null })
  checkerMessage: string | null;

  @Prop({ type: Number })
  stdoutBytes?: number;

  @Prop({ type: Number })
  stderrBytes?: number;

  @Prop({ type: Boolean })
  stdoutTruncated?: boolean;

  @Prop({ type: Boolean })
  stderrTruncated?: boolean;

  @Prop({ type: String, default: null })
  group?: string | null;

  @Prop({ type: String, default: null })
  name?: string | null;

  /** The checker's full message (custom validator's judgemessage.txt) when the submitter sees less; for operators, never in a view. */
  @Prop({ type: String, default: null })
  judgeMessage?: string | null;
}
export const TestResultRecordSchema = SchemaFactory.createForClass(TestResultRecord);

/** A test group's outcome as stored; same fields as the GroupResult contract. */
@Schema({ _id: false })
export class GroupResultRecord implements GroupResult {
  @Prop({ type: String, required: true })
  name: string;

  @Prop({ type: String, enum: [...Object.values(Verdict), null], default: null })
  verdict: Verdict | null;

  @Prop({ type: Number, required: true })
  points: number;

  @Prop({ type: Number, required: true })
  score: number;

  @Prop({ type: Number, required: true })
  testCount: number;

  @Prop({ type: Number, required: true })
  passed: number;
}
export const GroupResultRecordSchema = SchemaFactory.createForClass(GroupResultRecord);

/** A Judge0-compatible submission's link (Judge0Link in submission-records.ts). */
@Schema({ _id: false })
export class Judge0LinkRecord {
  @Prop({ type: String, required: true })
  token: string;

  @Prop({ type: Number, required: true })
  languageId: number;

  @Prop({ type: String, default: null })
  callbackUrl: string | null;

  /** When the retention sweeper cleared the tests' stdout and stderr (RETENTION_OUTPUT_DAYS), else null. */
  @Prop({ type: Date, default: null })
  outputsClearedAt: Date | null;

  /**
   * Set by the retention sweeper when the submission is due for deletion (RETENTION_SUBMISSION_DAYS),
   * just before it deletes it, to a day ahead; null otherwise. A TTL index on it lets real MongoDB
   * finish a deletion no sweeper did by then (FerretDB 1.24 has no TTL indexes; sweeps retry there).
   */
  @Prop({ type: Date, default: null })
  expiresAt: Date | null;
}
export const Judge0LinkRecordSchema = SchemaFactory.createForClass(Judge0LinkRecord);

/**
 * A submission (collection `submissions`). Created `queued` by the API; a worker moves it
 * through `compiling`, `running` and `finished`, appending one entry to `tests` per test run.
 * `lastSeq` is the seq of the last event whose effect is stored here (see SubmissionEventsPublisher).
 * Inline test cases hold hashes of files in the test data store (`fileHashes` lists them, for the
 * test data collector in src/retention); older documents hold their text. Listing sorts by `_id` (ObjectIds grow with creation time),
 * which the built-in `_id` index serves. Uses only what MongoDB and FerretDB 1.24 both support.
 */
@Schema({ collection: 'submissions', versionKey: false })
export class Submission {
  _id: Types.ObjectId;

  /** Language id from the workers' table, e.g. `cpp17`. */
  @Prop({ type: String, required: true })
  language: string;

  /** Secret: never logged, never returned by the API. */
  @Prop({ type: String, required: true })
  sourceCode: string;

  @Prop({ type: [TestCaseRecordSchema], required: true })
  testCases: TestCaseRecord[];

  /** The distinct test data hashes `testCases` refer to (empty for problem submissions and text test cases). */
  @Prop({ type: [String], default: [] })
  fileHashes: string[];

  /** Problem judged against (its test data, limits and checker), or null for inline test cases. */
  @Prop({ type: SchemaTypes.ObjectId, default: null, index: true })
  problemId: Types.ObjectId | null;

  /** Points scored (scoring problems) once finished, else null. */
  @Prop({ type: Number, default: null })
  score: number | null;

  @Prop({ type: Number, default: null })
  maxScore: number | null;

  /** The source's file name as submitted (`fileName`), or null: the language's usual name. */
  @Prop({ type: String, default: null })
  fileName: string | null;

  @Prop({ type: [GroupResultRecordSchema], default: [] })
  groups: GroupResultRecord[];

  /** Times a rejudge was requested; part of the judge job id so a rejudge is a new job. */
  @Prop({ type: Number, default: 0 })
  rejudges: number;

  /** `testCases.length`, kept so views need not load the test data. */
  @Prop({ type: Number, required: true })
  testCount: number;

  @Prop({ type: JudgeLimitsRecordSchema, required: true })
  limits: JudgeLimitsRecord;

  /** The limits its runs got (language multiplier and extra memory applied), set when judging starts; null before. */
  /** The limits the runs got (EffectiveLimits: the same four fields as `limits`, after the language's multiplier); null until judging starts. */
  @Prop({ type: JudgeLimitsRecordSchema, default: null })
  effectiveLimits: EffectiveLimits | null;

  /** Inline test cases: the default output validator's options (`checker` of the request), else null. */
  /** An inline submission's default output validator options (InlineCheckerData in submission-records.ts). */
  @Prop({ type: DefaultCheckerRecordSchema, default: null })
  checker: DefaultCheckerRecord | null;

  @Prop({ type: String, enum: Object.values(SubmissionStatus), required: true })
  status: SubmissionStatus;

  @Prop({ type: String, enum: [...Object.values(Verdict), null], default: null })
  verdict: Verdict | null;

  @Prop({ type: [TestResultRecordSchema], default: [] })
  tests: TestResultRecord[];

  /** Compiler output for Compilation Error, operator message for Internal Error, else null. */
  @Prop({ type: String, default: null })
  message: string | null;

  @Prop({ type: Number, default: 0 })
  lastSeq: number;

  @Prop({ type: Date, required: true })
  createdAt: Date;

  @Prop({ type: Date, default: null })
  startedAt: Date | null;

  @Prop({ type: Date, default: null })
  finishedAt: Date | null;

  /** How many times a worker has started judging it (0 while queued for the first time). */
  @Prop({ type: Number, default: 0 })
  attempt: number;

  /** Set when the Judge0-compatible API created it (its token, language id and callback URL), else null. */
  @Prop({ type: Judge0LinkRecordSchema, default: null })
  judge0: Judge0LinkRecord | null;

  /**
   * Where each finished judging's result is POSTed (docs/webhooks.md), or null. May carry a receiver's
   * token in its query, so views never include it; delivery records live in `webhookdeliveries`.
   */
  @Prop({ type: String, default: null })
  callbackUrl: string | null;

  /** When the retention sweeper cleared the tests' stdout and stderr (RETENTION_OUTPUT_DAYS), else null. */
  @Prop({ type: Date, default: null })
  outputsClearedAt: Date | null;

  /**
   * Set by the retention sweeper when the submission is due for deletion (RETENTION_SUBMISSION_DAYS),
   * just before it deletes it, to a day ahead; null otherwise. A TTL index on it lets real MongoDB
   * finish a deletion no sweeper did by then (FerretDB 1.24 has no TTL indexes; sweeps retry there).
   */
  @Prop({ type: Date, default: null })
  expiresAt: Date | null;

  /** The API key (its id, hex) that made the submission, or null when made open (docs/auth.md). */
  @Prop({ type: String, default: null })
  ownerKeyId: string | null;
}

export const SubmissionSchema = SchemaFactory.createForClass(Submission);
// Judge0 clients read submissions by token.
SubmissionSchema.index({ 'judge0.token': 1 });
// A key's own submissions (a submitter's list; the quotas' count of its unfinished ones).
SubmissionSchema.index({ ownerKeyId: 1, status: 1 });
// The TTL index on `expiresAt` is created by SubmissionsRepository.ensureExpiryIndex, not here:
// FerretDB 1.24 refuses the option, and autoIndex would then fail the schema's other indexes.
