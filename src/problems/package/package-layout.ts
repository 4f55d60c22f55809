import { posix } from 'node:path';
import { CheckerKind, ProblemType, type JudgeLimits } from '../../../libs/contracts/index.js';
import {
  parseValidatorFlags,
  LANGUAGES,
  LANGUAGE_BY_EXTENSION,
  defaultWallTimeMs,
  packageLanguageOf,
} from '../../../libs/judging/index.js';
import { limitsAboveMaxima, type LimitAboveMaximum, type LimitBounds } from '../../common/judge-limits.js';
import { MAX_LIMIT_VARIABLES } from '../../config/judge-limits.config.js';
import {
  DEFAULT_CHECKER,
  DEFAULT_TIME_LIMIT_RULES,
  LEGACY_TIME_LIMIT_RULES,
  pointsProblem,
  type TimeLimitRules,
  type CheckerData,
  type InputValidatorArgsData,
  type InputValidatorData,
  type PackageSubmissionData,
  type ProblemData,
  type ScoreAggregation,
} from '../../persistence/problems/problem-records.js';
import { inputValidatorArgsOf, readInputValidators } from './input-validators.js';
import { PackageError } from './package.error.js';
import { expectedResultsOf, SubmissionsYaml, SUBMISSIONS_YAML } from './submission-expectations.js';
import { YamlFile } from './yaml-file.js';
import type { ZipPackage } from './zip-package.js';

/** A test case of a package: its files by path in the package. */
export interface PackageTestCase {
  name: string;
  inputPath: string;
  /** null for an interactive problem without an answer file (an empty answer is used). */
  answerPath: string | null;
}

export interface PackageGroup {
  name: string;
  points: number;
  sample: boolean;
  validatorArgs: string[];
  /** Its input_validator_args (inherited from the nearest testdata.yaml / test_group.yaml that sets them). */
  inputValidatorArgs: InputValidatorArgsData[];
  testCases: PackageTestCase[];
  /** 2025-09 `score_aggregation` `sum` or `min` of a scoring group; absent: pass-fail. */
  aggregation?: ScoreAggregation;
  /** A part of secret under legacy `grader_flags: accept_if_any_accepted` (TestGroupData.acceptIfAnyAccepted). */
  acceptIfAnyAccepted?: boolean;
  /** A sample group under the root's legacy `grader_flags: ignore_sample` (TestGroupData.ignoreInVerdict). */
  ignoreInVerdict?: boolean;
}

/** A test case of `data/invalid_input/`, its input still in the zip. */
export interface PackageInvalidInput {
  /** Path without extension relative to `data/`, e.g. `invalid_input/negative`. */
  name: string;
  inputPath: string;
  args: InputValidatorArgsData[];
}

/** A package read into a problem, its test data still in the zip. */
export interface ParsedPackage extends Omit<ProblemData, 'groups' | 'packageFormat' | 'archived' | 'inputValidation'> {
  groups: PackageGroup[];
  /** Its input validators (verification runs them over every test case). */
  inputValidators: InputValidatorData[];
  /** `data/invalid_input/*.in` (each must be rejected by one input validator). */
  invalidInputs: PackageInvalidInput[];
  /** `legacy`, `2023-07-draft`, `2025-09` or `domjudge`. */
  format: string;
}

/** Server bounds and defaults that apply to an import. */
export interface LayoutBounds extends LimitBounds {
  /** MAX_PROBLEM_TEST_CASES. */
  maxTestCases: number;
}

const HEADER_EXTENSIONS = new Set(['.h', '.hpp', '.hh', '.hxx']);
const MAX_SOURCE_BYTES = 1024 * 1024;
const MiB_IN_KiB = 1024;
/** Typical system defaults of the problem package format's `limits.memory` and `limits.output`, MiB. */
const FORMAT_DEFAULT_MEMORY_MIB = 2048;
const FORMAT_DEFAULT_OUTPUT_MIB = 8;
/** Test case names sort as the format orders them: lexicographically. */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Reads an ICPC/Kattis problem package (legacy, 2023-07-draft, 2025-09) or a DOMjudge one
 * (domjudge-problem.ini) into a problem. Refuses, naming the file (and line), anything it cannot
 * judge faithfully: a test input without its answer, bad YAML, limits above the server's maxima,
 * an unsupported problem type, a validator it cannot build.
 */
