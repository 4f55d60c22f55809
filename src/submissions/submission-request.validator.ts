import { fileNameProblem, LANGUAGES, MIN_WALL_TIME_MS } from '../../libs/judging/index.js';
import { Inject, Injectable } from '@nestjs/common';
import { InvalidRequestException } from '../common/invalid-request.exception.js';
import { limitsAboveMaximaMessages } from '../common/judge-limits.js';
import { judgeLimitsConfig, type JudgeLimitsSettings } from '../config/judge-limits.config.js';
import { LanguagesService } from '../languages/languages.service.js';
import { CallbackUrlPolicy } from '../webhooks/callback-url.policy.js';
import type { CreateSubmissionDto } from './dto/create-submission.dto.js';

/**
 * Largest total of source code and test data stored inline in one document, bytes.
 * MongoDB refuses documents over 16 MiB; this leaves room for the results.
 */
export const MAX_INLINE_SUBMISSION_BYTES = 15 * 1024 * 1024;

/**
 * Checks the rules of a submission request that depend on configuration or on the workers,
 * after the DTO's shape rules passed: source and test data sizes (UTF-8 bytes), number of test
 * cases, limits no greater than the maxima, testCases not mixed with stdin/expectedOutput, problemId
 * not mixed with inline test data, limits or checker,
 * a language some worker offers, and a callback URL the webhook address guard accepts (CallbackUrlPolicy).
 */
@Injectable()
export class SubmissionRequestValidator {
  constructor(
    @Inject(judgeLimitsConfig.KEY) private readonly settings: JudgeLimitsSettings,
    private readonly languages: LanguagesService,
    private readonly callbacks: CallbackUrlPolicy,
  ) {}

  /**
   * The configuration rules `dto` breaks, each as `<field> <rule>`, e.g.
   * `limits.cpuTimeMs must not be greater than 10000`. Empty when it keeps them all.
   */
  configuredRuleViolations(dto: CreateSubmissionDto): string[] {
    const { maxSourceBytes, maxTestCases, maxTestDataBytes, maxima } = this.settings;
    const problems: string[] = [];
    const sourceBytes = Buffer.byteLength(dto.sourceCode, 'utf8');
    if (sourceBytes > maxSourceBytes) {
      problems.push(`sourceCode must not be longer than ${maxSourceBytes} bytes (UTF-8); it is ${sourceBytes} bytes`);
    }
    // Also here, not only on the DTO: adapters (the Judge0 API) build requests without its decorators.
    if (dto.limits?.wallTimeMs !== undefined && dto.limits.wallTimeMs < MIN_WALL_TIME_MS) {
      problems.push(`limits.wallTimeMs must not be less than ${MIN_WALL_TIME_MS}`);
    }
    if (dto.fileName !== undefined) {
      // The rule of the language table's row (a language unknown here is named by `validate`).
      const language = LANGUAGES.find((l) => l.id === dto.language);
      const problem = language ? fileNameProblem(language, dto.fileName) : null;
      if (problem) problems.push(`fileName ${problem}`);
    }
    if (dto.problemId !== undefined) {
      const mixed = (['testCases', 'stdin', 'expectedOutput', 'limits', 'checker'] as const).filter((f) => dto[f] !== undefined);
      if (mixed.length > 0) {
        problems.push(`problemId must not be combined with ${mixed.join(', ')}; the problem's test data, limits and checker apply`);
      }
    }
    let dataBytes = 0;
    const checkData = (field: string, text: string | undefined): void => {
      if (text === undefined) return;
      const bytes = Buffer.byteLength(text, 'utf8');
      dataBytes += bytes;
      if (bytes > maxTestDataBytes) {
        problems.push(`${field} must not be longer than ${maxTestDataBytes} bytes (UTF-8); it is ${bytes} bytes`);
      }
    };
    if (dto.testCases !== undefined) {
      if (dto.stdin !== undefined || dto.expectedOutput !== undefined) {
        problems.push('testCases must not be combined with stdin or expectedOutput; put them in testCases');
      }
      if (dto.testCases.length > maxTestCases) {
        problems.push(`testCases must contain no more than ${maxTestCases} elements`);
      }
      dto.testCases.forEach((testCase, i) => {
        checkData(`testCases.${i}.input`, testCase.input);
        checkData(`testCases.${i}.expectedOutput`, testCase.expectedOutput);
      });
    } else {
      checkData('stdin', dto.stdin);
      checkData('expectedOutput', dto.expectedOutput);
    }
    if (sourceBytes + dataBytes > MAX_INLINE_SUBMISSION_BYTES) {
      problems.push(
        `sourceCode and test data together must not be longer than ${MAX_INLINE_SUBMISSION_BYTES} bytes; they are ${sourceBytes + dataBytes} bytes`,
      );
    }
    problems.push(...limitsAboveMaximaMessages(dto.limits, maxima));
    return problems;
  }

  /**
   * Runs every check; the language is checked against the workers' list (cached, refreshed
   * on a miss).
   * @throws InvalidRequestException (400, `message` lists every violation) when a rule is broken.
   * @throws DependencyUnavailableError('worker' or 'Redis') (503) when the rules pass but no worker has ever
   *   said which languages it offers, so the language cannot be checked.
   */
  async validate(dto: CreateSubmissionDto): Promise<void> {
    const problems = this.configuredRuleViolations(dto);
    if (dto.callbackUrl !== undefined) problems.push(...(await this.callbacks.problems(dto.callbackUrl, 'callbackUrl')));
    let languageProblem: string | null = null;
    try {
      const check = await this.languages.check(dto.language);
      if (!check.known) languageProblem = `language must be one of: ${check.available.join(', ')}`;
    } catch (error) {
      // No worker to ask: report the other problems if any, else the 503.
      if (problems.length === 0) throw error;
    }
    if (languageProblem) problems.unshift(languageProblem);
    if (problems.length > 0) {
      throw new InvalidRequestException(problems);
    }
  }
}
