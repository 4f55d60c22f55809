import { Verdict } from '../../libs/contracts/index.js';

/** Each verdict's full name, for people: `WA` → `Wrong Answer`. */
export const VERDICT_NAMES: Readonly<Record<Verdict, string>> = {
  [Verdict.Accepted]: 'Accepted',
  [Verdict.WrongAnswer]: 'Wrong Answer',
  [Verdict.TimeLimitExceeded]: 'Time Limit Exceeded',
  [Verdict.MemoryLimitExceeded]: 'Memory Limit Exceeded',
  [Verdict.OutputLimitExceeded]: 'Output Limit Exceeded',
  [Verdict.RuntimeError]: 'Runtime Error',
  [Verdict.CompilationError]: 'Compilation Error',
  [Verdict.InternalError]: 'Internal Error',
};