export async function parsePackage(
  pkg: ZipPackage,
  opts: { slug?: string; fileName?: string },
  bounds: LayoutBounds,
): Promise<ParsedPackage> {
  const hasYaml = pkg.has('problem.yaml');
  const ini = pkg.has('domjudge-problem.ini')
    ? parseIni('domjudge-problem.ini', await pkg.readText('domjudge-problem.ini', 64 * 1024))
    : null;
  if (!hasYaml && !ini) {
    throw new PackageError('problem.yaml', 'is missing (and there is no domjudge-problem.ini); is this a problem package?');
  }
  const yaml = hasYaml
    ? YamlFile.parse('problem.yaml', await pkg.readText('problem.yaml', 256 * 1024))
    : YamlFile.parse('problem.yaml', '');
  const version = yaml.string(['problem_format_version']) ?? 'legacy';
  const format = !hasYaml
    ? 'domjudge'
    : /^legacy/.test(version)
      ? 'legacy'
      : version === '2023-07-draft'
        ? '2023-07-draft'
        : version === '2025-09' || version === 'draft'
          ? '2025-09'
          : null;
  if (!format) throw yaml.error(['problem_format_version'], `"${version}" is not a version Verdict reads (legacy, 2023-07-draft, 2025-09)`);
  const modern = format === '2023-07-draft' || format === '2025-09';

  // Type and validation.
  const typeWords = yaml.words(['type']) ?? ['pass-fail'];
  for (const word of typeWords) {
    if (!['pass-fail', 'scoring', 'interactive', 'multi-pass', 'submit-answer'].includes(word))
      throw yaml.error(['type'], `has an unknown value "${word}"`);
    if (word === 'multi-pass' || word === 'submit-answer') throw yaml.error(['type'], `"${word}" problems are not supported by Verdict`);
  }
  const validation = yaml.words(['validation']) ?? ['default'];
  if (!modern && !['default', 'custom'].includes(validation[0] ?? ''))
    throw yaml.error(['validation'], `must start with "default" or "custom", not "${validation[0] ?? ''}"`);
  // Legacy and 2023-07 spell a multi-pass problem `validation: custom multi-pass`: refused here like
  // `type: multi-pass`, never judged single-pass (every submission was an Internal Error).
  if (validation.includes('multi-pass')) throw yaml.error(['validation'], '"multi-pass" problems are not supported by Verdict');
  // `custom score` has the validator's score.txt score a legacy group; Verdict scores legacy groups by
  // accept_score, so it refuses rather than ignore score.txt. Other words are not in the format.
  if (validation.includes('score'))
    throw yaml.error(
      ['validation'],
      '"custom score" (test case scores from the validator\'s score.txt) is not supported by Verdict for legacy packages',
    );
  const unknown = validation.slice(1).find((w) => w !== 'interactive');
  if (unknown !== undefined)
    throw yaml.error(['validation'], `"${unknown}" is not a validation option of the format (custom, interactive, score, multi-pass)`);
  const scoring = typeWords.includes('scoring');
  const interactive = typeWords.includes('interactive') || validation.includes('interactive');
  const validatorDirs = ['output_validators/', 'output_validator/'].filter((d) => pkg.paths().some((p) => p.startsWith(d)));
  const customValidation = validation[0] === 'custom' || interactive || (modern && validatorDirs.length > 0) || !!ini?.['special_compare'];

  // Limits.
  const limits = readLimits(yaml, format, ini, pkg.has('.timelimit') ? await pkg.readText('.timelimit', 1024) : null, bounds);

  // Output validator.
  const flags = yaml.string(['validator_flags']);
  const checker = customValidation ? await readCustomValidator(pkg, validatorDirs, flags) : defaultChecker(flags, yaml);

  refuseUnsupported(pkg);
  const inputValidators = await readInputValidators(pkg);
  const invalidInputs = await readInvalidInputs(pkg, bounds);
  if (invalidInputs.length > 0 && inputValidators.length === 0) {
    throw new PackageError(
      invalidInputs[0]!.inputPath,
      'is an invalid input for the input validators to reject, but the package has none (input_validators/)',
    );
  }
  const groups = await readTestData(pkg, { scoring, interactive, modern, v2025: format === '2025-09' }, bounds);
  const points = pointsProblem(groups);
  if (points) throw new PackageError('data/', points);
  if (checker.kind === CheckerKind.Default) {
    for (const g of groups) {
      const errors = parseValidatorFlags(g.validatorArgs).errors;
      if (errors.length > 0) throw new PackageError(`data/${g.name}/`, `output validator flags of this group: ${errors.join('; ')}`);
    }
  }
  const title = titleOf(yaml, ini) ?? opts.slug ?? pkg.topDirectory ?? 'untitled';
  const slug = slugOf(opts.slug ?? pkg.topDirectory ?? stem(opts.fileName ?? '') ?? title);
  return {
    slug,
    title,
    statement: await readStatement(pkg),
    limits: limits.limits,
    timeLimitGiven: limits.timeLimitGiven,
    // The importer's form field may choose otherwise; this is the default (docs/timing.md).
    timeLimitSource: limits.timeLimitGiven ? 'package' : 'derived',
    timeLimitRules: limits.timeLimitRules,
    type: scoring ? ProblemType.Scoring : ProblemType.PassFail,
    interactive,
    checker,
    groups,
    inputValidators,
    invalidInputs,
    packageSubmissions: await readSubmissions(pkg),
    format,
  };
}

