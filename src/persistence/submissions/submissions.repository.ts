import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { Types, type Model, type QueryFilter } from 'mongoose';
import {
  SubmissionStatus,
  type EffectiveLimits,
  type GroupResult,
  type SubmissionView,
  type TestResult,
  type Verdict,
} from '../../../libs/contracts/index.js';
import { guardConnectivity } from '../../common/dependency-errors.js';
import { toCursorPage, type CursorPage, type PageRequest } from '../../common/cursor-page.js';
import { isValidObjectId } from '../../common/object-id.js';
import { matchesFilter } from '../shared/matches-filter.js';
import { DocumentWriteLock } from '../shared/document-write-lock.js';
import {
  FIRST_EVENT_SEQ,
  type Judge0Link,
  type Judge0SubmissionRow,
  type FinishedSubmission,
  type InlineCheckerData,
  type NewSubmission,
  type ProgressStep,
  type ReadScope,
  type SubmissionForJudging,
  testCaseHashesOf,
} from './submission-records.js';
import { Submission, type GroupResultRecord, type TestResultRecord } from './submission.schema.js';
import { storedTestCaseOf, testCaseRecordOf } from './test-case-records.js';

/** Fields a view needs: everything but the source code, the test data and the callback URL. */
const VIEW_PROJECTION = { sourceCode: 0, testCases: 0, fileHashes: 0, callbackUrl: 0 } as const;

/** A submission as read for a view (lean, projected). */
type ViewRow = Omit<Submission, 'sourceCode' | 'testCases' | 'fileHashes' | 'callbackUrl'>;

function iso(date: Date | null | undefined): string | null {
  return date ? new Date(date).toISOString() : null;
}

/** The filter keeping the submissions `scope` lets a read return (none: every submission). */
function scopeFilter(scope: ReadScope | undefined): QueryFilter<Submission> {
  if (!scope?.only) return {};
  const { ownerKeyId, problemIds } = scope.only;
  if (problemIds.length === 0) return { ownerKeyId };
  return { $or: [{ ownerKeyId }, { problemId: { $in: problemIds.map((id) => new Types.ObjectId(id)) } }] };
}

/** Whether `scope` shows the full judge messages of a submission to problem `problemId` (null: inline). */
function showsJudgeMessages(scope: ReadScope | undefined, problemId: Types.ObjectId | null | undefined): boolean {
  const shown = scope?.judgeMessages;
  if (!shown) return false;
  return shown === 'all' || (problemId != null && shown.includes(problemId.toHexString()));
}

function toTestResult(row: TestResultRecord, judgeMessages = false): TestResult {
  return {
    test: row.test,
    verdict: row.verdict,
    cpuTimeMs: row.cpuTimeMs,
    wallTimeMs: row.wallTimeMs,
    memoryKiB: row.memoryKiB,
    exitCode: row.exitCode ?? null,
    signal: row.signal ?? null,
    stdout: row.stdout ?? '',
    stderr: row.stderr ?? '',
    // Absent on results stored before the sizes were recorded.
    ...(row.stdoutBytes != null ? { stdoutBytes: row.stdoutBytes, stdoutTruncated: row.stdoutTruncated ?? false } : {}),
    ...(row.stderrBytes != null ? { stderrBytes: row.stderrBytes, stderrTruncated: row.stderrTruncated ?? false } : {}),
    // The full message for the problem's setter and admins (ReadScope.judgeMessages); else what submitters see.
    checkerMessage: (judgeMessages ? row.judgeMessage : null) ?? row.checkerMessage ?? null,
    ...(row.group != null ? { group: row.group } : {}),
    ...(row.name != null ? { name: row.name } : {}),
  };
}

function toGroupResult(row: GroupResultRecord): GroupResult {
  return {
    name: row.name,
    verdict: row.verdict ?? null,
    points: row.points,
    score: row.score,
    testCount: row.testCount,
    passed: row.passed,
  };
}

