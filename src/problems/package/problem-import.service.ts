import { Inject, Injectable, Logger } from '@nestjs/common';
import { InvalidRequestException } from '../../common/invalid-request.exception.js';
import { judgeLimitsConfig, type JudgeLimitsSettings } from '../../config/judge-limits.config.js';
import { problemsConfig, type ProblemsConfig } from '../../config/problems.config.js';
import type { ImportedProblemDto } from '../dto/imported-problem.dto.js';
import type { ProblemViewDto } from '../dto/problem-view.dto.js';
import type { InputValidationData, ProblemData, TestGroupData, TimeLimitSource } from '../../persistence/problems/problem-records.js';
import type { VerificationView } from '../../persistence/verifications/verification-records.js';
import { ProblemsService } from '../problems.service.js';
import { PackageError } from './package.error.js';
import { parsePackage, type ParsedPackage } from './package-layout.js';
import { ZipPackage, type ExtractedFile } from './zip-package.js';

/** Test data files uploaded at once during an import. */
const UPLOAD_CONCURRENCY = 4;

/**
 * `POST /problems/import`: a problem package zip becomes a problem, atomically. The whole
 * package is checked (zip safety, layout, YAML, limits) and its test data extracted and hashed
 * before anything is stored; then the test data is stored by hash, and the problem document
 * last. A failure at any step stores nothing: files this import added are removed again.
 */
@Injectable()
export class ProblemImportService {
  private readonly logger = new Logger('ProblemImport');

  constructor(
    private readonly problems: ProblemsService,
    @Inject(problemsConfig.KEY) private readonly cfg: ProblemsConfig,
    @Inject(judgeLimitsConfig.KEY) private readonly limits: JudgeLimitsSettings,
  ) {}