/** Where a package's time limit came from: problem.yaml `limits.time_limit`, `.timelimit` or domjudge-problem.ini. */
type StatedTimeLimit = { seconds: number; from: 'problem.yaml' | '.timelimit' | 'domjudge-problem.ini' };

/**
 * The package's limits. Time limit: problem.yaml `limits.time_limit` (2023-07-draft, 2025-09), else
 * `.timelimit`, else domjudge-problem.ini `timelimit` (seconds), else the server default. Memory and
 * output: `limits.memory` / `limits.output` (MiB), else the format's defaults (2048 MiB, 8 MiB) lowered
 * to the server maxima. Wall time: the rule of `defaultWallTimeMs`.
 * @throws PackageError naming the file (and key and line) of a bad value or of a limit above its server maximum.
 */
function readLimits(
  yaml: YamlFile,
  format: string,
  ini: Record<string, string> | null,
  timelimitFile: string | null,
  bounds: LayoutBounds,
): { limits: JudgeLimits; timeLimitGiven: boolean; timeLimitRules: TimeLimitRules } {
  let timeLimit: StatedTimeLimit | undefined;
  const timeLimitRules = readTimeLimitRules(yaml, format);
  if (format !== 'legacy' && format !== 'domjudge') {
    const seconds = yaml.number(['limits', 'time_limit'], { positive: true });
    if (seconds !== undefined) timeLimit = { seconds, from: 'problem.yaml' };
  }
  if (timeLimit === undefined && timelimitFile !== null) {
    const seconds = Number(timelimitFile.trim());
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new PackageError('.timelimit', `must hold a positive number of seconds, not "${timelimitFile.trim()}"`, 1);
    timeLimit = { seconds, from: '.timelimit' };
  }
  if (timeLimit === undefined && ini?.['timelimit'] !== undefined) {
    const seconds = Number(ini['timelimit']);
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new PackageError('domjudge-problem.ini', `timelimit must be a positive number of seconds, not "${ini['timelimit']}"`);
    timeLimit = { seconds, from: 'domjudge-problem.ini' };
  }
  const { maxima, defaults } = bounds;
  const memoryMiB = yaml.number(['limits', 'memory'], { positive: true });
  const outputMiB = yaml.number(['limits', 'output'], { positive: true });
  const cpuTimeMs = timeLimit === undefined ? defaults.cpuTimeMs : Math.ceil(timeLimit.seconds * 1000);
  const limits: JudgeLimits = {
    cpuTimeMs,
    wallTimeMs: defaultWallTimeMs(cpuTimeMs, maxima.wallTimeMs),
    memoryKiB:
      memoryMiB === undefined ? Math.min(FORMAT_DEFAULT_MEMORY_MIB * MiB_IN_KiB, maxima.memoryKiB) : Math.ceil(memoryMiB * MiB_IN_KiB),
    outputKiB:
      outputMiB === undefined ? Math.min(FORMAT_DEFAULT_OUTPUT_MIB * MiB_IN_KiB, maxima.outputKiB) : Math.ceil(outputMiB * MiB_IN_KiB),
  };
  const above = limitsAboveMaxima(limits, maxima)[0];
  if (above) throw limitAboveMaximum(above, yaml, { timeLimit, memoryMiB, outputMiB });
  return { limits, timeLimitGiven: timeLimit !== undefined, timeLimitRules };
}

/**
 * The package's rules for deriving a time limit (TimeLimitRules). 2023-07-draft and 2025-09:
 * `limits.time_multipliers.ac_to_time_limit` (default 2), `limits.time_multipliers.time_limit_to_tle`
 * (default 1.5), `limits.time_resolution` (s, default 1). Legacy and DOMjudge packages:
 * `limits.time_multiplier` (default 5), `limits.time_safety_margin` (default 2), whole seconds.
 * @throws PackageError (with the line) for a value that is not a positive number, or a resolution under 1 ms.
 */
