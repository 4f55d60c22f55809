import { Verdict } from '../../../libs/contracts/index.js';
import { LANGUAGES } from '../../../libs/judging/index.js';
import type { FormatVerdict, SubmissionRequirementData } from '../../persistence/problems/problem-records.js';
import { globMatches } from '../../persistence/problems/test-glob.js';
import { PackageError } from './package.error.js';
import { YamlFile } from './yaml-file.js';

/** Where `submissions.yaml` lives in a package. */
export const SUBMISSIONS_YAML = 'submissions/submissions.yaml';

const FORMAT_VERDICTS: readonly FormatVerdict[] = ['AC', 'WA', 'TLE', 'RTE'];

/** The default requirements of the format's default folders (2025-09, "Default directories"). */
const FOLDER_DEFAULTS: Readonly<Record<string, { permitted: FormatVerdict[] | null; required: FormatVerdict[] | null }>> = {
  accepted: { permitted: ['AC'], required: null },
  rejected: { permitted: null, required: ['RTE', 'TLE', 'WA'] },
  wrong_answer: { permitted: ['AC', 'WA'], required: ['WA'] },
  time_limit_exceeded: { permitted: ['AC', 'TLE'], required: ['TLE'] },
  run_time_error: { permitted: ['AC', 'RTE'], required: ['RTE'] },
  brute_force: { permitted: ['AC', 'RTE', 'TLE'], required: ['RTE', 'TLE'] },
};

/** Keys of a submission's entry in submissions.yaml that are not test data globs. */
const SUBMISSION_KEYS = new Set([
  'language',
  'entrypoint',
  'authors',
  'model_solution',
  'permitted',
  'required',
  'score',
  'message',
  'use_for_time_limit',
]);
/** Keys of a test data glob's entry. */
const TEST_KEYS = new Set(['permitted', 'required', 'score', 'message', 'use_for_time_limit']);

/** The folders where DOMjudge ignores `@EXPECTED_RESULTS@` (the format's own four). */
const OFFICIAL_FOLDERS = new Set(['accepted', 'wrong_answer', 'time_limit_exceeded', 'run_time_error']);

/** DOMjudge result names (normalized: upper case, `_` and spaces as `-`) and the verdicts each allows. */
const DOMJUDGE_RESULTS: Readonly<Record<string, Verdict[]>> = {
  CORRECT: [Verdict.Accepted],
  ACCEPTED: [Verdict.Accepted],
  AC: [Verdict.Accepted],
  'WRONG-ANSWER': [Verdict.WrongAnswer],
  WA: [Verdict.WrongAnswer],
  // DOMjudge's no-output is a wrong answer here (Verdict has no verdict of its own for it).
  'NO-OUTPUT': [Verdict.WrongAnswer],
  TIMELIMIT: [Verdict.TimeLimitExceeded],
  'TIME-LIMIT': [Verdict.TimeLimitExceeded],
  'TIME-LIMIT-EXCEEDED': [Verdict.TimeLimitExceeded],
  TLE: [Verdict.TimeLimitExceeded],
  // DOMjudge reports a memory limit as run-error.
  'RUN-ERROR': [Verdict.RuntimeError, Verdict.MemoryLimitExceeded],
  'RUN-TIME-ERROR': [Verdict.RuntimeError, Verdict.MemoryLimitExceeded],
  'RUNTIME-ERROR': [Verdict.RuntimeError, Verdict.MemoryLimitExceeded],
  RTE: [Verdict.RuntimeError, Verdict.MemoryLimitExceeded],
  'MEMORY-LIMIT': [Verdict.MemoryLimitExceeded],
  'OUTPUT-LIMIT': [Verdict.OutputLimitExceeded],
  'COMPILER-ERROR': [Verdict.CompilationError],
  'COMPILE-ERROR': [Verdict.CompilationError],
};

