import { CheckerKind, type JudgeLimits, type ProblemType, type Verdict } from '../../../libs/contracts/index.js';

/** A test case of a problem as stored: its input and answer files by SHA-256, sizes in bytes. */
export interface ProblemTestCaseData {
  name: string;
  inputHash: string;
  inputBytes: number;
  answerHash: string;
  answerBytes: number;
}

/**
 * How a test group's score comes from its test cases (problem package format 2025-09
 * `score_aggregation`): `pass-fail`, its points when every test case is accepted, else 0; `sum`, the
 * sum of its test cases' scores, each worth points / test cases; `min`, the least of them, each worth
 * the points. An accepted test case scores its worth, or the output validator's score.txt, or
 * score_multiplier.txt × its worth; a rejected one 0.
 */
export type ScoreAggregation = 'pass-fail' | 'sum' | 'min';

export interface TestGroupData {
  name: string;
  points: number;
  sample: boolean;
  validatorArgs: string[];
  testCases: ProblemTestCaseData[];
  /** Absent: `pass-fail`. */
  aggregation?: ScoreAggregation;
  /**
   * A part of `secret` (secret itself or a `secret/<g>` group) in a legacy or 2023-07 scoring package
   * whose data/secret/testdata.yaml `grader_flags` hold `accept_if_any_accepted` (problemtools' default
   * grader): the submission is accepted when the samples are and any one of secret's test cases or
   * test data groups is. Absent: the first rejection decides.
   */
  acceptIfAnyAccepted?: boolean;
  /**
   * The sample group of a legacy or 2023-07 scoring package whose data/testdata.yaml `grader_flags`
   * hold `ignore_sample`: its test cases are judged and shown but do not decide the verdict.
   */
  ignoreInVerdict?: boolean;
}

export interface CheckerData {
  kind: CheckerKind;
  caseSensitive: boolean;
  spaceChangeSensitive: boolean;
  floatAbsoluteTolerance: number | null;
  floatRelativeTolerance: number | null;
  language: string | null;
  entry: string | null;
  files: { name: string; content: string }[];
  args: string[];
}

/**
 * The ICPC default output validator with no flags: case-insensitive, whitespace-insensitive, exact
 * numbers (Kattis problem package format, "Default output validator"). Every checker starts here.
 */
export const DEFAULT_CHECKER: Readonly<CheckerData> = Object.freeze({
  kind: CheckerKind.Default,
  caseSensitive: false,
  spaceChangeSensitive: false,
  floatAbsoluteTolerance: null,
  floatRelativeTolerance: null,
  language: null,
  entry: null,
  files: [],
  args: [],
});

/**
 * Arguments of an input validator from a test group's `input_validator_args` (2023-07-draft,
 * 2025-09; legacy `input_validator_flags`): for the validator named `validator` (its file or
 * directory name, with or without extension), or for every validator when null.
 */
export interface InputValidatorArgsData {
  validator: string | null;
  args: string[];
}

/**
 * An input validator of a package (problem package format, "Input Validators"): a program of one
 * source file (headers may go beside it), built like a custom output validator and run as
 * `validator [args] < input`; exit 42 means the input is valid, 43 invalid.
 */
export interface InputValidatorData {
  /** Its path in the package, e.g. `input_validators/validate.py` or `input_validators/checker/`. */
  path: string;
  /** The languages table's id of its source. */
  language: string;
  /** Its source file's name (among `files`). */
  entry: string;
  files: { name: string; content: string }[];
}

/** A test case of `data/invalid_input/`: an input at least one input validator must reject; no answer. */
export interface InvalidInputData {
  /** Path without extension relative to `data/`, e.g. `invalid_input/negative-n`. */
  name: string;
  inputHash: string;
  inputBytes: number;
  /** The input_validator_args that apply to it (its directory's test_group.yaml / testdata.yaml). */
  args: InputValidatorArgsData[];
}

/** What a package's input validators check: the validators, the args of each group, the invalid inputs. */
export interface InputValidationData {
  validators: InputValidatorData[];
  /** input_validator_args of the groups (by group name) that have some. */
  groupArgs: { group: string; args: InputValidatorArgsData[] }[];
  invalidInputs: InvalidInputData[];
}

/** A test case verdict in the problem package format's terms (2025-09 `submissions.yaml`): RTE covers RE, MLE and OLE. */
export type FormatVerdict = 'AC' | 'WA' | 'TLE' | 'RTE';

/**
 * One requirement of `submissions/submissions.yaml` (problem package format 2025-09) on a package
 * submission, over the test cases `tests` names (a glob relative to `data/`, `*` within a name and
 * `{a,b}` alternatives; a test case is in it when it or one of its groups matches), or every test
 * case when null: each of them got a verdict in `permitted`; at least one got a verdict in
 * `required`; the score (of the submission, or of the group `tests` names) is in `score`
 * (inclusive); some test's judge message contains `message` (case-sensitive). Null: no such rule.
 */
export interface SubmissionRequirementData {
  tests: string | null;
  permitted: FormatVerdict[] | null;
  required: FormatVerdict[] | null;
  score: [number, number] | null;
  message: string | null;
}

export interface PackageSubmissionData {
  path: string;
  /** Folder name under `submissions/` (`accepted`, `wrong_answer`, `mixed`, ...). */
  expected: string;
  language: string | null;
  sourceCode: string;
  /**
   * DOMjudge's `@EXPECTED_RESULTS@:` comment in the source (outside the four official folders, as
   * DOMjudge reads it): the submission's verdict must be one of these. Absent: not given.
   */
  expectedResults?: Verdict[];
  /**
   * The submissions.yaml requirements that apply (the folder's default ones included), when the
   * package has a submissions.yaml. Absent: the folder rule (`expectedVerdictsOf`) decides.
   */
  requirements?: SubmissionRequirementData[];
  /** submissions.yaml `use_for_time_limit` of the submission, when given. */
  useForTimeLimit?: boolean | 'lower' | 'upper';
}