function readTimeLimitRules(yaml: YamlFile, format: string): TimeLimitRules {
  if (format === 'legacy' || format === 'domjudge') {
    return {
      legacy: true,
      acToTimeLimit: yaml.number(['limits', 'time_multiplier'], { positive: true }) ?? LEGACY_TIME_LIMIT_RULES.acToTimeLimit,
      timeLimitToTle: yaml.number(['limits', 'time_safety_margin'], { positive: true }) ?? LEGACY_TIME_LIMIT_RULES.timeLimitToTle,
      timeResolutionMs: LEGACY_TIME_LIMIT_RULES.timeResolutionMs,
    };
  }
  const multipliers = ['limits', 'time_multipliers'];
  const resolution = yaml.number(['limits', 'time_resolution'], { positive: true });
  if (resolution !== undefined && resolution < 0.001) {
    throw yaml.error(['limits', 'time_resolution'], `must be at least 0.001 (1 ms, what Verdict measures), not ${resolution}`);
  }
  return {
    legacy: false,
    acToTimeLimit: yaml.number([...multipliers, 'ac_to_time_limit'], { positive: true }) ?? DEFAULT_TIME_LIMIT_RULES.acToTimeLimit,
    timeLimitToTle: yaml.number([...multipliers, 'time_limit_to_tle'], { positive: true }) ?? DEFAULT_TIME_LIMIT_RULES.timeLimitToTle,
    timeResolutionMs: resolution === undefined ? DEFAULT_TIME_LIMIT_RULES.timeResolutionMs : Math.round(resolution * 1000),
  };
}

/** The refusal of a package limit above its server maximum, naming the file, key and line that set it. */
function limitAboveMaximum(
  above: LimitAboveMaximum,
  yaml: YamlFile,
  given: { timeLimit?: StatedTimeLimit; memoryMiB?: number; outputMiB?: number },
): PackageError {
  const variable = MAX_LIMIT_VARIABLES[above.field];
  const { timeLimit, memoryMiB, outputMiB } = given;
  if (above.field === 'cpuTimeMs' && timeLimit) {
    const problem = `${timeLimit.seconds} s is above the server maximum of ${above.maximum} ms (${variable})`;
    if (timeLimit.from === 'problem.yaml') return yaml.error(['limits', 'time_limit'], problem);
    if (timeLimit.from === '.timelimit') return new PackageError('.timelimit', `time limit ${problem}`, 1);
    return new PackageError('domjudge-problem.ini', `timelimit ${problem}`);
  }
  if (above.field === 'memoryKiB' && memoryMiB !== undefined) {
    return yaml.error(['limits', 'memory'], `${memoryMiB} MiB is above the server maximum of ${above.maximum} KiB (${variable})`);
  }
  if (above.field === 'outputKiB' && outputMiB !== undefined) {
    return yaml.error(['limits', 'output'], `${outputMiB} MiB is above the server maximum of ${above.maximum} KiB (${variable})`);
  }
  // Derived limits stay within the maxima; reaching here means a server default is above its maximum.
  return new PackageError(null, `${above.field} ${above.value} is above the server maximum of ${above.maximum} (${variable})`);
}

function defaultChecker(flags: string | undefined, yaml: YamlFile): CheckerData {
  const parsed = parseValidatorFlags(flags ? [flags] : []);
  if (parsed.errors.length > 0) throw yaml.error(['validator_flags'], parsed.errors.join('; '));
  return {
    ...DEFAULT_CHECKER,
    caseSensitive: parsed.options.caseSensitive ?? DEFAULT_CHECKER.caseSensitive,
    spaceChangeSensitive: parsed.options.spaceChangeSensitive ?? DEFAULT_CHECKER.spaceChangeSensitive,
    floatAbsoluteTolerance: parsed.options.floatAbsoluteTolerance ?? DEFAULT_CHECKER.floatAbsoluteTolerance,
    floatRelativeTolerance: parsed.options.floatRelativeTolerance ?? DEFAULT_CHECKER.floatRelativeTolerance,
  };
}

