import { RunStatus, type RunResult } from '../../../libs/sandbox/index.js';

/** The exit code of a validator that accepts (problem package format, output and input validators). */
export const VALIDATOR_ACCEPT = 42;
/** The exit code of a validator that rejects. */
export const VALIDATOR_REJECT = 43;

/**
 * How a validator's run failed to give an answer, as reports word it after the validator's name:
 * `exited with code 1 (expected 42 or 43)`, `was killed by SIGSEGV`, `ran out of CPU time`, ...
 * Only meaningful for a run that did not exit with VALIDATOR_ACCEPT or VALIDATOR_REJECT.
 */
export function validatorFailureOf(result: Pick<RunResult, 'status' | 'exitCode' | 'signal'>): string {
  const how: Record<RunStatus, string> = {
    [RunStatus.Exited]: `exited with code ${result.exitCode} (expected ${VALIDATOR_ACCEPT} or ${VALIDATOR_REJECT})`,
    [RunStatus.Signaled]: `was killed by ${result.signal}`,
    [RunStatus.CpuTimeLimit]: 'ran out of CPU time',
    [RunStatus.WallTimeLimit]: 'ran out of wall-clock time',
    [RunStatus.MemoryLimit]: 'ran out of memory',
    [RunStatus.OutputLimit]: 'wrote too much to stdout',
  };
  return how[result.status];
}
