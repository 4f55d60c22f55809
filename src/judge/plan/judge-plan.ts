import {
  DEFAULT_CHECKER,
  maxScoreOf,
  type CheckerData,
  type ScoreAggregation,
  type StoredProblem,
} from '../../persistence/problems/problem-records.js';
import { isTestCaseRef, type InlineCheckerData, type StoredTestCase } from '../../persistence/submissions/submission-records.js';

/** Where a test's input or answer comes from: text stored with the submission (older inline documents, Judge0-compatible submissions), or a test data file by hash. */
export type TestDataRef = { data: string } | { hash: string };

/** One test case in judging order. */
export interface PlannedTest {
  /** 1-based position in judging order. */
  number: number;
  /** Name in the problem (`secret/group1/03`), null for inline test cases. */
  name: string | null;
  /** Group name, null for inline test cases. */
  group: string | null;
  /**
   * Whether checker messages may quote the answer to the submitter: inline test cases (the
   * submitter sent the answer) and samples. Secret test cases get messages that hide it.
   */
  reveal: boolean;
  input: TestDataRef;
  /** null: no expected output, the run alone decides. */
  answer: TestDataRef | null;
  /** Output validator arguments of the test's group (after the problem's). */
  validatorArgs: string[];
}

/** A test group: tests `first` .. `first + count - 1` of the plan. */
export interface PlannedGroup {
  name: string;
  points: number;
  sample: boolean;
  first: number;
  count: number;
  /** How the group's score comes from its tests (scoring plans); absent: pass-fail. */
  aggregation?: ScoreAggregation;
  /** A part of secret under accept_if_any_accepted (scoring plans): see `planVerdict`. */
  acceptIfAnyAccepted?: boolean;
  /** A sample group left out of the verdict (ignore_sample, scoring plans): see `planVerdict`. */
  ignoreInVerdict?: boolean;
}

/** What judging a submission means: the tests in order, how they group and score, and which checker decides. */
export interface JudgePlan {
  tests: PlannedTest[];
  /** Groups in order; one unnamed group for inline test cases. */
  groups: PlannedGroup[];
  /** Scoring problem: every group is judged (each stopping at its first rejection) and scores its points. */
  scoring: boolean;
  /** null: the default output validator without flags (inline test cases without `checker`). */
  checker: CheckerData | null;
  interactive: boolean;
  /** Points available (scoring problems), else null. */
  maxScore: number | null;
  /** Whether results carry group and name (problem submissions). */
  named: boolean;
  /**
   * Judge every test case, whatever the earlier ones got (verification of a package submission with
   * submissions.yaml requirements on each test case); scores and verdict are computed as usual.
   */
  judgeEveryTest?: boolean;
}

/**
 * The plan of a submission with inline test cases: one group, stop at the first rejection, the default
 * output validator with the submission's options (`checker`; as a problem's default checker, so the
 * same path reads them), or without flags. Test cases stored by hash are files of the test data
 * store, staged and cached like a problem's; test cases stored as text are passed as text.
 */
export function inlinePlan(testCases: readonly StoredTestCase[], checker: InlineCheckerData | null = null): JudgePlan {
  return {
    tests: testCases.map((tc, i) => ({
      number: i + 1,
      name: null,
      group: null,
      reveal: true,
      ...inlineRefsOf(tc),
      validatorArgs: [],
    })),
    groups: [{ name: '', points: 0, sample: false, first: 0, count: testCases.length }],
    scoring: false,
    checker: checker ? { ...DEFAULT_CHECKER, ...checker } : null,
    interactive: false,
    maxScore: null,
    named: false,
  };
}

/** Where an inline test case's input and answer come from, in either stored shape; answer null: no expected output. */
function inlineRefsOf(tc: StoredTestCase): { input: TestDataRef; answer: TestDataRef | null } {
  if (isTestCaseRef(tc)) return { input: { hash: tc.inputHash }, answer: tc.answerHash === null ? null : { hash: tc.answerHash } };
  return { input: { data: tc.input }, answer: tc.expectedOutput === null ? null : { data: tc.expectedOutput } };
}

/** The plan of a submission against `problem`: its groups in order (samples first), its checker. */
export function problemPlan(problem: StoredProblem): JudgePlan {
  const tests: PlannedTest[] = [];
  const groups: PlannedGroup[] = [];
  for (const g of problem.groups) {
    groups.push({
      name: g.name,
      points: g.points,
      sample: g.sample,
      first: tests.length,
      count: g.testCases.length,
      ...(g.aggregation && !g.sample ? { aggregation: g.aggregation } : {}),
      ...(g.acceptIfAnyAccepted && problem.type === 'scoring' ? { acceptIfAnyAccepted: true } : {}),
      ...(g.ignoreInVerdict && g.sample && problem.type === 'scoring' ? { ignoreInVerdict: true } : {}),
    });
    for (const tc of g.testCases) {
      tests.push({
        number: tests.length + 1,
        name: tc.name,
        group: g.name,
        reveal: g.sample,
        input: { hash: tc.inputHash },
        answer: { hash: tc.answerHash },
        validatorArgs: g.validatorArgs,
      });
    }
  }
  return {
    tests,
    groups,
    scoring: problem.type === 'scoring',
    checker: problem.checker,
    interactive: problem.interactive,
    maxScore: maxScoreOf(problem),
    named: true,
  };
}