/** output_validators/<name>/ (legacy: one validator), or output_validator/ (2025-09): one program, one directory. */
async function readCustomValidator(pkg: ZipPackage, dirs: string[], flags: string | undefined): Promise<CheckerData> {
  if (dirs.length === 0)
    throw new PackageError(
      'output_validators/',
      'is missing, but the problem needs a custom output validator (validation: custom, or interactive)',
    );
  const dir = dirs[0]!;
  let files = pkg.paths().filter((p) => p.startsWith(dir));
  // Legacy: output_validators/<name>/...; take the one validator directory.
  const subdirs = new Set(
    files
      .map((p) => p.slice(dir.length))
      .filter((r) => r.includes('/'))
      .map((r) => r.slice(0, r.indexOf('/'))),
  );
  let root = dir;
  if (!files.some((p) => !p.slice(dir.length).includes('/')) && subdirs.size === 1) root = `${dir}${[...subdirs][0]}/`;
  else if (subdirs.size > 0 && dir === 'output_validators/' && !files.some((p) => !p.slice(dir.length).includes('/'))) {
    throw new PackageError(dir, `holds ${subdirs.size} validators (${[...subdirs].join(', ')}); Verdict takes exactly one`);
  }
  files = files.filter((p) => p.startsWith(root));
  const nested = files.find((p) => p.slice(root.length).includes('/'));
  if (nested) throw new PackageError(nested, 'is in a subdirectory of the output validator; Verdict builds validators from one directory');
  const sources = files.filter((p) => LANGUAGE_BY_EXTENSION[posix.extname(p).toLowerCase()]);
  if (sources.length === 0) {
    const known = Object.keys(LANGUAGE_BY_EXTENSION).join(' ');
    // Name the file that is there but cannot be built (validate.kt, a build script), if any.
    const other = files.find((p) => !HEADER_EXTENSIONS.has(posix.extname(p).toLowerCase()));
    if (other) throw new PackageError(other, `is not a source file Verdict can build (${known}), and the output validator has no other`);
    throw new PackageError(root, `has no source file Verdict can build (${known})`);
  }
  if (sources.length > 1)
    throw new PackageError(
      root,
      `has several source files (${sources.map((s) => posix.basename(s)).join(', ')}); Verdict builds one (headers may go beside it)`,
    );
  const entryPath = sources[0]!;
  const language = LANGUAGE_BY_EXTENSION[posix.extname(entryPath).toLowerCase()]!;
  const kept = files.filter((p) => p === entryPath || HEADER_EXTENSIONS.has(posix.extname(p).toLowerCase()));
  const sourceFile = LANGUAGES.find((l) => l.id === language)!.sourceFile;
  const collides = kept.find((p) => p !== entryPath && posix.basename(p) === sourceFile);
  if (collides) throw new PackageError(collides, `is named like the language's main file (${sourceFile}); rename it`);
  const out = [];
  for (const path of kept) {
    const content = await pkg.readText(path, MAX_SOURCE_BYTES);
    if (content.trim() === '')
      throw new PackageError(path, `is empty; the output validator ${path === entryPath ? 'source' : 'header'} must have content`);
    out.push({ name: posix.basename(path), content });
  }
  return {
    kind: CheckerKind.Custom,
    caseSensitive: false,
    spaceChangeSensitive: false,
    floatAbsoluteTolerance: null,
    floatRelativeTolerance: null,
    language,
    entry: posix.basename(entryPath),
    files: out,
    args: flags ? flags.split(/\s+/).filter(Boolean) : [],
  };
}

/**
 * data/sample/*.in|.ans, data/secret/**\/*.in|.ans. A group is `sample`, `secret`, or a
 * directory right under secret (deeper directories belong to it). testdata.yaml /
 * test_group.yaml in a group's directory (or above it, inherited) give its points and its
 * output validator flags.
 */
