import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { toCursorPage, type CursorPage, type PageRequest } from '../../common/cursor-page.js';
import { guardConnectivity } from '../../common/dependency-errors.js';
import { DocumentWriteLock } from '../shared/document-write-lock.js';
import { isValidObjectId } from '../../common/object-id.js';
import { DuplicateSlugError } from './duplicate-slug.error.js';
import type { Verdict } from '../../../libs/contracts/index.js';
import {
  DEFAULT_TIME_LIMIT_RULES,
  fileHashesOf,
  type DerivedTimeLimit,
  type FormatVerdict,
  type InputValidatorArgsData,
  type ProblemData,
  type StoredProblem,
} from './problem-records.js';
import { Problem, type InputValidatorArgsRecord } from './problem.schema.js';

type ProblemRow = Problem;

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

function toStored(row: ProblemRow): StoredProblem {
  return {
    id: row._id.toHexString(),
    slug: row.slug,
    title: row.title,
    statement: row.statement ?? '',
    limits: {
      cpuTimeMs: row.limits.cpuTimeMs,
      wallTimeMs: row.limits.wallTimeMs,
      memoryKiB: row.limits.memoryKiB,
      outputKiB: row.limits.outputKiB,
    },
    timeLimitGiven: row.timeLimitGiven ?? true,
    timeLimitSource: row.timeLimitSource ?? 'package',
    timeLimitRules: {
      legacy: row.timeLimitRules?.legacy ?? DEFAULT_TIME_LIMIT_RULES.legacy,
      acToTimeLimit: row.timeLimitRules?.acToTimeLimit ?? DEFAULT_TIME_LIMIT_RULES.acToTimeLimit,
      timeLimitToTle: row.timeLimitRules?.timeLimitToTle ?? DEFAULT_TIME_LIMIT_RULES.timeLimitToTle,
      timeResolutionMs: row.timeLimitRules?.timeResolutionMs ?? DEFAULT_TIME_LIMIT_RULES.timeResolutionMs,
    },
    derivedTimeLimit: row.derivedTimeLimit
      ? {
          ms: row.derivedTimeLimit.ms,
          verificationId: row.derivedTimeLimit.verificationId,
          problemRevision: row.derivedTimeLimit.problemRevision,
          at: new Date(row.derivedTimeLimit.at),
        }
      : null,
    type: row.type,
    interactive: row.interactive ?? false,
    checker: {
      kind: row.checker.kind,
      caseSensitive: row.checker.caseSensitive ?? false,
      spaceChangeSensitive: row.checker.spaceChangeSensitive ?? false,
      floatAbsoluteTolerance: row.checker.floatAbsoluteTolerance ?? null,
      floatRelativeTolerance: row.checker.floatRelativeTolerance ?? null,
      language: row.checker.language ?? null,
      entry: row.checker.entry ?? null,
      files: (row.checker.files ?? []).map((f) => ({ name: f.name, content: f.content })),
      args: row.checker.args ?? [],
    },
    groups: (row.groups ?? []).map((g) => ({
      name: g.name,
      points: g.points ?? 0,
      sample: g.sample ?? false,
      validatorArgs: g.validatorArgs ?? [],
      ...(g.aggregation && g.aggregation !== 'pass-fail' ? { aggregation: g.aggregation } : {}),
      ...(g.acceptIfAnyAccepted ? { acceptIfAnyAccepted: true } : {}),
      ...(g.ignoreInVerdict ? { ignoreInVerdict: true } : {}),
      testCases: (g.testCases ?? []).map((tc) => ({
        name: tc.name,
        inputHash: tc.inputHash,
        inputBytes: tc.inputBytes,
        answerHash: tc.answerHash,
        answerBytes: tc.answerBytes,
      })),
    })),
    packageSubmissions: (row.packageSubmissions ?? []).map((s) => ({
      path: s.path,
      expected: s.expected,
      language: s.language ?? null,
      sourceCode: s.sourceCode,
      ...(s.expectedResults ? { expectedResults: s.expectedResults as Verdict[] } : {}),
      ...(s.requirements
        ? {
            requirements: s.requirements.map((r) => ({
              tests: r.tests ?? null,
              permitted: (r.permitted as FormatVerdict[] | null | undefined) ?? null,
              required: (r.required as FormatVerdict[] | null | undefined) ?? null,
              score: r.score && r.score.length === 2 ? ([r.score[0]!, r.score[1]!] as [number, number]) : null,
              message: r.message ?? null,
            })),
          }
        : {}),
      ...(s.useForTimeLimit !== undefined && s.useForTimeLimit !== null
        ? { useForTimeLimit: s.useForTimeLimit as boolean | 'lower' | 'upper' }
        : {}),
    })),
    packageFormat: row.packageFormat ?? null,
    inputValidation: row.inputValidation
      ? {
          validators: (row.inputValidation.validators ?? []).map((v) => ({
            path: v.path,
            language: v.language,
            entry: v.entry,
            files: (v.files ?? []).map((f) => ({ name: f.name, content: f.content })),
          })),
          groupArgs: (row.inputValidation.groupArgs ?? []).map((g) => ({ group: g.group, args: argsOf(g.args) })),
          invalidInputs: (row.inputValidation.invalidInputs ?? []).map((tc) => ({
            name: tc.name,
            inputHash: tc.inputHash,
            inputBytes: tc.inputBytes,
            args: argsOf(tc.args),
          })),
        }
      : null,
    archived: row.archived ?? false,
    callbackUrl: row.callbackUrl ?? null,
    ownerKeyId: row.ownerKeyId ?? null,
    revision: row.revision ?? 1,
    testCount: row.testCount ?? 0,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  };
}