/**
 * Where a problem's time limit comes from (docs/timing.md, "Stated or derived time limits"):
 * `package`, as the package (or the POST/PUT body) states it, else the server default; `derived`,
 * from the package's own submissions on this hardware by the format's rules (`TimeLimitRules`),
 * set by a verification in which every submission got its expected verdict.
 */
export type TimeLimitSource = 'package' | 'derived';

/** Every TimeLimitSource, for validation and the OpenAPI document. */
export const TIME_LIMIT_SOURCES: readonly TimeLimitSource[] = ['package', 'derived'];

/**
 * The package's rules for deriving a time limit (Kattis problem package format, "Problem timing";
 * src/judge/verification/time-limit.ts applies them). 2023-07 and 2025-09:
 * `limits.time_multipliers.ac_to_time_limit` (default 2), `.time_limit_to_tle` (default 1.5),
 * `limits.time_resolution` (default 1 s). Legacy: `limits.time_multiplier` (default 5),
 * `limits.time_safety_margin` (default 2), whole seconds.
 */
export interface TimeLimitRules {
  /** True when read from legacy keys (`time_multiplier`, `time_safety_margin`). */
  legacy: boolean;
  /** Time limit ≥ slowest accepted run × this. */
  acToTimeLimit: number;
  /** Every time_limit_exceeded submission must run ≥ time limit × this. */
  timeLimitToTle: number;
  /** A derived time limit is a whole multiple of this, ms (> 0). */
  timeResolutionMs: number;
}

/** The 2023-07/2025-09 defaults: ac_to_time_limit 2, time_limit_to_tle 1.5, time_resolution 1 s. */
export const DEFAULT_TIME_LIMIT_RULES: Readonly<TimeLimitRules> = Object.freeze({
  legacy: false,
  acToTimeLimit: 2,
  timeLimitToTle: 1.5,
  timeResolutionMs: 1000,
});

/** The legacy defaults: time_multiplier 5, time_safety_margin 2, whole seconds. */
export const LEGACY_TIME_LIMIT_RULES: Readonly<TimeLimitRules> = Object.freeze({
  legacy: true,
  acToTimeLimit: 5,
  timeLimitToTle: 2,
  timeResolutionMs: 1000,
});

/** A time limit a verification derived and stored on the problem (applied while `timeLimitSource` is `derived`). */
export interface DerivedTimeLimit {
  /** CPU time limit, ms. */
  ms: number;
  /** The verification that derived it (every submission as expected). */
  verificationId: string;
  /** The problem revision that verification judged. */
  problemRevision: number;
  at: Date;
}

/** Everything a problem is, as stored (without id, revision and dates). */
export interface ProblemData {
  slug: string;
  title: string;
  statement: string;
  limits: JudgeLimits;
  /** Whether `limits.cpuTimeMs` was stated (by the package or the body); false: the server default. */
  timeLimitGiven: boolean;
  timeLimitSource: TimeLimitSource;
  timeLimitRules: TimeLimitRules;
  /** Set by a successful derived verification of the current revision; null/absent otherwise (a PUT clears it). */
  derivedTimeLimit?: DerivedTimeLimit | null;
  type: ProblemType;
  interactive: boolean;
  checker: CheckerData;
  groups: TestGroupData[];
  packageSubmissions: PackageSubmissionData[];
  packageFormat: string | null;
  /** The package's input validators and their test data, run by verification; null or absent: none. */
  inputValidation?: InputValidationData | null;
  archived: boolean;
  /** Default `callbackUrl` of the problem's submissions (docs/webhooks.md), or null/absent. */
  callbackUrl?: string | null;
  /**
   * Id of the API key that created or imported the problem (hex ObjectId): only it (and admin keys)
   * may change, delete, verify or rejudge it, see its secret test data and reuse its test data by hash.
   * Null or absent: made while the API ran open (then only admins may).
   */
  ownerKeyId?: string | null;
}

/** A stored problem with its identity. */
export interface StoredProblem extends ProblemData {
  id: string;
  revision: number;
  testCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Every distinct file hash a problem's test cases use (its `data/invalid_input/` test cases too, when given). */
export function fileHashesOf(groups: readonly TestGroupData[], inputValidation?: InputValidationData | null): string[] {
  const hashes = new Set<string>();
  for (const g of groups) {
    for (const tc of g.testCases) {
      hashes.add(tc.inputHash);
      hashes.add(tc.answerHash);
    }
  }
  for (const tc of inputValidation?.invalidInputs ?? []) hashes.add(tc.inputHash);
  return [...hashes];
}

/** Points a problem is worth: the sum of its groups' points (0 for pass-fail problems). */
/**
 * Most points a scoring problem may be worth in all. A bound so that every score is a finite number
 * MongoDB can store (points of 1e308 in two groups add up to Infinity); far above what contests use.
 */
export const MAX_PROBLEM_POINTS = 1_000_000;

/**
 * Why the points of `groups` cannot be stored, or null when they can: their sum must be at most
 * MAX_PROBLEM_POINTS.
 */
export function pointsProblem(groups: readonly { points: number }[]): string | null {
  const total = groups.reduce((sum, g) => sum + g.points, 0);
  return total <= MAX_PROBLEM_POINTS ? null : `the test groups' points add up to ${total}, more than ${MAX_PROBLEM_POINTS}`;
}

export function maxScoreOf(problem: Pick<ProblemData, 'type' | 'groups'>): number | null {
  if (problem.type !== 'scoring') return null;
  return problem.groups.reduce((sum, g) => sum + g.points, 0);
}