async function readTestData(
  pkg: ZipPackage,
  p: { scoring: boolean; interactive: boolean; modern: boolean; v2025: boolean },
  bounds: LayoutBounds,
): Promise<PackageGroup[]> {
  const dataFiles = pkg.paths().filter((path) => path.startsWith('data/sample/') || path.startsWith('data/secret/'));
  const inputs = dataFiles.filter((f) => f.endsWith('.in')).sort(byName);
  const inputSet = new Set(inputs);
  for (const ans of dataFiles.filter((f) => f.endsWith('.ans'))) {
    const input = `${ans.slice(0, -4)}.in`;
    if (!inputSet.has(input)) throw new PackageError(ans, `has no input file ${input}`);
  }
  if (inputs.length === 0) throw new PackageError('data/', 'has no test cases (data/sample/*.in and data/secret/**/*.in with their .ans)');
  if (inputs.length > bounds.maxTestCases) {
    throw new PackageError('data/', `has ${inputs.length} test cases; at most ${bounds.maxTestCases} are allowed (MAX_PROBLEM_TEST_CASES)`);
  }
  const byGroup = new Map<string, PackageTestCase[]>();
  for (const input of inputs) {
    const answer = `${input.slice(0, -3)}.ans`;
    if (!pkg.has(answer) && !p.interactive) throw new PackageError(input, `has no answer file ${answer}`);
    const rel = input.slice('data/'.length, -'.in'.length);
    const parts = rel.split('/');
    const group = parts[0] === 'sample' ? 'sample' : parts.length > 2 ? `secret/${parts[1]}` : 'secret';
    const list = byGroup.get(group) ?? [];
    list.push({ name: rel, inputPath: input, answerPath: pkg.has(answer) ? answer : null });
    byGroup.set(group, list);
  }
  const names = [...byGroup.keys()].sort((a, b) => (a === 'sample' ? -1 : b === 'sample' ? 1 : byName(a, b)));
  // problemtools' default grader (the 2025-09 format has no graders, so no grader_flags): accept_if_any_accepted
  // in data/secret's testdata.yaml accepts a submission that passes any part of secret; ignore_sample in
  // data/testdata.yaml leaves the samples out of the verdict.
  const graderFlags = async (dir: string) =>
    p.scoring && !p.v2025 ? ((await groupSettings(pkg, dir)).own?.words(['grader_flags']) ?? []) : [];
  const secretAnyAccepted = (await graderFlags('data/secret')).includes('accept_if_any_accepted');
  const ignoreSample = (await graderFlags('data')).includes('ignore_sample');
  const groups: PackageGroup[] = [];
  for (const name of names) {
    const settings = await groupSettings(pkg, `data/${name}`);
    const testCases = byGroup.get(name)!;
    const sample = name === 'sample';
    let points = 0;
    if (p.v2025) refuseScoringKeys(settings.own, name, p.scoring);
    let aggregation: ScoreAggregation | undefined;
    if (p.scoring && p.v2025 && !sample) {
      ({ points, aggregation } = await scoring2025(pkg, settings.own, name, names));
    } else if (p.scoring && !sample) {
      const own = settings.own;
      const score = own?.number(['scoring', 'score']) ?? own?.number(['score']) ?? own?.number(['max_score']);
      if (score !== undefined) points = score;
      else {
        // Legacy: each accepted case scores accept_score (default 1), summed unless grader_flags says min.
        const accept = own?.number(['accept_score']) ?? 1;
        const min = (own?.words(['grader_flags']) ?? []).includes('min');
        points = min ? accept : accept * testCases.length;
      }
    }
    const anyAccepted = secretAnyAccepted && (name === 'secret' || name.startsWith('secret/'));
    groups.push({
      name,
      points,
      sample,
      validatorArgs: settings.validatorArgs,
      inputValidatorArgs: settings.inputValidatorArgs,
      testCases,
      ...(aggregation ? { aggregation } : {}),
      ...(anyAccepted ? { acceptIfAnyAccepted: true } : {}),
      ...(ignoreSample && sample ? { ignoreInVerdict: true } : {}),
    });
  }
  return groups;
}

/**
 * Parts of the format Verdict does not judge, refused at import naming the file and the feature
 * (never judged wrongly or as Internal Error): the output validator checks of `data/invalid_output/`
 * and `data/valid_output/` (2023-07-draft, 2025-09), and output validators with `build` / `run`
 * scripts. (Input validators that cannot be run are refused by `readInputValidators`.)
 */
function refuseUnsupported(pkg: ZipPackage): void {
  const paths = pkg.paths();
  for (const dir of ['data/invalid_output/', 'data/valid_output/']) {
    const file = paths.find((p) => p.startsWith(dir));
    if (file) {
      throw new PackageError(
        file,
        `${dir} test cases (checks that the output validator rejects or accepts an output) are not supported by Verdict`,
      );
    }
  }
  for (const dir of ['output_validators/', 'output_validator/']) {
    const script = paths.find((p) => p.startsWith(dir) && ['build', 'run'].includes(posix.basename(p)));
    if (script) throw new PackageError(script, 'validators with build or run scripts are not supported by Verdict');
  }
}

/**
 * `data/invalid_input/**\/*.in` (problem package format 2023-07-draft, 2025-09; Verdict reads it in
 * legacy packages too): inputs each of which at least one input validator must reject, with the
 * input_validator_args of their directory. They count towards MAX_PROBLEM_TEST_CASES with the others.
 */
async function readInvalidInputs(pkg: ZipPackage, bounds: LayoutBounds): Promise<PackageInvalidInput[]> {
  const inputs = pkg
    .paths()
    .filter((p) => p.startsWith('data/invalid_input/') && p.endsWith('.in'))
    .sort(byName);
  if (inputs.length > bounds.maxTestCases) {
    throw new PackageError(
      'data/invalid_input/',
      `has ${inputs.length} test cases; at most ${bounds.maxTestCases} are allowed (MAX_PROBLEM_TEST_CASES)`,
    );
  }
  const out: PackageInvalidInput[] = [];
  for (const inputPath of inputs) {
    const settings = await groupSettings(pkg, posix.dirname(inputPath));
    out.push({ name: inputPath.slice('data/'.length, -'.in'.length), inputPath, args: settings.inputValidatorArgs });
  }
  return out;
}

