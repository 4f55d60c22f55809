import type { GroupResult, TestResult, Verdict } from '../../../libs/contracts/index.js';

/** What running a plan came to: the overall verdict, every test run, and the groups' scores. */
export interface Evaluation {
  /** The first rejected test's verdict, else Accepted, or as `planVerdict` grades secret; Compilation Error or Internal Error when no test ran. */
  verdict: Verdict;
  /** The tests run, in judging order (a pass-fail plan stops at the first rejection). */
  results: TestResult[];
  /** Every group of the plan, in order; a group not judged has verdict null. */
  groups: GroupResult[];
  /** Points scored (scoring plans), else null. */
  score: number | null;
  /** Compiler output (CE) or what went wrong (IE), else null. */
  message: string | null;
  /** Test data files used. */
  files: number;
  /** Of those, how many were in the worker's cache already (hits) and how many were downloaded (misses). */
  cache: { cacheHits: number; cacheMisses: number };
}

/**
 * The evaluation of a judging that ran no test: a Compilation Error (with the compiler's output)
 * or an Internal Error (with what went wrong, for operators).
 */
export function nothingRan(verdict: Verdict.CompilationError | Verdict.InternalError, message: string): Evaluation {
  return { verdict, results: [], groups: [], score: null, message, files: 0, cache: { cacheHits: 0, cacheMisses: 0 } };
}
