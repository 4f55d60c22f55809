/**
 * The shape of one hostile program of the suite: what it is, what it attacks, the verdict(s) it
 * must get, and any assertion of its own. Sources name host targets through `@@NAME@@`
 * placeholders (ports, sentinel paths, socket names), filled in per run by `fillSource`;
 * they never contain a secret, so nothing a program prints can hold one unless it got out.
 */
import type { JudgeLimits, SubmissionView } from '../../../libs/contracts/index.js';
import type { HostileProblemKey } from './problem-packages.js';

/** Verdict abbreviations as the API returns them. */
export type VerdictCode = 'AC' | 'WA' | 'TLE' | 'MLE' | 'OLE' | 'RE' | 'CE' | 'IE';

/** Languages the suite covers (Rust programs run when the worker offers Rust). */
type HostileLanguage = 'c' | 'cpp17' | 'python3' | 'javascript' | 'java17' | 'go' | 'rust';

/** Host things a program may try to reach, substituted into sources as `@@NAME@@`. */
export interface HostTargets {
  /** The real project directory (its `.env` is the classic target). */
  ROOT: string;
  PROJECT_DIR: string;
  PROJECT_ENV: string;
  PROJECT_SENTINEL: string;
  TMP_SENTINEL_DIR: string;
  TMP_SENTINEL: string;
  WORK_DIR: string;
  WORK_DIR_SENTINEL: string;
  REDIS_PORT: string;
  MONGO_PORT: string;
  API_PORT: string;
  BAIT_PORT: string;
  HOST_IP: string;
  NAMESERVER: string;
  ABSTRACT_SOCKET: string;
  UNIX_SOCKET: string;
}

/** What a program's own assertion gets: the finished submission and the suite's limits. */
export interface CheckContext {
  view: SubmissionView;
  limits: JudgeLimits;
  previewBytes: number;
}

export interface HostileProgram {
  /** Unique within the suite, e.g. `c: fork bomb`. */
  name: string;
  language: HostileLanguage;
  /** Source code, with `@@NAME@@` placeholders for HostTargets. */
  source: string;
  /**
   * Verdicts it may get; more than one only where either is legitimate (a fork bomb may end as
   * TLE or as RE when fork fails). Never AC for an attack a limit must stop.
   */
  expect: VerdictCode[];
  /** Overrides of the suite's small default limits. */
  limits?: Partial<JudgeLimits>;
  /** stdin of the single test case. */
  stdin?: string;
  /** Expected output of the single test case; absent: a clean exit is Accepted. */
  answer?: string;
  /** Send the source as raw bytes (e.g. invalid UTF-8) inside the JSON body instead of `source`. */
  sourceBytes?: Buffer;
  /** The API may also refuse the submission with 400 (a source it cannot store as text). */
  acceptRejection?: boolean;
  /**
   * Judge it against one of the suite's imported problems (their test data and limits) instead
   * of an inline test case; `limits`, `stdin` and `answer` then do not apply.
   */
  problem?: HostileProblemKey;
  /** Extra assertions on the finished submission. */
  check?: (ctx: CheckContext) => void;
}

/** Replaces every `@@NAME@@` in `source` with its host target; an unknown name is an error in the suite. */
export function fillSource(source: string, targets: HostTargets): string {
  return source.replace(/@@([A-Z_]+)@@/g, (whole, name: string) => {
    const value = (targets as unknown as Record<string, string>)[name];
    if (value === undefined) throw new Error(`unknown placeholder ${whole}`);
    return value;
  });
}
