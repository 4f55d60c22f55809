import { maxScoreOf, type StoredProblem } from '../persistence/problems/problem-records.js';
import type { ProblemViewDto } from './dto/problem-view.dto.js';

/** The API's view of a stored problem; `withTestCases` false leaves the groups' case lists empty (listings). */
export function toProblemView(p: StoredProblem, withTestCases = true): ProblemViewDto {
  return {
    id: p.id,
    slug: p.slug,
    title: p.title,
    statement: p.statement,
    limits: { ...p.limits },
    timeLimitGiven: p.timeLimitGiven,
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
      testCases: withTestCases ? g.testCases.map((tc) => ({ ...tc })) : [],
    })),
    testCount: p.testCount,
    maxScore: maxScoreOf(p),
    packageSubmissions: p.packageSubmissions.map((s) => ({ path: s.path, expected: s.expected, language: s.language })),
    packageFormat: p.packageFormat,
    archived: p.archived,
    callbackUrl: p.callbackUrl ?? null,
    revision: p.revision,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
