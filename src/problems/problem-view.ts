import { appliedTimeLimit } from '../persistence/problems/applied-time-limit.js';
import { maxScoreOf, type StoredProblem } from '../persistence/problems/problem-records.js';
import type { ProblemViewDto } from './dto/problem-view.dto.js';

/** What a problem view shows. */
export interface ProblemViewScope {
  /** false: the groups' case lists are empty (listings). */
  withTestCases: boolean;
  /**
   * Whether the caller holds the problem (holdsProblem, src/auth/problem-holder.ts): false leaves out the hashes of the secret
   * (non-sample) test cases and the callback URL; sample test cases are shown whole.
   */
  secrets: boolean;
}

/** The API's view of a stored problem, as much of it as `scope` allows. */
export function toProblemView(p: StoredProblem, scope: ProblemViewScope): ProblemViewDto {
  const { withTestCases, secrets } = scope;
  return {
    id: p.id,
    slug: p.slug,
    title: p.title,
    statement: p.statement,
    limits: { ...p.limits },
    timeLimitGiven: p.timeLimitGiven,
    timeLimitSource: p.timeLimitSource,
    timeLimitRules: { ...p.timeLimitRules },
    derivedTimeLimit: p.derivedTimeLimit
      ? {
          ms: p.derivedTimeLimit.ms,
          verificationId: p.derivedTimeLimit.verificationId,
          problemRevision: p.derivedTimeLimit.problemRevision,
          at: p.derivedTimeLimit.at.toISOString(),
        }
      : null,
    appliedTimeLimit: appliedTimeLimit(p),
    type: p.type,
    interactive: p.interactive,
    checker: {
      kind: p.checker.kind,
      caseSensitive: p.checker.caseSensitive,
      spaceChangeSensitive: p.checker.spaceChangeSensitive,
      floatAbsoluteTolerance: p.checker.floatAbsoluteTolerance,
      floatRelativeTolerance: p.checker.floatRelativeTolerance,
      language: p.checker.language,
      entry: p.checker.entry,
      files: p.checker.files.map((f) => f.name),
      args: p.checker.args,
    },
    groups: p.groups.map((g) => ({
      name: g.name,
      points: g.points,
      sample: g.sample,
      validatorArgs: g.validatorArgs,
      testCases: !withTestCases
        ? []
        : g.testCases.map((tc) => (secrets || g.sample ? { ...tc } : { ...tc, inputHash: null, answerHash: null })),
    })),
    testCount: p.testCount,
    maxScore: maxScoreOf(p),
    packageSubmissions: p.packageSubmissions.map((s) => ({ path: s.path, expected: s.expected, language: s.language })),
    inputValidators: (p.inputValidation?.validators ?? []).map((v) => v.path),
    invalidInputCount: p.inputValidation?.invalidInputs.length ?? 0,
    packageFormat: p.packageFormat,
    archived: p.archived,
    callbackUrl: secrets ? (p.callbackUrl ?? null) : null,
    ownerKeyId: p.ownerKeyId ?? null,
    revision: p.revision,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