function toView(row: ViewRow, scope?: ReadScope): SubmissionView {
  const judgeMessages = showsJudgeMessages(scope, row.problemId);
  return {
    id: row._id.toHexString(),
    language: row.language,
    status: row.status,
    verdict: row.verdict ?? null,
    limits: {
      cpuTimeMs: row.limits.cpuTimeMs,
      wallTimeMs: row.limits.wallTimeMs,
      memoryKiB: row.limits.memoryKiB,
      outputKiB: row.limits.outputKiB,
    },
    effectiveLimits: row.effectiveLimits
      ? {
          cpuTimeMs: row.effectiveLimits.cpuTimeMs,
          wallTimeMs: row.effectiveLimits.wallTimeMs,
          memoryKiB: row.effectiveLimits.memoryKiB,
          outputKiB: row.effectiveLimits.outputKiB,
        }
      : null,
    checker: row.checker ? inlineCheckerOf(row.checker) : null,
    testCount: row.testCount,
    tests: (row.tests ?? []).map((test) => toTestResult(test, judgeMessages)),
    message: row.message ?? null,
    problemId: row.problemId ? row.problemId.toHexString() : null,
    score: row.score ?? null,
    maxScore: row.maxScore ?? null,
    fileName: row.fileName ?? null,
    groups: (row.groups ?? []).map(toGroupResult),
    lastSeq: row.lastSeq ?? 0,
    createdAt: iso(row.createdAt)!,
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

function inlineCheckerOf(row: InlineCheckerData): InlineCheckerData {
  return {
    caseSensitive: row.caseSensitive ?? false,
    spaceChangeSensitive: row.spaceChangeSensitive ?? false,
    floatAbsoluteTolerance: row.floatAbsoluteTolerance ?? null,
    floatRelativeTolerance: row.floatRelativeTolerance ?? null,
  };
}

/** A Judge0 token: a UUID (v4 when this API made it), lowercase hex. */
const JUDGE0_TOKEN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function toJudge0Row(row: Submission, scope?: ReadScope): Judge0SubmissionRow {
  const link: Judge0Link = { token: row.judge0!.token, languageId: row.judge0!.languageId, callbackUrl: row.judge0!.callbackUrl ?? null };
  // The Judge0-compatible API stores its one test case as text (see StoredTestCase).
  const first = row.testCases[0];
  return {
    view: toView(row, scope),
    judge0: link,
    sourceCode: row.sourceCode,
    stdin: first?.input ?? '',
    expectedOutput: first?.expectedOutput ?? null,
  };
}

/**
 * Reads and writes submissions (collection `submissions`). Shared by the API and the worker.
 *
 * Every method throws DependencyUnavailableError('MongoDB') when MongoDB is unreachable
 * (fails within ~2 s: commands are not buffered). Ids that are not 24-hex ObjectIds never
 * reach MongoDB: reads and writes return null.
 *
 * The submission's event sequence number has one owner, this collection: every write that an
 * event announces increments `lastSeq` in the same update (`$inc`) and returns the new value, and
 * the event is then published with it (SubmissionEventsPublisher.publishAfter). So `seq` can never
 * go backwards, whatever happens to Redis, and a rejudge's events always follow the earlier ones.
 */
@Injectable()
export class SubmissionsRepository {
  /**
   * The schema's indexes (Judge0 tokens; owner and status), made before the first insert of this process:
   * autoIndex does not run on a lazy connection. A failure is retried at the next insert.
   */
  private indexes: Promise<unknown> | null = null;

  constructor(
    @InjectModel(Submission.name) private readonly model: Model<Submission>,
    private readonly writeLock: DocumentWriteLock,
  ) {}

  /** Runs `write`, a conditional write of submission `id`, under its DocumentWriteLock (atomic on every server). */
  private locked<T>(id: string, what: string, write: () => Promise<T>): Promise<T> {
    return this.writeLock.run('submissions', id, what, () => guardConnectivity('MongoDB', what, write));
  }

  private ensureIndexes(): Promise<unknown> {
    this.indexes ??= guardConnectivity('MongoDB', 'creating the submissions indexes', () => this.model.createIndexes()).catch(
      (error: unknown) => {
        this.indexes = null;
        throw error;
      },
    );
    return this.indexes;
  }

  /**
   * Inserts a new `queued` submission with id `input.id`; its `queued` event is seq FIRST_EVENT_SEQ.
   * @returns its view.
   * @throws DependencyUnavailableError('MongoDB'); MongoServerError (duplicate key) if the id exists.
   */
  async create(input: NewSubmission): Promise<SubmissionView> {
    await this.ensureIndexes();
    const doc = await guardConnectivity('MongoDB', 'saving the submission', () =>
      this.model.create({
        _id: new Types.ObjectId(input.id),
        language: input.language,
        sourceCode: input.sourceCode,
        testCases: input.testCases.map(testCaseRecordOf),
        fileHashes: testCaseHashesOf(input.testCases),
        testCount: input.testCount ?? input.testCases.length,
        problemId: input.problemId ? new Types.ObjectId(input.problemId) : null,
        score: null,
        maxScore: input.maxScore ?? null,
        fileName: input.fileName ?? null,
        groups: [],
        limits: input.limits,
        status: SubmissionStatus.Queued,
        verdict: null,
        tests: [],
        message: null,
        lastSeq: FIRST_EVENT_SEQ,
        createdAt: new Date(),
        startedAt: null,
        finishedAt: null,
        attempt: 0,
        judge0: input.judge0 ?? null,
        callbackUrl: input.callbackUrl ?? null,
        effectiveLimits: null,
        checker: input.checker ?? null,
        outputsClearedAt: null,
        expiresAt: null,
        ownerKeyId: input.ownerKeyId ?? null,
      }),
    );
    return toView(doc.toObject());
  }

  /** @returns the view of submission `id`, or null when there is none (or `id` is not an ObjectId, or `scope` leaves it out). */
  async findView(id: string, scope?: ReadScope): Promise<SubmissionView | null> {
    if (!isValidObjectId(id)) return null;
    const row = await guardConnectivity('MongoDB', 'reading the submission', () =>
      this.model
        .findOne({ _id: new Types.ObjectId(id), ...scopeFilter(scope) }, VIEW_PROJECTION)
        .lean<ViewRow>()
        .exec(),
    );
    return row ? toView(row, scope) : null;
  }

  /** Whether submission `id` exists and `scope` lets a read return it (one indexed `_id` lookup, nothing else read). */
  async isInScope(id: string, scope: ReadScope): Promise<boolean> {
    if (!isValidObjectId(id)) return false;
    const row = await guardConnectivity('MongoDB', 'reading the submission', () =>
      this.model
        .findOne({ _id: new Types.ObjectId(id), ...scopeFilter(scope) }, { _id: 1 })
        .lean()
        .exec(),
    );
    return row !== null;
  }

  /** @returns the view of submission `id` with its `sourceCode` (`GET /submissions/:id`), or null when there is none (or `scope` leaves it out). */
  async findViewWithSource(id: string, scope?: ReadScope): Promise<SubmissionView | null> {
    if (!isValidObjectId(id)) return null;
    const row = await guardConnectivity('MongoDB', 'reading the submission', () =>
      this.model
        .findOne({ _id: new Types.ObjectId(id), ...scopeFilter(scope) }, { testCases: 0, fileHashes: 0, callbackUrl: 0 })
        .lean<ViewRow & Pick<Submission, 'sourceCode'>>()
        .exec(),
    );
    return row ? { ...toView(row, scope), sourceCode: row.sourceCode } : null;
  }

  /**
   * The view of submission `id` if it is finished and its latest judging is judging number `attempt`
   * (what a webhook of that judging reports), else null: not finished, judged again since, or gone.
   */
  async findFinishedView(id: string, attempt: number): Promise<SubmissionView | null> {
    if (!isValidObjectId(id)) return null;
    const row = await guardConnectivity('MongoDB', 'reading the submission', () =>
      this.model
        .findOne({ _id: new Types.ObjectId(id), attempt, status: SubmissionStatus.Finished }, VIEW_PROJECTION)
        .lean<ViewRow>()
        .exec(),
    );
    return row ? toView(row) : null;
  }

  /**
   * Submission `id` as the Judge0-compatible API reads it, if it was made through that API, is
   * finished and its latest judging is judging number `attempt` (what a Judge0 callback of that
   * judging reports), else null.
   */
  async findFinishedJudge0(id: string, attempt: number): Promise<Judge0SubmissionRow | null> {
    if (!isValidObjectId(id)) return null;
    const row = await guardConnectivity('MongoDB', 'reading the submission', () =>
      this.model
        .findOne({ _id: new Types.ObjectId(id), attempt, status: SubmissionStatus.Finished, 'judge0.token': { $type: 'string' as const } })
        .lean<Submission>()
        .exec(),
    );
    return row ? toJudge0Row(row) : null;
  }

  /**
   * Lists submissions newest first, one page.
   * @param page page size (1..100, the caller validates it) and the previous page's last id.
   * @param problemId only the submissions judged against this problem (24 hex digits, the caller validates it).
   * @param scope only those the caller may read (none: all).
   */
  async list(page: PageRequest, problemId?: string, scope?: ReadScope): Promise<CursorPage<SubmissionView>> {
    const filter = {
      ...(page.beforeId ? { _id: { $lt: new Types.ObjectId(page.beforeId) } } : {}),
      ...(problemId ? { problemId: new Types.ObjectId(problemId) } : {}),
      ...scopeFilter(scope),
    };
    const rows = await guardConnectivity('MongoDB', 'listing submissions', () =>
      this.model
        .find(filter, VIEW_PROJECTION)
        .sort({ _id: -1 })
        .limit(page.limit + 1)
        .lean<ViewRow[]>()
        .exec(),
    );
    return toCursorPage(
      rows,
      page,
      (row) => row._id.toHexString(),
      (row) => toView(row, scope),
    );
  }

  /**
   * Judge0-compatible submissions by token, in the order of `tokens`; null where a token names none.
   * A token that is not a UUID never reaches MongoDB; one of a submission `scope` leaves out is null too.
   */
  async findByJudge0Tokens(tokens: readonly string[], scope?: ReadScope): Promise<(Judge0SubmissionRow | null)[]> {
    const wanted = [...new Set(tokens.filter((t) => JUDGE0_TOKEN.test(t)))];
    if (wanted.length === 0) return tokens.map(() => null);
    const rows = await guardConnectivity('MongoDB', 'reading submissions by token', () =>
      this.model
        .find({ 'judge0.token': { $in: wanted }, ...scopeFilter(scope) })
        .lean<Submission[]>()
        .exec(),
    );
    const byToken = new Map(rows.filter((r) => r.judge0).map((r) => [r.judge0!.token, toJudge0Row(r, scope)]));
    return tokens.map((t) => byToken.get(t) ?? null);
  }

  /**
   * One page of the Judge0-compatible submissions, oldest first (Judge0 pages in creation order),
   * and how many there are in all.
   * @param page 1-based page number; @param perPage page size (the caller bounds both); @param scope only those the caller may read.
   */
  async listJudge0(page: number, perPage: number, scope?: ReadScope): Promise<{ rows: Judge0SubmissionRow[]; total: number }> {
    const filter = { 'judge0.token': { $type: 'string' as const }, ...scopeFilter(scope) };
    const [rows, total] = await guardConnectivity('MongoDB', 'listing submissions', () =>
      Promise.all([
        this.model
          .find(filter)
          .sort({ _id: 1 })
          .skip((page - 1) * perPage)
          .limit(perPage)
          .lean<Submission[]>()
          .exec(),
        this.model.countDocuments(filter).exec(),
      ]),
    );
    return { rows: rows.map((row) => toJudge0Row(row, scope)), total };
  }

  /** How many Judge0-compatible submissions were created at or after `since` (all of them when null). */
  async countJudge0(since: Date | null): Promise<number> {
    return guardConnectivity('MongoDB', 'counting submissions', () =>
      this.model.countDocuments({ 'judge0.token': { $type: 'string' as const }, ...(since ? { createdAt: { $gte: since } } : {}) }).exec(),
    );
  }

  /** @returns what a worker needs to judge submission `id`, or null when it does not exist. */
  async findForJudging(id: string): Promise<SubmissionForJudging | null> {
    if (!isValidObjectId(id)) return null;
    const row = await guardConnectivity('MongoDB', 'reading the submission', () =>
      this.model
        .findById(id, {
          language: 1,
          sourceCode: 1,
          testCases: 1,
          limits: 1,
          attempt: 1,
          problemId: 1,
          fileName: 1,
          checker: 1,
          status: 1,
          callbackUrl: 1,
          judge0: 1,
        })
        .lean<
          Pick<
            Submission,
            | '_id'
            | 'language'
            | 'sourceCode'
            | 'testCases'
            | 'limits'
            | 'attempt'
            | 'problemId'
            | 'fileName'
            | 'checker'
            | 'status'
            | 'callbackUrl'
            | 'judge0'
          >
        >()
        .exec(),
    );
    if (!row) return null;
    return {
      id: row._id.toHexString(),
      language: row.language,
      sourceCode: row.sourceCode,
      testCases: row.testCases.map(storedTestCaseOf),
      limits: {
        cpuTimeMs: row.limits.cpuTimeMs,
        wallTimeMs: row.limits.wallTimeMs,
        memoryKiB: row.limits.memoryKiB,
        outputKiB: row.limits.outputKiB,
      },
      problemId: row.problemId ? row.problemId.toHexString() : null,
      attempt: row.attempt ?? 0,
      fileName: row.fileName ?? null,
      ...(row.checker ? { checker: inlineCheckerOf(row.checker) } : {}),
      ...(row.status === SubmissionStatus.Finished
        ? {
            alreadyFinished: {
              attempt: row.attempt ?? 0,
              callbackUrl: row.callbackUrl ?? null,
              judge0CallbackUrl: row.judge0?.callbackUrl ?? null,
            },
          }
        : {}),
    };
  }

  /**
   * A worker starts (or restarts) judging: status `compiling`, `startedAt` now, results of any
   * earlier attempt cleared (tests, verdict, message, finishedAt), `attempt` + 1, and the limits its
   * runs get (`effectiveLimits`, in the same small update) when given.
   *
   * Fenced: the write applies only while `attempt` is still `fromAttempt` (the value the worker read),
   * so of two workers starting the same judging (a job handed out again after its lock expired) only
   * one wins; every later write of the judging names the attempt it won (`fromAttempt + 1`). A finished
   * submission is never started (a rejudge resets it to `queued` first).
   * @returns the seq allocated to the `compiling` event, or null when the submission does not exist,
   *   is finished, or another worker started it first.
   */
  async markStarted(id: string, fromAttempt: number, effectiveLimits?: EffectiveLimits | null): Promise<number | null> {
    return this.updateWithNextSeq(
      id,
      'marking the submission started',
      {
        $set: {
          ...(effectiveLimits ? { effectiveLimits } : {}),
          status: SubmissionStatus.Compiling,
          startedAt: new Date(),
          finishedAt: null,
          tests: [],
          groups: [],
          score: null,
          verdict: null,
          message: null,
          outputsClearedAt: null,
        },
        $inc: { attempt: 1 },
      },
      // Never over a stored verdict: a rejudge puts the submission back to `queued` first.
      { ...attemptFilter(fromAttempt), status: { $ne: SubmissionStatus.Finished } },
    );
  }

  /**
   * Stores consecutive judging progress steps of judging attempt `attempt` in one write: status
   * `running` (compilation done), and the test results among the steps appended to `tests` in
   * order (each with the checker's full `judgeMessage`, stored but never in a view, when it differs
   * from what the submitter may see); `lastSeq` + `steps.length`, one seq per step.
   * @param steps in order: `{ result: null }` for a step that only says judging runs (`compiled`, a test
   *   starting), `{ result, judgeMessage }` for a test's result (`test-finished`). At least one.
   * @returns the seq of the last step (the steps' seqs are the `steps.length` seqs ending there), or null
   *   when the submission does not exist or a later attempt superseded this one.
   */
  async storeProgress(id: string, attempt: number, steps: readonly ProgressStep[]): Promise<number | null> {
    const results = steps.flatMap(({ result, judgeMessage }) =>
      result === null ? [] : [judgeMessage === null || judgeMessage === undefined ? result : { ...result, judgeMessage }],
    );
    return this.updateWithNextSeq(
      id,
      results.length > 0 ? 'saving a test result' : 'marking the submission running',
      {
        $set: { status: SubmissionStatus.Running },
        ...(results.length > 0 ? { $push: { tests: { $each: results } } } : {}),
      },
      attemptFilter(attempt),
      steps.length,
    );
  }

  /**
   * Stores the final verdict: status `finished`, `finishedAt` now.
   * @param outcome.message compiler output (CE), operator message (IE), else null.
   * @param fence `{ attempt }`: only judging attempt `attempt` may finish it; `'unfinished'`: whoever
   *   gives up on a judging (its job failed for good) finishes it only if no attempt has — never two finals.
   * @returns the seq of the `finished` event with the judging's attempt number and callback URL (read
   *   from the same write), or null when the submission does not exist or the fence did not hold.
   */
  async finish(
    id: string,
    outcome: { verdict: Verdict; message: string | null; score?: number | null; groups?: GroupResult[]; testCount?: number },
    fence: { attempt: number } | 'unfinished',
  ): Promise<FinishedSubmission | null> {
    const row = await this.updateReturning(
      id,
      'saving the verdict',
      {
        $set: {
          status: SubmissionStatus.Finished,
          verdict: outcome.verdict,
          message: outcome.message,
          score: outcome.score ?? null,
          groups: outcome.groups ?? [],
          ...(outcome.testCount !== undefined ? { testCount: outcome.testCount } : {}),
          finishedAt: new Date(),
        },
      },
      fence === 'unfinished' ? { status: { $ne: SubmissionStatus.Finished } } : attemptFilter(fence.attempt),
    );
    return row
      ? {
          seq: row.lastSeq,
          attempt: row.attempt ?? 0,
          callbackUrl: row.callbackUrl ?? null,
          judge0CallbackUrl: row.judge0?.callbackUrl ?? null,
        }
      : null;
  }

  /**
   * Puts a finished submission back to `queued` for a rejudge: results cleared, `rejudges` + 1,
   * `testCount`/`maxScore` set to the problem's current ones. Only a finished submission is reset
   * (one being judged is left alone).
   * @returns the new `rejudges` count and the seq of the rejudge's `queued` event, or null when the
   *   submission does not exist or is not finished.
   */
  async resetForRejudge(
    id: string,
    counts: { testCount?: number; maxScore?: number | null },
  ): Promise<{ rejudges: number; seq: number } | null> {
    if (!isValidObjectId(id)) return null;
    const row = await this.locked(id, 'resetting the submission', () =>
      this.model
        .findOneAndUpdate(
          // Not one the retention sweeper is deleting (expiresAt set).
          { _id: new Types.ObjectId(id), status: SubmissionStatus.Finished, expiresAt: null },
          {
            $set: {
              status: SubmissionStatus.Queued,
              outputsClearedAt: null,
              verdict: null,
              message: null,
              tests: [],
              groups: [],
              score: null,
              startedAt: null,
              finishedAt: null,
              ...(counts.testCount !== undefined ? { testCount: counts.testCount } : {}),
              ...(counts.maxScore !== undefined ? { maxScore: counts.maxScore } : {}),
            },
            $inc: { rejudges: 1, lastSeq: 1 },
          },
          // No projection: FerretDB 1.24 does not implement `fields` in findAndModify.
          { returnDocument: 'after' },
        )
        .lean<Pick<Submission, '_id' | 'rejudges' | 'lastSeq'>>()
        .exec(),
    );
    return row ? { rejudges: row.rejudges, seq: row.lastSeq } : null;
  }

  /** How many submissions refer to problem `problemId`. */
  async countByProblem(problemId: string): Promise<number> {
    if (!isValidObjectId(problemId)) return 0;
    return guardConnectivity('MongoDB', 'counting submissions', () =>
      this.model.countDocuments({ problemId: new Types.ObjectId(problemId) }).exec(),
    );
  }

  /**
   * How many submissions of API key `ownerKeyId` (null: those made without a key) are not finished
   * (queued, compiling or running); the quotas' unfinished cap. Uses the `{ ownerKeyId, status }` index.
   * @throws DependencyUnavailableError('MongoDB').
   */
  async countUnfinishedByOwner(ownerKeyId: string | null): Promise<number> {
    return guardConnectivity('MongoDB', 'counting unfinished submissions', () =>
      this.model.countDocuments({ ownerKeyId, status: { $ne: SubmissionStatus.Finished } }).exec(),
    );
  }

  /** Ids and statuses of the submissions against problem `problemId`, oldest first. */
  async listByProblem(problemId: string): Promise<{ id: string; status: SubmissionStatus }[]> {
    if (!isValidObjectId(problemId)) return [];
    const rows = await guardConnectivity('MongoDB', 'listing submissions', () =>
      this.model
        .find({ problemId: new Types.ObjectId(problemId) }, { status: 1 })
        .sort({ _id: 1 })
        .lean<Pick<Submission, '_id' | 'status'>[]>()
        .exec(),
    );
    return rows.map((r) => ({ id: r._id.toHexString(), status: r.status }));
  }

  /** Deletes submission `id` (rolls back a creation whose enqueueing failed). @returns false when it did not exist. */
  async remove(id: string): Promise<boolean> {
    if (!isValidObjectId(id)) return false;
    const result = await guardConnectivity('MongoDB', 'deleting the submission', () =>
      this.model.deleteOne({ _id: new Types.ObjectId(id) }).exec(),
    );
    return result.deletedCount > 0;
  }

  /**
   * Ids of submissions not finished and created before `createdBefore`, oldest first, at most `limit`
   * (candidates for re-queueing when their job was lost).
   * @throws DependencyUnavailableError('MongoDB').
   */
  async findUnfinishedIds(createdBefore: Date, limit: number): Promise<string[]> {
    const rows = await guardConnectivity('MongoDB', 'listing unfinished submissions', () =>
      this.model
        .find({ status: { $ne: SubmissionStatus.Finished }, createdAt: { $lt: createdBefore } }, { _id: 1 })
        .sort({ _id: 1 })
        .limit(limit)
        .lean()
        .exec(),
    );
    return rows.map((r) => String(r._id));
  }

  /**
   * Creates the TTL index on `expiresAt` (MongoDB deletes a document once its `expiresAt` is past:
   * a submission the retention sweeper marked but could not delete). Idempotent.
   * @returns false when the server refuses TTL indexes (FerretDB 1.24: "not implemented"), true when it exists.
   * @throws DependencyUnavailableError('MongoDB').
   */
  async ensureExpiryIndex(): Promise<boolean> {
    try {
      await guardConnectivity('MongoDB', 'creating the submissions TTL index', () =>
        this.model.collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'expiresAt_ttl' }),
      );
      return true;
    } catch (error) {
      if (error instanceof mongoose.mongo.MongoServerError) return false;
      throw error;
    }
  }

  /**
   * Finished submissions whose tests still hold their stdout/stderr and that finished before
   * `finishedBefore`: at most `limit`, each with its `finishedAt` (the retention sweeper's guard
   * against a rejudge meanwhile) and its test results.
   */
  async findOutputsDue(finishedBefore: Date, limit: number): Promise<{ id: string; finishedAt: Date; tests: TestResultRecord[] }[]> {
    const rows = await guardConnectivity('MongoDB', 'listing submissions whose outputs are due', () =>
      this.model
        .find(
          { status: SubmissionStatus.Finished, finishedAt: { $lt: finishedBefore }, outputsClearedAt: null },
          { finishedAt: 1, tests: 1 },
        )
        .limit(limit)
        .lean<Pick<Submission, '_id' | 'finishedAt' | 'tests'>[]>()
        .exec(),
    );
    return rows.map((r) => ({ id: r._id.toHexString(), finishedAt: new Date(r.finishedAt!), tests: r.tests ?? [] }));
  }

  /**
   * Clears the stdout and stderr of every test of submission `id` (verdicts, times, memory, sizes and
   * checker messages stay) and sets `outputsClearedAt`, if it is still the judging that finished at
   * `finishedAt` (a rejudge meanwhile is left alone). Idempotent: several sweepers may race.
   * @param tests its test results as `findOutputsDue` read them.
   * @returns whether it was cleared.
   */
  async clearOutputs(id: string, finishedAt: Date, tests: readonly TestResultRecord[]): Promise<boolean> {
    if (!isValidObjectId(id)) return false;
    const cleared = tests.map((t) => ({ ...t, stdout: '', stderr: '' }));
    const result = await this.locked(id, 'clearing test outputs', () =>
      this.model
        .updateOne(
          { _id: new Types.ObjectId(id), status: SubmissionStatus.Finished, finishedAt },
          { $set: { tests: cleared, outputsClearedAt: new Date() } },
        )
        .exec(),
    );
    return result.matchedCount > 0;
  }

  /**
   * Ids of submissions due for deletion, at most `limit`: finished before `finishedBefore`, or
   * already marked (`expiresAt` set) by a sweep that did not get to delete them.
   */
  async findDeletionDue(finishedBefore: Date, limit: number): Promise<{ id: string; finishedAt: Date | null; marked: boolean }[]> {
    const rows = await guardConnectivity('MongoDB', 'listing submissions due for deletion', () =>
      this.model
        .find(
          {
            $or: [{ status: SubmissionStatus.Finished, finishedAt: { $lt: finishedBefore } }, { expiresAt: { $type: 'date' as const } }],
          },
          { finishedAt: 1, expiresAt: 1 },
        )
        .limit(limit)
        .lean<Pick<Submission, '_id' | 'finishedAt' | 'expiresAt'>[]>()
        .exec(),
    );
    return rows.map((r) => ({ id: r._id.toHexString(), finishedAt: r.finishedAt ? new Date(r.finishedAt) : null, marked: !!r.expiresAt }));
  }

  /**
   * Marks finished submission `id` for deletion, if it is still the judging that finished at
   * `finishedAt`: from then on it cannot be rejudged.
   * @param expiresAt when MongoDB's TTL index deletes it if no sweeper has by then.
   * @returns whether it was marked.
   */
  async markExpiring(id: string, finishedAt: Date, expiresAt: Date): Promise<boolean> {
    if (!isValidObjectId(id)) return false;
    const result = await this.locked(id, 'marking a submission for deletion', () =>
      this.model.updateOne({ _id: new Types.ObjectId(id), status: SubmissionStatus.Finished, finishedAt }, { $set: { expiresAt } }).exec(),
    );
    return result.matchedCount > 0;
  }

  /** Deletes submission `id` if it is marked for deletion (`markExpiring`). @returns whether it was deleted. */
  async removeExpiring(id: string): Promise<boolean> {
    if (!isValidObjectId(id)) return false;
    const result = await guardConnectivity('MongoDB', 'deleting an expired submission', () =>
      this.model.deleteOne({ _id: new Types.ObjectId(id), expiresAt: { $type: 'date' as const } }).exec(),
    );
    return result.deletedCount > 0;
  }

  /** The hashes among `hashes` that some submission's inline test cases use (`fileHashes`). */
  async hashesInUse(hashes: readonly string[]): Promise<Set<string>> {
    const used = new Set<string>();
    if (hashes.length === 0) return used;
    const rows = await guardConnectivity('MongoDB', 'looking up test data users', () =>
      this.model
        .find({ fileHashes: { $in: [...hashes] } }, { fileHashes: 1 })
        .lean<Pick<Submission, '_id' | 'fileHashes'>[]>()
        .exec(),
    );
    const wanted = new Set(hashes);
    for (const row of rows) for (const h of row.fileHashes ?? []) if (wanted.has(h)) used.add(h);
    return used;
  }

  /**
   * The callback URL submission `id` delivers its results to (its own, or its problem's default copied
   * when it was made), or null. Secret: for deciding what a view may show, never for a view itself.
   * @throws DependencyUnavailableError('MongoDB').
   */
  async callbackUrlOf(id: string): Promise<string | null> {
    if (!isValidObjectId(id)) return null;
    const row = await guardConnectivity('MongoDB', 'reading the callback URL', () =>
      this.model.findById(id, { callbackUrl: 1 }).lean<Pick<Submission, '_id' | 'callbackUrl'>>().exec(),
    );
    return row?.callbackUrl ?? null;
  }

  /** Whether `scope` shows submissions to problem `problemId` as their setter sees them (full judge messages). */
  showsSetterView(scope: ReadScope | undefined, problemId: string): boolean {
    return showsJudgeMessages(scope, new Types.ObjectId(problemId));
  }

  /**
   * Whether submission `id` exists and is finished.
   * @throws DependencyUnavailableError('MongoDB').
   */
  async isFinished(id: string): Promise<boolean> {
    if (!isValidObjectId(id)) return false;
    const row = await guardConnectivity('MongoDB', 'reading the submission status', () =>
      this.model.findById(id, { status: 1 }).lean<Pick<Submission, '_id' | 'status'>>().exec(),
    );
    return row?.status === SubmissionStatus.Finished;
  }

  /**
   * Applies `update` and increments `lastSeq` by `seqs` (one per event announcing the change) in the same write.
   * @returns the new `lastSeq` (the seq of the last event announcing this change), or null when there is no such submission.
   */
  private async updateWithNextSeq(
    id: string,
    what: string,
    update: { $inc?: Record<string, number> } & Record<string, unknown>,
    filter: Record<string, unknown> = {},
    seqs = 1,
  ): Promise<number | null> {
    const row = await this.updateReturning(id, what, update, filter, seqs);
    return row ? row.lastSeq : null;
  }

  /**
   * `updateWithNextSeq`, returning the updated document's `lastSeq`, `attempt`, `callbackUrl` and `judge0`
   * (null: no such submission, or `filter`, added to the id, matched nothing).
   */
  private async updateReturning(
    id: string,
    what: string,
    update: { $inc?: Record<string, number> } & Record<string, unknown>,
    filter: Record<string, unknown> = {},
    seqs = 1,
  ): Promise<Pick<Submission, '_id' | 'lastSeq' | 'attempt' | 'callbackUrl' | 'judge0'> | null> {
    if (!isValidObjectId(id)) return null;
    const _id = new Types.ObjectId(id);
    const row = await this.locked(id, what, async () => {
      let where: Record<string, unknown> = { ...filter, _id };
      if (Object.keys(filter).length > 0 && (await this.writeLock.serializes())) {
        // FerretDB (under the document's write lock): it pushes down only a bare `{ _id }` filter and
        // scans the whole collection for any other, so the condition is checked on the document read by
        // `_id`, then the update goes by `_id` alone. Two indexed round trips instead of two scans; as
        // atomic as FerretDB's own filtered update, which also reads, then writes (DocumentWriteLock).
        const current = await this.model.findById(_id).lean<Record<string, unknown>>().exec();
        if (!current || !matchesFilter(current, filter)) return null;
        where = { _id };
      }
      return this.model
        .findOneAndUpdate(
          where,
          { ...update, $inc: { ...update.$inc, lastSeq: seqs } },
          // No projection: FerretDB 1.24 does not implement `fields` in findAndModify (DESIGN.md: only
          // what MongoDB and FerretDB both support). Only `lastSeq`, `attempt`, `callbackUrl` and `judge0` are read of it.
          { returnDocument: 'after' },
        )
        .lean<Pick<Submission, '_id' | 'lastSeq' | 'attempt' | 'callbackUrl' | 'judge0'>>()
        .exec();
    });
    return row ?? null;
  }
}

/**
 * The filter "the judging attempt is still `attempt`". Documents stored before `attempt` existed have
 * no such field: for 0 a missing field matches too.
 */
function attemptFilter(attempt: number): Record<string, unknown> {
  return attempt === 0 ? { attempt: { $in: [0, null] } } : { attempt };
}