function argsOf(rows: readonly InputValidatorArgsRecord[] | undefined): InputValidatorArgsData[] {
  return (rows ?? []).map((a) => ({ validator: a.validator ?? null, args: a.args ?? [] }));
}

function documentOf(data: ProblemData): Omit<Problem, '_id' | 'revision' | 'createdAt' | 'updatedAt'> {
  return {
    ...data,
    callbackUrl: data.callbackUrl ?? null,
    ownerKeyId: data.ownerKeyId ?? null,
    derivedTimeLimit: data.derivedTimeLimit ?? null,
    inputValidation: data.inputValidation ?? null,
    fileHashes: fileHashesOf(data.groups, data.inputValidation),
    testCount: data.groups.reduce((n, g) => n + g.testCases.length, 0),
  };
}

/** Most problem ids `idsOwnedBy` returns. */
const MAX_OWNED_LISTED = 10_000;

/**
 * Reads and writes problems (collection `problems`). Shared by the API and the worker.
 * Every method throws DependencyUnavailableError('MongoDB') when MongoDB is unreachable.
 * Ids that are not 24-hex ObjectIds never reach MongoDB (reads return null, writes false).
 */
@Injectable()
export class ProblemsRepository {
  /** The schema's indexes (the unique slug), made before the first write: autoIndex does not run on a lazy connection. */
  private indexes: Promise<unknown> | null = null;

  constructor(
    @InjectModel(Problem.name) private readonly model: Model<Problem>,
    private readonly writeLock: DocumentWriteLock,
  ) {}

  private ensureIndexes(): Promise<unknown> {
    this.indexes ??= guardConnectivity('MongoDB', 'creating the problems indexes', () => this.model.createIndexes()).catch(
      (error: unknown) => {
        this.indexes = null;
        throw error;
      },
    );
    return this.indexes;
  }

  /**
   * Inserts a new problem.
   * @throws DuplicateSlugError when the slug is taken.
   */
  async create(data: ProblemData): Promise<StoredProblem> {
    const now = new Date();
    await this.ensureIndexes();
    try {
      const doc = await guardConnectivity('MongoDB', 'saving the problem', () =>
        this.model.create({ ...documentOf(data), revision: 1, createdAt: now, updatedAt: now }),
      );
      return toStored(doc.toObject());
    } catch (error) {
      if (isDuplicateKey(error)) throw new DuplicateSlugError(data.slug);
      throw error;
    }
  }

  /** @returns the problem, or null when there is none. */
  async find(id: string): Promise<StoredProblem | null> {
    if (!isValidObjectId(id)) return null;
    const row = await guardConnectivity('MongoDB', 'reading the problem', () => this.model.findById(id).lean<ProblemRow>().exec());
    return row ? toStored(row) : null;
  }

  /**
   * Ids (hex) of the problems API key `ownerKeyId` owns, at most MAX_OWNED_LISTED, newest first: what a
   * setter's submission reads are scoped to (src/auth/submission-access.ts).
   * @throws DependencyUnavailableError('MongoDB').
   */
  async idsOwnedBy(ownerKeyId: string): Promise<string[]> {
    const rows = await guardConnectivity('MongoDB', 'listing owned problems', () =>
      this.model.find({ ownerKeyId }, { _id: 1 }).sort({ _id: -1 }).limit(MAX_OWNED_LISTED).lean<{ _id: Types.ObjectId }[]>().exec(),
    );
    return rows.map((row) => row._id.toHexString());
  }