/**
 * 2025-09 `test_group.yaml` scoring keys Verdict does not judge, refused naming the file and key:
 * `require_pass`, an `unbounded` `max_score`, a `score_aggregation` the format does not have; and on a
 * pass-fail problem or in `data/sample` any of them (the format forbids them there).
 */
function refuseScoringKeys(own: YamlFile | null, group: string, scoring: boolean): void {
  if (!own) return;
  for (const key of ['max_score', 'score_aggregation', 'require_pass']) {
    if (!own.has(key)) continue;
    if (!scoring) throw own.error([key], 'is for scoring problems only (problem.yaml type has no "scoring")');
    if (group === 'sample') throw own.error([key], 'is not permitted in data/sample');
  }
  if (own.has('require_pass')) throw own.error(['require_pass'], 'is not supported by Verdict (test data group dependencies)');
  const aggregation = own.string(['score_aggregation']);
  if (aggregation !== undefined && !['pass-fail', 'sum', 'min'].includes(aggregation)) {
    throw own.error(['score_aggregation'], `must be pass-fail, sum or min, not "${aggregation}"`);
  }
  if (own.get('max_score') === 'unbounded') throw own.error(['max_score'], '"unbounded" is not supported by Verdict');
}

/** A group's `max_score` (2023-07-draft's `scoring.score` and `score` read too), or undefined. */
function groupMax(own: YamlFile | null): number | undefined {
  return own?.number(['max_score']) ?? own?.number(['scoring', 'score']) ?? own?.number(['score']);
}

/**
 * The points and aggregation of a 2025-09 scoring group. Test cases right in `secret`: its
 * `max_score` (default 100) and `score_aggregation` (default sum). A test data group `secret/<g>`:
 * its `max_score` (required: the format's default is unbounded) and `score_aggregation` (default
 * pass-fail); the groups are summed into secret (its default; `min` or `pass-fail` over groups is
 * refused), and their max_score must not add up to more than secret's.
 */
async function scoring2025(
  pkg: ZipPackage,
  own: YamlFile | null,
  name: string,
  names: string[],
): Promise<{ points: number; aggregation?: ScoreAggregation }> {
  const secretYaml = pkg.has('data/secret/test_group.yaml')
    ? YamlFile.parse('data/secret/test_group.yaml', await pkg.readText('data/secret/test_group.yaml', 64 * 1024))
    : null;
  const secretMax = groupMax(secretYaml) ?? 100;
  const aggregationOf = (y: YamlFile | null, fallback: ScoreAggregation) =>
    (y?.string(['score_aggregation']) as ScoreAggregation | undefined) ?? fallback;
  if (name === 'secret') {
    const aggregation = aggregationOf(secretYaml, 'sum');
    return { points: secretMax, ...(aggregation !== 'pass-fail' ? { aggregation } : {}) };
  }
  const max = groupMax(own);
  if (max === undefined) {
    throw new PackageError(`data/${name}/test_group.yaml`, 'must give max_score: the default (unbounded) is not supported by Verdict');
  }
  const over = aggregationOf(secretYaml, 'sum');
  if (over !== 'sum') {
    throw secretYaml!.error(['score_aggregation'], `"${over}" over test data groups is not supported by Verdict (groups are summed)`);
  }
  const total = await Promise.all(
    names
      .filter((n) => n.startsWith('secret/'))
      .map(async (n) => {
        const path = `data/${n}/test_group.yaml`;
        return pkg.has(path) ? (groupMax(YamlFile.parse(path, await pkg.readText(path, 64 * 1024))) ?? 0) : 0;
      }),
  );
  const sum = total.reduce((x, y) => x + y, 0);
  if (sum > secretMax) {
    throw new PackageError('data/secret/', `test data groups' max_score add up to ${sum}, more than secret's max_score ${secretMax}`);
  }
  const aggregation = aggregationOf(own, 'pass-fail');
  return { points: max, ...(aggregation !== 'pass-fail' ? { aggregation } : {}) };
}

/** The testdata.yaml / test_group.yaml settings that apply to a group directory. */
async function groupSettings(
  pkg: ZipPackage,
  dir: string,
): Promise<{ own: YamlFile | null; validatorArgs: string[]; inputValidatorArgs: InputValidatorArgsData[] }> {
  const chain: YamlFile[] = [];
  let own: YamlFile | null = null;
  for (let d = dir; d.length > 0; d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '') {
    for (const name of ['test_group.yaml', 'testdata.yaml']) {
      const path = `${d}/${name}`;
      if (!pkg.has(path)) continue;
      const file = YamlFile.parse(path, await pkg.readText(path, 64 * 1024));
      if (d === dir) own ??= file;
      chain.push(file);
      break;
    }
  }
  // The nearest file that sets output (or input) validator flags/args wins (inheritance).
  let validatorArgs: string[] = [];
  for (const file of chain) {
    const args = file.words(['output_validator_args']) ?? file.words(['output_validator_flags']);
    if (args) {
      validatorArgs = args;
      break;
    }
  }
  let inputValidatorArgs: InputValidatorArgsData[] = [];
  for (const file of chain) {
    const args = inputValidatorArgsOf(file);
    if (args) {
      inputValidatorArgs = args;
      break;
    }
  }
  return { own, validatorArgs, inputValidatorArgs };
}