/** What submissions.yaml says of one submission. */
export interface SubmissionExpectation {
  requirements: SubmissionRequirementData[];
  /** `language` of the entries that match, mapped to a language id, when given. */
  language?: string;
  useForTimeLimit?: boolean | 'lower' | 'upper';
}

/**
 * `submissions/submissions.yaml` (problem package format 2025-09) read once per package: the
 * requirements of each submission are its folder's defaults (overridden key by key by an entry
 * named exactly like the folder) plus every entry whose glob matches the submission or its folder.
 */
export class SubmissionsYaml {
  private constructor(
    private readonly yaml: YamlFile,
    private readonly entries: { glob: string; value: Record<string, unknown> }[],
  ) {}

  /**
   * Parses the file's text.
   * @throws PackageError naming the file, key and line of a value that is not the format's.
   */
  static parse(text: string): SubmissionsYaml {
    const yaml = YamlFile.parse(SUBMISSIONS_YAML, text);
    const root = yaml.get();
    const entries: { glob: string; value: Record<string, unknown> }[] = [];
    for (const [glob, value] of Object.entries((root ?? {}) as Record<string, unknown>)) {
      if (!isMap(value)) throw yaml.error([glob], 'must be a map of requirements (permitted, required, score, message, ...)');
      for (const [key, inner] of Object.entries(value)) {
        if (SUBMISSION_KEYS.has(key)) checkValue(yaml, [glob, key], inner);
        else {
          if (!isMap(inner)) throw yaml.error([glob, key], `is not a key of the format; as a test data group it must be a map`);
          for (const [k, v] of Object.entries(inner)) {
            if (!TEST_KEYS.has(k))
              throw yaml.error([glob, key, k], `is not a requirement of a test data group (${[...TEST_KEYS].join(', ')})`);
            checkValue(yaml, [glob, key, k], v);
          }
        }
      }
      entries.push({ glob, value });
    }
    return new SubmissionsYaml(yaml, entries);
  }

  /**
   * The expectation of the submission at `path` (relative to `submissions/`, e.g. `accepted/a.py`).
   * @throws PackageError when its `language` is not one Verdict judges.
   */
  expectationOf(path: string): SubmissionExpectation {
    const folder = path.split('/')[0]!;
    const requirements: SubmissionRequirementData[] = [];
    const out: SubmissionExpectation = { requirements };
    const base = FOLDER_DEFAULTS[folder];
    const override = this.entries.find((e) => e.glob === folder);
    if (base) {
      const own = override?.value ?? {};
      requirements.push({
        tests: null,
        permitted: 'permitted' in own ? verdictsOf(own['permitted']) : base.permitted,
        required: 'required' in own ? verdictsOf(own['required']) : base.required,
        score: scoreOf(own['score']),
        message: typeof own['message'] === 'string' ? own['message'] : null,
      });
    }
    for (const entry of this.entries) {
      if (base && entry === override) {
        this.extras(entry, folder, out, false);
        continue;
      }
      if (!globMatches(entry.glob, path)) continue;
      this.extras(entry, entry.glob, out, true);
    }
    return out;
  }

  /** Adds what `entry` says beyond a folder override: its own requirement (when `own`), its groups', language, use_for_time_limit. */
  private extras(entry: { glob: string; value: Record<string, unknown> }, glob: string, out: SubmissionExpectation, own: boolean): void {
    const v = entry.value;
    if (own && ['permitted', 'required', 'score', 'message'].some((k) => k in v)) out.requirements.push(requirementOf(null, v));
    for (const [key, inner] of Object.entries(v)) {
      if (!SUBMISSION_KEYS.has(key)) out.requirements.push(requirementOf(key, inner as Record<string, unknown>));
    }
    if (typeof v['language'] === 'string') {
      const id = languageIdOf(v['language']);
      if (!id) throw this.yaml.error([glob, 'language'], `"${v['language']}" is not a language Verdict judges`);
      out.language = id;
    }
    const use = v['use_for_time_limit'];
    if (typeof use === 'boolean' || use === 'lower' || use === 'upper') out.useForTimeLimit = use;
  }
}

