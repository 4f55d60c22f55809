import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { CheckerKind, ProblemType, SubmissionStatus } from '../../libs/contracts/index.js';
import type { Caller } from '../auth/caller.js';
import { holdsProblem } from '../auth/problem-holder.js';
import { Role } from '../auth/role.js';
import { defaultValidatorOptionsOf, LANGUAGES } from '../../libs/judging/index.js';
import type { PageRequest } from '../common/cursor-page.js';
import { InvalidRequestException } from '../common/invalid-request.exception.js';
import { limitsAboveMaximaMessages, resolveLimits } from '../common/judge-limits.js';
import { judgeLimitsConfig, type JudgeLimitsSettings } from '../config/judge-limits.config.js';
import { problemsConfig, type ProblemsConfig } from '../config/problems.config.js';
import { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { JudgeQueueProducer } from '../queue/judge-queue.producer.js';
import { CallbackUrlPolicy } from '../webhooks/callback-url.policy.js';
import type { VerificationView } from '../persistence/verifications/verification-records.js';
import { VerificationsRepository } from '../persistence/verifications/verifications.repository.js';
import { TEST_DATA_STORE, type TestDataStore } from '../persistence/test-data/test-data.store.js';
import type { CheckerDto, CreateProblemDto } from './dto/create-problem.dto.js';
import type { ProblemPageDto, ProblemViewDto } from './dto/problem-view.dto.js';
import { DuplicateSlugError } from '../persistence/problems/duplicate-slug.error.js';
import {
  DEFAULT_CHECKER,
  DEFAULT_TIME_LIMIT_RULES,
  fileHashesOf,
  pointsProblem,
  type CheckerData,
  type ProblemData,
  type StoredProblem,
  type TestGroupData,
} from '../persistence/problems/problem-records.js';
import { toProblemView } from './problem-view.js';
import { ProblemsRepository } from '../persistence/problems/problems.repository.js';
import { collectUnusedTestData, TestDataWriter } from './test-data-writer.js';

/**
 * Problems (API side): create, read, replace, delete, rejudge. Writes store the test data first
 * (by hash), the problem document last; a failed write removes the files it added.
 * Ownership (docs/problem-ownership.md): a problem belongs to the key that created it (`ownerKeyId`);
 * only that key or an admin may change, delete, verify or rejudge it (anyone else gets the 404 of a
 * missing problem) and see its secret test data; a key may reference by hash only its own problems'
 * test data. Every method takes the request's Caller.
 */
@Injectable()
export class ProblemsService {
  private readonly logger = new Logger('Problems');

  constructor(
    private readonly problems: ProblemsRepository,
    @Inject(TEST_DATA_STORE) private readonly store: TestDataStore,
    private readonly submissions: SubmissionsRepository,
    private readonly submissionsService: SubmissionsService,
    @Inject(judgeLimitsConfig.KEY) private readonly limits: JudgeLimitsSettings,
    @Inject(problemsConfig.KEY) private readonly cfg: ProblemsConfig,
    private readonly verifications: VerificationsRepository,
    private readonly queue: JudgeQueueProducer,
    private readonly callbacks: CallbackUrlPolicy,
  ) {}

  /** A fresh writer for one problem write (also used by the package importer). */
  newWriter(): TestDataWriter {
    return new TestDataWriter(this.store, this.problems);
  }

  /**
   * `POST /problems`.
   * @throws InvalidRequestException (400) listing every broken rule; ConflictException when the slug is taken.
   */
  async create(dto: CreateProblemDto, caller: Caller): Promise<ProblemViewDto> {
    const writer = this.newWriter();
    try {
      const data = await this.fromDto(dto, writer, caller);
      data.ownerKeyId = caller.keyId;
      const stored = await this.problems.create(data);
      await writer.confirm();
      this.logger.log(
        { problemId: stored.id, slug: stored.slug, tests: stored.testCount, ownerKeyId: stored.ownerKeyId },
        'problem created',
      );
      return toProblemView(stored, { withTestCases: true, secrets: true });
    } catch (error) {
      await writer.discard();
      throw mapWriteError(error);
    }
  }

  /**
   * Saves a problem built elsewhere (the package importer) whose files `writer` stored, owned by `data.ownerKeyId`.
   * @throws ConflictException when the slug is taken (the writer's files are removed).
   */
  async createFromPackage(data: ProblemData, writer: TestDataWriter): Promise<ProblemViewDto> {
    try {
      const stored = await this.problems.create(data);
      await writer.confirm();
      this.logger.log(
        { problemId: stored.id, slug: stored.slug, tests: stored.testCount, format: data.packageFormat, ownerKeyId: stored.ownerKeyId },
        'problem imported',
      );
      return toProblemView(stored, { withTestCases: true, secrets: true });
    } catch (error) {
      await writer.discard();
      throw mapWriteError(error);
    }
  }

  /**
   * `PUT /problems/:id`: replaces everything but the package's stored submissions and time-limit
   * rules; clears a derived time limit (it was derived from the data replaced).
   * @throws NotFoundException (also when `caller` does not hold it), InvalidRequestException (400), ConflictException (slug taken).
   */
  async replace(id: string, dto: CreateProblemDto, caller: Caller): Promise<ProblemViewDto> {
    const before = await this.held(id, caller);
    const writer = this.newWriter();
    let stored: StoredProblem | null;
    try {
      const data = await this.fromDto(dto, writer, caller);
      data.packageSubmissions = before.packageSubmissions;
      data.packageFormat = before.packageFormat;
      // The package's rules stay; a derived limit was of the data this PUT replaces (verify again).
      data.timeLimitRules = before.timeLimitRules;
      data.derivedTimeLimit = null;
      data.inputValidation = before.inputValidation ?? null;
      data.ownerKeyId = before.ownerKeyId ?? null;
      stored = await this.problems.replace(id, data);
      if (!stored) throw new NotFoundException(`problem ${id} not found`);
      await writer.confirm();
    } catch (error) {
      await writer.discard();
      throw mapWriteError(error);
    }
    await this.collect(fileHashesOf(before.groups, before.inputValidation));
    this.logger.log({ problemId: id, revision: stored.revision }, 'problem replaced');
    return toProblemView(stored, { withTestCases: true, secrets: true });
  }

  /**
   * A problem as `caller` may see it: whole for its holder; for anyone else without the hashes of
   * its secret test cases and its callback URL (statement, limits and samples stay).
   * @throws NotFoundException.
   */
  async findOne(id: string, caller: Caller): Promise<ProblemViewDto> {
    const problem = await this.problems.find(id);
    if (!problem) throw new NotFoundException(`problem ${id} not found`);
    return toProblemView(problem, { withTestCases: true, secrets: holdsProblem(caller, problem) });
  }

  /** One page of problems, newest first, without the groups' test case lists (callback URLs only to their holders). */
  async list(page: PageRequest, caller: Caller): Promise<ProblemPageDto> {
    const stored = await this.problems.list(page);
    return {
      items: stored.items.map((p) => toProblemView(p, { withTestCases: false, secrets: holdsProblem(caller, p) })),
      nextCursor: stored.nextCursor,
    };
  }

  /**
   * `DELETE /problems/:id`. Refused (409) while submissions refer to the problem, unless it is
   * archived. Its test data files that no other problem uses are deleted too.
   * @throws NotFoundException (also when `caller` does not hold it); ConflictException.
   */
  async remove(id: string, caller: Caller): Promise<void> {
    const problem = await this.held(id, caller);
    if (!problem.archived) {
      const count = await this.submissions.countByProblem(id);
      if (count > 0) {
        throw new ConflictException(
          `problem ${problem.slug} has ${count} submission(s); archive it first (PUT with "archived": true) to delete it anyway`,
        );
      }
    }
    await this.problems.remove(id);
    const deleted = await this.collect(fileHashesOf(problem.groups, problem.inputValidation));
    this.logger.log({ problemId: id, slug: problem.slug, filesDeleted: deleted }, 'problem deleted');
  }

  /**
   * `POST /problems/:id/rejudge`: rejudges every finished submission of the problem with its
   * current data. Submissions still queued or being judged are left alone (they read the current data anyway).
   * @throws NotFoundException (also when `caller` does not hold the problem).
   */
  async rejudgeAll(id: string, caller: Caller): Promise<{ rejudged: number; skipped: number }> {
    await this.held(id, caller);
    let rejudged = 0;
    let skipped = 0;
    for (const s of await this.submissions.listByProblem(id)) {
      if (s.status !== SubmissionStatus.Finished) {
        skipped++;
        continue;
      }
      try {
        await this.submissionsService.rejudge(s.id);
        rejudged++;
      } catch (error) {
        if (!(error instanceof ConflictException)) throw error;
        skipped++; // started meanwhile
      }
    }
    this.logger.log({ problemId: id, rejudged, skipped }, 'problem rejudge queued');
    return { rejudged, skipped };
  }

  /**
   * `POST /problems/:id/verify`: queues a run of the problem's input validators over its test data
   * and of every submission stored in its package (see VerificationRunner). @returns the queued report.
   * @throws NotFoundException (also when `caller` does not hold it); InvalidRequestException (400) when
   *   the package had neither submissions nor input validators.
   */
  async verify(id: string, caller: Caller): Promise<VerificationView> {
    const problem = await this.held(id, caller);
    if (problem.packageSubmissions.length === 0 && !problem.inputValidation?.validators.length) {
      throw new InvalidRequestException(
        `problem ${problem.slug} has no package submissions to verify (submissions/<verdict>/ files of its package) and no input validators`,
      );
    }
    return this.queueVerification(problem, false);
  }

  /**
   * Queues the input validation of an imported problem that has input validators (a verification
   * with `inputOnly`: no submission is judged). @returns the queued report.
   * @throws DependencyUnavailableError when MongoDB or Redis fails (the problem stays imported).
   */
  async queueInputValidation(problem: Pick<StoredProblem, 'id' | 'revision'>): Promise<VerificationView> {
    return this.queueVerification(problem, true);
  }

  private async queueVerification(problem: Pick<StoredProblem, 'id' | 'revision'>, inputOnly: boolean): Promise<VerificationView> {
    const verification = await this.verifications.create(problem.id, problem.revision, inputOnly);
    try {
      await this.queue.enqueueVerify(verification.id);
    } catch (error) {
      await this.verifications.remove(verification.id).catch(() => undefined);
      throw error;
    }
    return verification;
  }

  /**
   * A verification report (it quotes the checker's messages on secret test cases: for the problem's holder only).
   * @throws NotFoundException when there is no such verification of this problem, or `caller` does not hold it.
   */
  async findVerification(problemId: string, verificationId: string, caller: Caller): Promise<VerificationView> {
    await this.held(problemId, caller);
    const verification = await this.verifications.find(verificationId);
    if (!verification || verification.problemId !== problemId) {
      throw new NotFoundException(`verification ${verificationId} of problem ${problemId} not found`);
    }
    return verification;
  }

  /** Problem `id` when `caller` holds it. @throws NotFoundException when it does not exist or `caller` does not hold it (the same answer). */
  private async held(id: string, caller: Caller): Promise<StoredProblem> {
    const problem = await this.problems.find(id);
    if (!problem || !holdsProblem(caller, problem)) throw new NotFoundException(`problem ${id} not found`);
    return problem;
  }

  private async collect(hashes: string[]): Promise<number> {
    try {
      return await collectUnusedTestData(this.store, this.problems, hashes);
    } catch (err) {
      this.logger.error({ err }, 'could not delete unused test data; it stays until the next delete');
      return 0;
    }
  }

  /**
   * Checks a POST/PUT body against the rules that the DTO cannot express and stores its inline
   * test data. A hash it references must be test data of one of `caller`'s problems (an admin's: any
   * stored file), so that nobody can reuse, and print with a `cat` submission, another problem's
   * secret answer. @throws InvalidRequestException (400) listing every broken rule.
   */
  private async fromDto(dto: CreateProblemDto, writer: TestDataWriter, caller: Caller): Promise<ProblemData> {
    const problems = limitsAboveMaximaMessages(dto.limits, this.limits.maxima);
    const checker = this.checkerOf(dto.checker, problems);
    const interactive = dto.interactive ?? false;
    if (interactive && checker.kind !== CheckerKind.Custom) {
      problems.push('interactive problems need checker.kind "custom" (the interactor, run against the submission)');
    }
    const total = dto.groups.reduce((n, g) => n + g.testCases.length, 0);
    if (total > this.cfg.maxTestCases)
      problems.push(`groups must hold no more than ${this.cfg.maxTestCases} test cases in all; they hold ${total}`);
    const points = pointsProblem(dto.groups.map((g) => ({ points: isSampleGroup(g) ? 0 : (g.points ?? 0) })));
    if (points) problems.push(`groups: ${points}`);
    const groupNames = new Set<string>();
    const caseNames = new Set<string>();
    dto.groups.forEach((g, gi) => {
      if (groupNames.has(g.name)) problems.push(`groups.${gi}.name "${g.name}" is used by another group`);
      groupNames.add(g.name);
      g.testCases.forEach((tc, ti) => {
        const at = `groups.${gi}.testCases.${ti}`;
        if ((tc.input === undefined) === (tc.inputHash === undefined)) problems.push(`${at} must have exactly one of input and inputHash`);
        if ((tc.answer === undefined) === (tc.answerHash === undefined))
          problems.push(`${at} must have exactly one of answer and answerHash`);
        const name = tc.name ?? `${g.name}/${ti + 1}`;
        if (caseNames.has(name)) problems.push(`${at}.name "${name}" is used by another test case`);
        caseNames.add(name);
      });
    });
    const referenced = dto.groups
      .flatMap((g) => g.testCases.flatMap((tc) => [tc.inputHash, tc.answerHash]))
      .filter((h): h is string => !!h);
    if (dto.callbackUrl !== undefined) problems.push(...(await this.callbacks.problems(dto.callbackUrl, 'callbackUrl')));
    if (problems.length === 0 && referenced.length > 0) {
      // Whether a foreign hash names a stored file is not said (it would tell others' data apart).
      const owned =
        caller.role === Role.Admin ? null : caller.keyId ? await this.problems.hashesOwnedBy(referenced, caller.keyId) : new Set();
      const missing = new Set(await this.store.missing(referenced));
      dto.groups.forEach((g, gi) =>
        g.testCases.forEach((tc, ti) => {
          for (const field of ['inputHash', 'answerHash'] as const) {
            const hash = tc[field];
            if (!hash) continue;
            if (owned && !owned.has(hash)) problems.push(`groups.${gi}.testCases.${ti}.${field} must be test data of one of your problems`);
            else if (missing.has(hash)) problems.push(`groups.${gi}.testCases.${ti}.${field} names no stored file`);
          }
        }),
      );
    }
    if (problems.length > 0) throw new InvalidRequestException(problems);

    const groups: TestGroupData[] = [];
    for (const g of dto.groups) {
      const testCases = [];
      for (const [ti, tc] of g.testCases.entries()) {
        const input = tc.input !== undefined ? await writer.putBuffer(Buffer.from(tc.input, 'utf8')) : await this.sizeOf(tc.inputHash!);
        const answer = tc.answer !== undefined ? await writer.putBuffer(Buffer.from(tc.answer, 'utf8')) : await this.sizeOf(tc.answerHash!);
        testCases.push({
          name: tc.name ?? `${g.name}/${ti + 1}`,
          inputHash: input.hash,
          inputBytes: input.sizeBytes,
          answerHash: answer.hash,
          answerBytes: answer.sizeBytes,
        });
      }
      const sample = isSampleGroup(g);
      groups.push({ name: g.name, points: sample ? 0 : (g.points ?? 0), sample, validatorArgs: g.validatorArgs ?? [], testCases });
    }
    // Samples first, otherwise in the order given.
    groups.sort((a, b) => Number(b.sample) - Number(a.sample));
    return {
      slug: dto.slug,
      title: dto.title,
      statement: dto.statement ?? '',
      limits: resolveLimits(dto.limits, this.limits),
      timeLimitGiven: dto.limits?.cpuTimeMs !== undefined,
      timeLimitSource: dto.timeLimitSource ?? 'package',
      timeLimitRules: { ...DEFAULT_TIME_LIMIT_RULES },
      derivedTimeLimit: null,
      type: dto.type ?? ProblemType.PassFail,
      interactive,
      checker,
      groups,
      packageSubmissions: [],
      packageFormat: null,
      archived: dto.archived ?? false,
      callbackUrl: dto.callbackUrl ?? null,
    };
  }

  private async sizeOf(hash: string): Promise<{ hash: string; sizeBytes: number }> {
    const stat = await this.store.stat(hash);
    if (!stat) throw new InvalidRequestException(`test data file ${hash} vanished; send the request again`);
    return stat;
  }

  private checkerOf(dto: CheckerDto | undefined, problems: string[]): CheckerData {
    const base: CheckerData = { ...DEFAULT_CHECKER, args: dto?.args ?? [] };
    if (!dto) return base;
    if (dto.kind === CheckerKind.Custom) {
      const language = LANGUAGES.find((l) => l.id === dto.language);
      if (!language) {
        problems.push(`checker.language must be one of: ${LANGUAGES.map((l) => l.id).join(', ')}`);
        return { ...base, kind: CheckerKind.Custom };
      }
      return {
        ...base,
        kind: CheckerKind.Custom,
        language: language.id,
        entry: language.sourceFile,
        files: [{ name: language.sourceFile, content: dto.source! }],
      };
    }
    const options = defaultValidatorOptionsOf(dto);
    return {
      ...base,
      caseSensitive: options.caseSensitive ?? false,
      spaceChangeSensitive: options.spaceChangeSensitive ?? false,
      floatAbsoluteTolerance: options.floatAbsoluteTolerance ?? null,
      floatRelativeTolerance: options.floatRelativeTolerance ?? null,
    };
  }
}

/** DuplicateSlugError → 409; others unchanged. */
function mapWriteError(error: unknown): unknown {
  if (error instanceof DuplicateSlugError) return new ConflictException(error.message);
  return error;
}

/** Whether a group of a `POST /problems` body is a sample group: as it says, else when it is named `sample`. Samples are worth nothing. */
function isSampleGroup(group: { sample?: boolean; name: string }): boolean {
  return group.sample ?? group.name === 'sample';
}