/**
 * submissions/<folder>/<file> (single files; directories are not read). The language is
 * submissions.yaml's `language` when given, else the file's (`packageLanguageOf`: its extension, a
 * python2 `#!` line); a file with none is kept with language null (and no source), for the
 * verification to report it not judged. Each keeps what it is
 * expected to get: submissions.yaml's requirements when the package has that file, DOMjudge's
 * `@EXPECTED_RESULTS@` comment outside the four official folders, else its folder's rule.
 */
async function readSubmissions(pkg: ZipPackage): Promise<PackageSubmissionData[]> {
  const yaml = pkg.has(SUBMISSIONS_YAML) ? SubmissionsYaml.parse(await pkg.readText(SUBMISSIONS_YAML, 256 * 1024)) : null;
  const out: PackageSubmissionData[] = [];
  for (const path of pkg
    .paths()
    .filter((p) => p.startsWith('submissions/') && p !== SUBMISSIONS_YAML)
    .sort(byName)) {
    const parts = path.split('/');
    if (parts.length > 3) {
      // A multi-file submission (a directory): kept once, not judged, so the report says so.
      const dir = `${parts.slice(0, 3).join('/')}/`;
      if (!out.some((s) => s.path === dir)) out.push({ path: dir, expected: parts[1]!, language: null, sourceCode: '' });
      continue;
    }
    if (parts.length !== 3) continue;
    const expectation = yaml?.expectationOf(path.slice('submissions/'.length));
    const folder = parts[1]!;
    // A file no language Verdict offers has (a .scala file, Python 2) is kept, unread, and reported as not judged.
    const known = expectation?.language ?? LANGUAGE_BY_EXTENSION[posix.extname(path).toLowerCase()];
    const sourceCode = known ? await pkg.readText(path, MAX_SOURCE_BYTES) : '';
    const language = expectation?.language ?? (known ? packageLanguageOf(path, sourceCode).language : null);
    const expectedResults = expectedResultsOf(path, folder, sourceCode);
    out.push({
      path,
      expected: folder,
      language,
      sourceCode,
      ...(expectedResults ? { expectedResults } : {}),
      // No requirement applies (a folder the format does not define, no glob matches): @EXPECTED_RESULTS@ or the folder rule decides.
      ...(expectation && expectation.requirements.length > 0 ? { requirements: expectation.requirements } : {}),
      ...(expectation?.useForTimeLimit !== undefined ? { useForTimeLimit: expectation.useForTimeLimit } : {}),
    });
  }
  return out;
}

async function readStatement(pkg: ZipPackage): Promise<string> {
  const candidates = [
    'statement/problem.en.md',
    'problem_statement/problem.en.md',
    'statement/problem.md',
    'problem_statement/problem.md',
    'problem_statement/problem.en.html',
    'problem_statement/problem.html',
    'statement/problem.en.tex',
    'problem_statement/problem.en.tex',
    'problem_statement/problem.tex',
  ];
  const found = candidates.find((c) => pkg.has(c));
  return found ? pkg.readText(found) : '';
}

function titleOf(yaml: YamlFile, ini: Record<string, string> | null): string | undefined {
  const name = yaml.get('name');
  if (typeof name === 'string' && name.trim()) return name.trim();
  if (name && typeof name === 'object' && !Array.isArray(name)) {
    const map = name as Record<string, unknown>;
    const value = map['en'] ?? Object.values(map)[0];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return ini?.['name']?.trim() || undefined;
}

/** A slug from a directory or file name: lowercase, invalid characters as `-`, at most 64. */
function slugOf(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, 64);
  if (!slug) throw new PackageError(null, 'slug cannot be made from the package; pass a slug field with the upload');
  return slug;
}

function stem(fileName: string): string | undefined {
  const base = posix.basename(fileName).replace(/\.zip$/i, '');
  return base || undefined;
}

/** DOMjudge's domjudge-problem.ini: `key = value` lines, values optionally quoted. */
function parseIni(path: string, text: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) return;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new PackageError(path, `is not "key = value": ${JSON.stringify(line.slice(0, 80))}`, i + 1);
    out[m[1]!.toLowerCase()] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  });
  return out;
}
