import { Verdict } from '../../../libs/contracts/index.js';
import { maxScoreOf, type PackageSubmissionData, type StoredProblem } from '../../persistence/problems/problem-records.js';
import { expectedVerdictsOf, type VerificationEntry } from '../../persistence/verifications/verification-records.js';
import type { Evaluation } from '../plan/evaluation.js';

/** Most characters of an entry's message kept in the report. */
const MESSAGE_CHARS = 2000;

/** The report entry of a package submission not judged yet: its folder's allowed verdicts (none for a folder Verdict does not know). */
export function pendingEntry(submission: PackageSubmissionData): VerificationEntry {
  return {
    path: submission.path,
    language: submission.language,
    expected: submission.expected,
    expectedVerdicts: expectedVerdictsOf(submission.expected) ?? [],
    verdict: null,
    ok: null,
    cpuTimeMs: 0,
    testsRun: 0,
    score: null,
    message: null,
  };
}

/**
 * The report entry of a judged package submission: its verdict, largest CPU time (ms), tests
 * run, score, and a message (the evaluation's, else the first rejected test's verdict and checker
 * message, at most MESSAGE_CHARS). `ok`: the verdict is one its folder allows (null for an
 * unknown folder); an accepted submission of a scoring problem must also score every point.
 */
export function judgedEntry(
  entry: VerificationEntry,
  evaluation: Evaluation,
  problem: Pick<StoredProblem, 'type' | 'groups'>,
): VerificationEntry {
  const expected = expectedVerdictsOf(entry.expected);
  const failed = evaluation.results.find((r) => r.verdict !== Verdict.Accepted);
  const message =
    evaluation.message ??
    (failed
      ? `test ${failed.test}${failed.name ? ` (${failed.name})` : ''}: ${failed.verdict}${failed.checkerMessage ? ` — ${failed.checkerMessage}` : ''}`
      : null);
  let ok: boolean | null = expected ? expected.includes(evaluation.verdict) : null;
  const maxScore = maxScoreOf(problem);
  if (ok && entry.expected === 'accepted' && maxScore !== null && evaluation.score !== null) ok = evaluation.score >= maxScore;
  return {
    ...entry,
    verdict: evaluation.verdict,
    ok,
    cpuTimeMs: Math.round(Math.max(0, ...evaluation.results.map((r) => r.cpuTimeMs))),
    testsRun: evaluation.results.length,
    score: evaluation.score,
    message: message?.slice(0, MESSAGE_CHARS) ?? null,
  };
}