function requirementOf(tests: string | null, v: Record<string, unknown>): SubmissionRequirementData {
  return {
    tests,
    permitted: 'permitted' in v ? verdictsOf(v['permitted']) : null,
    required: 'required' in v ? verdictsOf(v['required']) : null,
    score: scoreOf(v['score']),
    message: typeof v['message'] === 'string' ? v['message'] : null,
  };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function verdictsOf(v: unknown): FormatVerdict[] {
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => String(x) as FormatVerdict);
}

function scoreOf(v: unknown): [number, number] | null {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2) return [Number(v[0]), Number(v[1])];
  return null;
}

/** Checks one requirement's value against the format's type for its key. */
function checkValue(yaml: YamlFile, keys: string[], v: unknown): void {
  const key = keys[keys.length - 1]!;
  if (key === 'permitted' || key === 'required') {
    const list = Array.isArray(v) ? v : [v];
    const bad = list.find((x) => !FORMAT_VERDICTS.includes(String(x) as FormatVerdict));
    if (bad !== undefined) throw yaml.error(keys, `has "${String(bad)}", not one of ${FORMAT_VERDICTS.join(', ')}`);
  } else if (key === 'score') {
    const ok =
      (typeof v === 'number' && Number.isFinite(v)) ||
      (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) && v[0] <= v[1]);
    if (!ok) throw yaml.error(keys, 'must be a number or a list of two numbers [low, high]');
  } else if (key === 'message' || key === 'language' || key === 'entrypoint') {
    if (typeof v !== 'string') throw yaml.error(keys, 'must be a string');
  } else if (key === 'use_for_time_limit') {
    if (typeof v !== 'boolean' && v !== 'lower' && v !== 'upper') throw yaml.error(keys, 'must be true, false, "lower" or "upper"');
  }
}

/** A language code of the format's languages table (or a Verdict language id) as a Verdict language id, or null. */
function languageIdOf(code: string): string | null {
  const aliases: Record<string, string> = { cpp: 'cpp17', 'c++': 'cpp17', java: 'java17', python: 'python3', js: 'javascript' };
  const id = aliases[code.toLowerCase()] ?? code.toLowerCase();
  return LANGUAGES.some((l) => l.id === id) ? id : null;
}

/**
 * DOMjudge's `@EXPECTED_RESULTS@: A, B` comment in a package submission's source: the verdicts the
 * submission may get. Ignored (null) in the format's four official folders, as DOMjudge does, and
 * when the source has no such comment.
 * @param path the submission's path in the package (`submissions/mixed/x.py`).
 * @throws PackageError naming the file and line of a result name DOMjudge does not have.
 */
export function expectedResultsOf(path: string, folder: string, source: string): Verdict[] | null {
  if (OFFICIAL_FOLDERS.has(folder)) return null;
  const lines = source.split('\n');
  for (const [i, line] of lines.entries()) {
    const m = /@EXPECTED_RESULTS@:?\s*(.*)$/.exec(line);
    if (!m) continue;
    const names = m[1]!
      .replace(/\*\/\s*$/, '')
      .split(/[,\s]+/)
      .filter(Boolean);
    if (names.length === 0) throw new PackageError(path, '@EXPECTED_RESULTS@ lists no result', i + 1);
    const verdicts = new Set<Verdict>();
    for (const name of names) {
      const allowed = DOMJUDGE_RESULTS[name.toUpperCase().replace(/[_ ]/g, '-')];
      if (!allowed)
        throw new PackageError(
          path,
          `@EXPECTED_RESULTS@ has "${name}", not a DOMjudge result (CORRECT, WRONG-ANSWER, TIMELIMIT, RUN-ERROR, ...)`,
          i + 1,
        );
      for (const v of allowed) verdicts.add(v);
    }
    return [...verdicts];
  }
  return null;
}