  /**
   * Problems newest first, one page (without groups' test cases, checker sources and package submissions).
   * @param page page size (1..100, the caller validates it) and the previous page's last id.
   */
  async list(page: PageRequest): Promise<CursorPage<StoredProblem>> {
    const filter = page.beforeId ? { _id: { $lt: new Types.ObjectId(page.beforeId) } } : {};
    const rows = await guardConnectivity('MongoDB', 'listing problems', () =>
      this.model
        .find(filter, { 'checker.files': 0, packageSubmissions: 0, fileHashes: 0 })
        .sort({ _id: -1 })
        .limit(page.limit + 1)
        .lean<ProblemRow[]>()
        .exec(),
    );
    return toCursorPage(rows, page, (row) => row._id.toHexString(), toStored);
  }

  /**
   * Replaces a problem's content; `revision` + 1.
   * @returns the stored problem, or null when it does not exist.
   * @throws DuplicateSlugError when the new slug is taken.
   */
  async replace(id: string, data: ProblemData): Promise<StoredProblem | null> {
    if (!isValidObjectId(id)) return null;
    await this.ensureIndexes();
    try {
      // Under the problem's write lock: two concurrent replaces must never both get one `revision`.
      const row = await this.writeLock.run('problems', id, 'saving the problem', () =>
        guardConnectivity('MongoDB', 'saving the problem', () =>
          this.model
            .findOneAndUpdate(
              { _id: new Types.ObjectId(id) },
              { $set: { ...documentOf(data), updatedAt: new Date() }, $inc: { revision: 1 } },
              { returnDocument: 'after' },
            )
            .lean<ProblemRow>()
            .exec(),
        ),
      );
      return row ? toStored(row) : null;
    } catch (error) {
      if (isDuplicateKey(error)) throw new DuplicateSlugError(data.slug);
      throw error;
    }
  }

  /**
   * Stores a time limit a verification derived, on problem `id` only while its revision is still
   * `derived.problemRevision` (a PUT meanwhile changed what was verified); the revision is not changed.
   * @returns false when the problem is gone or at another revision.
   */
  async setDerivedTimeLimit(id: string, derived: DerivedTimeLimit): Promise<boolean> {
    if (!isValidObjectId(id)) return false;
    const result = await guardConnectivity('MongoDB', 'storing the derived time limit', () =>
      this.model
        .updateOne({ _id: new Types.ObjectId(id), revision: derived.problemRevision }, { $set: { derivedTimeLimit: derived } })
        .exec(),
    );
    return result.matchedCount > 0;
  }

  /** Deletes problem `id`. @returns false when it did not exist. */
  async remove(id: string): Promise<boolean> {
    if (!isValidObjectId(id)) return false;
    const result = await guardConnectivity('MongoDB', 'deleting the problem', () =>
      this.model.deleteOne({ _id: new Types.ObjectId(id) }).exec(),
    );
    return result.deletedCount > 0;
  }

  /**
   * The hashes among `hashes` that problems owned by API key `ownerKeyId` use: the test data that key
   * may reference by hash in POST/PUT /problems.
   * @throws DependencyUnavailableError('MongoDB').
   */
  async hashesOwnedBy(hashes: readonly string[], ownerKeyId: string): Promise<Set<string>> {
    const owned = new Set<string>();
    if (hashes.length === 0) return owned;
    const rows = await guardConnectivity('MongoDB', 'looking up test data owners', () =>
      this.model
        .find({ ownerKeyId, fileHashes: { $in: [...hashes] } }, { fileHashes: 1 })
        .lean<Pick<ProblemRow, '_id' | 'fileHashes'>[]>()
        .exec(),
    );
    const wanted = new Set(hashes);
    for (const row of rows) for (const h of row.fileHashes ?? []) if (wanted.has(h)) owned.add(h);
    return owned;
  }

  /** The hashes among `hashes` that some problem other than `exceptId` uses. */
  async hashesInUse(hashes: readonly string[], exceptId?: string): Promise<Set<string>> {
    const used = new Set<string>();
    if (hashes.length === 0) return used;
    const filter: Record<string, unknown> = { fileHashes: { $in: [...hashes] } };
    if (exceptId && isValidObjectId(exceptId)) filter['_id'] = { $ne: new Types.ObjectId(exceptId) };
    const rows = await guardConnectivity('MongoDB', 'looking up test data users', () =>
      this.model.find(filter, { fileHashes: 1 }).lean<Pick<ProblemRow, '_id' | 'fileHashes'>[]>().exec(),
    );
    const wanted = new Set(hashes);
    for (const row of rows) for (const h of row.fileHashes ?? []) if (wanted.has(h)) used.add(h);
    return used;
  }
}