  /**
   * Imports the zip at `zipPath` (the upload's temporary file) as a problem owned by `opts.ownerKeyId`
   * (the importing key; null when the API runs open). `opts.timeLimitSource`: where its time limit
   * comes from; default `derived` when the package states no time limit, else `package`. A package
   * with input validators gets its input validation queued at once (a verification with
   * `inputOnly`, in the answer's `verification`): the import itself runs no program, the API never does.
   * @throws InvalidRequestException (400) naming the file (and line) at fault; ConflictException when the slug is taken.
   */
  async import(
    zipPath: string,
    opts: { slug?: string; fileName?: string; ownerKeyId: string | null; timeLimitSource?: TimeLimitSource },
  ): Promise<ImportedProblemDto> {
    const started = performance.now();
    let pkg: ZipPackage | undefined;
    try {
      pkg = await ZipPackage.open(zipPath, {
        maxEntries: this.cfg.packageMaxEntries,
        maxUncompressedBytes: this.cfg.packageMaxUncompressedBytes,
        maxRatio: this.cfg.packageMaxRatio,
      });
      const parsed = await parsePackage(pkg, opts, {
        defaults: this.limits.defaults,
        maxima: this.limits.maxima,
        maxTestCases: this.cfg.maxTestCases,
      });
      // Every test file extracted and hashed before anything is stored.
      const extracted = new Map<string, ExtractedFile>();
      for (const g of parsed.groups) {
        for (const tc of g.testCases) {
          for (const path of [tc.inputPath, tc.answerPath]) {
            if (path && !extracted.has(path)) extracted.set(path, await pkg.extract(path));
          }
        }
      }
      for (const tc of parsed.invalidInputs) {
        if (!extracted.has(tc.inputPath)) extracted.set(tc.inputPath, await pkg.extract(tc.inputPath));
      }
      const writer = this.problems.newWriter();
      const groups: TestGroupData[] = [];
      try {
        const byHash = new Map<string, ExtractedFile>();
        for (const f of extracted.values()) byHash.set(f.sha256, f);
        const queue = [...byHash.values()];
        await Promise.all(
          Array.from({ length: UPLOAD_CONCURRENCY }, async () => {
            for (let f = queue.shift(); f; f = queue.shift()) await writer.putFile(f.hostPath, f.sha256, f.sizeBytes);
          }),
        );
        const empty = parsed.groups.some((g) => g.testCases.some((tc) => tc.answerPath === null))
          ? await writer.putBuffer(Buffer.alloc(0))
          : null;
        for (const g of parsed.groups) {
          groups.push({
            name: g.name,
            points: g.points,
            sample: g.sample,
            validatorArgs: g.validatorArgs,
            ...(g.aggregation ? { aggregation: g.aggregation } : {}),
            ...(g.acceptIfAnyAccepted ? { acceptIfAnyAccepted: true } : {}),
            ...(g.ignoreInVerdict ? { ignoreInVerdict: true } : {}),
            testCases: g.testCases.map((tc) => {
              const input = extracted.get(tc.inputPath)!;
              const answer = tc.answerPath ? extracted.get(tc.answerPath)! : null;
              return {
                name: tc.name,
                inputHash: input.sha256,
                inputBytes: input.sizeBytes,
                answerHash: answer ? answer.sha256 : empty!.hash,
                answerBytes: answer ? answer.sizeBytes : 0,
              };
            }),
          });
        }
      } catch (error) {
        await writer.discard();
        throw error;
      }
      const data: ProblemData = {
        slug: parsed.slug,
        title: parsed.title,
        statement: parsed.statement,
        limits: parsed.limits,
        timeLimitGiven: parsed.timeLimitGiven,
        timeLimitSource: opts.timeLimitSource ?? parsed.timeLimitSource,
        timeLimitRules: parsed.timeLimitRules,
        derivedTimeLimit: null,
        type: parsed.type,
        interactive: parsed.interactive,
        checker: parsed.checker,
        groups,
        packageSubmissions: parsed.packageSubmissions,
        packageFormat: parsed.format,
        inputValidation: inputValidationOf(parsed, extracted),
        archived: false,
        ownerKeyId: opts.ownerKeyId,
      };
      const view = await this.problems.createFromPackage(data, writer);
      const verification = data.inputValidation ? await this.queueInputValidation(view) : null;
      this.logger.log(
        {
          problemId: view.id,
          slug: view.slug,
          format: parsed.format,
          tests: view.testCount,
          files: extracted.size,
          inputValidators: parsed.inputValidators.length,
          verificationId: verification?.id ?? null,
          ms: Math.round(performance.now() - started),
        },
        'package imported',
      );
      return { ...view, verification };
    } catch (error) {
      if (error instanceof PackageError) {
        this.logger.warn({ reason: error.message }, 'package refused');
        throw new InvalidRequestException(error.message);
      }
      throw error;
    } finally {
      await pkg?.close();
    }
  }

  /**
   * Queues the input validation of a just imported problem. A failure to queue it does not undo the
   * import (the problem is stored and sound): it is logged and the answer says null, so the setter
   * runs `POST /problems/:id/verify`.
   */
  private async queueInputValidation(view: ProblemViewDto): Promise<VerificationView | null> {
    try {
      return await this.problems.queueInputValidation({ id: view.id, revision: view.revision });
    } catch (err) {
      this.logger.warn(
        { problemId: view.id, err },
        'could not queue the input validation of an imported problem; POST /problems/:id/verify runs it',
      );
      return null;
    }
  }
}

/** The stored input validation of a parsed package (its invalid inputs by the hashes extracted), or null when it has no input validators. */
function inputValidationOf(parsed: ParsedPackage, extracted: ReadonlyMap<string, ExtractedFile>): InputValidationData | null {
  if (parsed.inputValidators.length === 0) return null;
  return {
    validators: parsed.inputValidators,
    groupArgs: parsed.groups.filter((g) => g.inputValidatorArgs.length > 0).map((g) => ({ group: g.name, args: g.inputValidatorArgs })),
    invalidInputs: parsed.invalidInputs.map((tc) => {
      const file = extracted.get(tc.inputPath)!;
      return { name: tc.name, inputHash: file.sha256, inputBytes: file.sizeBytes, args: tc.args };
    }),
  };
}
