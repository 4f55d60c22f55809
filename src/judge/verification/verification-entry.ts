import { Verdict } from '../../../libs/contracts/index.js';
import { packageLanguageOf } from '../../../libs/judging/index.js';
import {
  maxScoreOf,
  type FormatVerdict,
  type PackageSubmissionData,
  type StoredProblem,
  type SubmissionRequirementData,
} from '../../persistence/problems/problem-records.js';
import { globMatches } from '../../persistence/problems/test-glob.js';
import { expectedVerdictsOf, type VerificationEntry } from '../../persistence/verifications/verification-records.js';
import type { Evaluation } from '../plan/evaluation.js';

/** Most characters of an entry's message kept in the report. */
const MESSAGE_CHARS = 2000;

/**
 * The report entry of a package submission not judged yet: its folder's allowed verdicts (none for
 * a folder Verdict does not know). A submission with no language Verdict offers is never judged:
 * its entry keeps `ok` null and says why (as problemtools skips a language it lacks), so it
 * neither passes nor fails the verification.
 */
export function pendingEntry(submission: PackageSubmissionData): VerificationEntry {
  return {
    path: submission.path,
    language: submission.language,
    expected: submission.expected,
    expectedVerdicts: expectedVerdictsFor(submission),
    verdict: null,
    ok: null,
    cpuTimeMs: 0,
    testsRun: 0,
    score: null,
    message: submission.language === null ? `not judged: ${notOffered(submission)}` : null,
  };
}

/** Why a package submission has no language: packageLanguageOf's reason, or submissions.yaml's language unknown. */
function notOffered(submission: PackageSubmissionData): string {
  const found = packageLanguageOf(submission.path, submission.sourceCode);
  return found.language === null ? found.reason : 'no language Verdict offers';
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
  submission?: Pick<PackageSubmissionData, 'expectedResults' | 'requirements'>,
): VerificationEntry {
  if (submission?.requirements) return requirementsEntry(entry, evaluation, submission.requirements);
  const expected = submission?.expectedResults ?? expectedVerdictsOf(entry.expected);
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

/** The verdicts a submission may get as a whole, for the report: DOMjudge's list, the folder's, or those its requirements name. */
function expectedVerdictsFor(submission: PackageSubmissionData): Verdict[] {
  if (submission.requirements) {
    const codes = new Set(submission.requirements.filter((r) => r.tests === null).flatMap((r) => r.permitted ?? r.required ?? []));
    return Object.values(Verdict).filter((v) => codes.has(formatVerdictOf(v) as FormatVerdict));
  }
  return submission.expectedResults ?? expectedVerdictsOf(submission.expected) ?? [];
}

/** A test verdict in the format's terms (RE, MLE and OLE are RTE); null for CE and IE, which no requirement allows. */
function formatVerdictOf(verdict: Verdict): FormatVerdict | null {
  switch (verdict) {
    case Verdict.Accepted:
      return 'AC';
    case Verdict.WrongAnswer:
      return 'WA';
    case Verdict.TimeLimitExceeded:
      return 'TLE';
    case Verdict.RuntimeError:
    case Verdict.MemoryLimitExceeded:
    case Verdict.OutputLimitExceeded:
      return 'RTE';
    case Verdict.CompilationError:
    case Verdict.InternalError:
      return null;
  }
}

/**
 * The entry of a submission judged against its submissions.yaml requirements (every test case
 * judged, see `JudgePlan.judgeEveryTest`): `ok` when each holds; `message` names the first that
 * does not. A submission that ran no test (CE, IE) meets none.
 */
function requirementsEntry(entry: VerificationEntry, evaluation: Evaluation, requirements: SubmissionRequirementData[]): VerificationEntry {
  const base = {
    ...entry,
    verdict: evaluation.verdict,
    cpuTimeMs: Math.round(Math.max(0, ...evaluation.results.map((r) => r.cpuTimeMs))),
    testsRun: evaluation.results.length,
    score: evaluation.score,
  };
  const broken = evaluation.results.length === 0 ? (evaluation.message ?? `${evaluation.verdict} before any test case`) : null;
  const failure = broken ?? requirements.map((r) => unmet(r, evaluation)).find((m) => m !== null) ?? null;
  return { ...base, ok: failure === null, message: failure?.slice(0, MESSAGE_CHARS) ?? null };
}

/** Why `r` does not hold for `evaluation`, or null when it does. */
function unmet(r: SubmissionRequirementData, evaluation: Evaluation): string | null {
  const scope = r.tests ?? 'every test case';
  const tests = evaluation.results.filter(
    (t) => r.tests === null || (t.name !== undefined && t.name !== null && globMatches(r.tests, t.name)),
  );
  const label = (t: (typeof tests)[number]) => `test ${t.test}${t.name ? ` (${t.name})` : ''}`;
  if (r.permitted) {
    const bad = tests.find((t) => !r.permitted!.includes(formatVerdictOf(t.verdict) as FormatVerdict));
    if (bad)
      return `submissions.yaml ${scope}: permitted [${r.permitted.join(', ')}], but ${label(bad)} got ${bad.verdict}${bad.checkerMessage ? ` — ${bad.checkerMessage}` : ''}`;
  }
  if (r.required && !tests.some((t) => r.required!.includes(formatVerdictOf(t.verdict) as FormatVerdict))) {
    return `submissions.yaml ${scope}: required [${r.required.join(', ')}], but no test case of ${tests.length} got one`;
  }
  if (r.score) {
    const group = r.tests === null || r.tests === 'secret' ? null : evaluation.groups.find((g) => g.name === r.tests);
    const score = group ? group.score : evaluation.score;
    const [low, high] = r.score;
    if (score === null || score < low || score > high) {
      return `submissions.yaml ${scope}: score ${low === high ? low : `[${low}, ${high}]`}, but it scored ${score ?? 'nothing'}`;
    }
  }
  if (r.message !== null && !tests.some((t) => t.checkerMessage?.includes(r.message!))) {
    return `submissions.yaml ${scope}: no judge message contains ${JSON.stringify(r.message)}`;
  }
  return null;
}
