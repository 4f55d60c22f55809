import { RunStatus, type Box, type RunRequest, type RunResult, type SandboxSlot, type StdinSource } from '../../../libs/sandbox/index.js';
import { validatorRunLimits } from './validator-limits.js';
import type { SandboxConfig } from '../../config/sandbox.config.js';
import { VALIDATOR_ACCEPT, VALIDATOR_REJECT, validatorFailureOf } from './validator-failure.js';
import { rebaseToValidator, VALIDATOR_MOUNT, type ValidatorBuild } from './validator-builds.service.js';

/** Most bytes of an input validator's stderr kept for the report. */
export const INPUT_VALIDATOR_STDERR_BYTES = 2048;

/**
 * An input validator's decision on one test input (problem package format 2025-09, "Input
 * Validators", "Reporting Validation Results"): exit 42 the input is `valid`, exit 43 `invalid`;
 * anything else (another exit code, a signal, a limit) is `failed`: the validator failed to
 * operate properly, the package's fault, which the format says must be told apart from a rejection.
 */
export interface InputValidatorDecision {
  outcome: 'valid' | 'invalid' | 'failed';
  /** For `failed`: how (`exited with code 1 (expected 42 or 43)`, `was killed by SIGSEGV`, ...); else null. */
  failure: string | null;
  /** Its stderr, at most INPUT_VALIDATOR_STDERR_BYTES, trimmed; empty when it wrote none. */
  stderr: string;
}

/** The decision an input validator's run comes to (see InputValidatorDecision). */
export function inputValidatorDecision(result: Pick<RunResult, 'status' | 'exitCode' | 'signal' | 'stderr'>): InputValidatorDecision {
  const stderr = result.stderr.subarray(0, INPUT_VALIDATOR_STDERR_BYTES).toString('utf8').trim();
  if (result.status === RunStatus.Exited && result.exitCode === VALIDATOR_ACCEPT) return { outcome: 'valid', failure: null, stderr };
  if (result.status === RunStatus.Exited && result.exitCode === VALIDATOR_REJECT) return { outcome: 'invalid', failure: null, stderr };
  return { outcome: 'failed', failure: validatorFailureOf(result), stderr };
}

/** What one input validator run needs. */
export interface InputValidatorTest {
  slot: SandboxSlot;
  build: ValidatorBuild;
  cfg: SandboxConfig;
  /** A read-only box for its run (nothing it could write survives; its /tmp is the run's own). */
  box: Box;
  /** The test input (the test data cache's file). */
  input: StdinSource;
  /** Its arguments: the group's `input_validator_args` for it. */
  args: string[];
}

/**
 * The input validator's run request: `validator [args] < input` in its build directory (mounted
 * read-only at VALIDATOR_MOUNT), under the limits of a custom output validator's run
 * (SANDBOX_VALIDATOR_CPU_MS, _WALL_MS, _MEMORY_KIB; bounded stdout and stderr).
 */
export function inputValidatorRequest(t: InputValidatorTest): RunRequest {
  const { language } = t.build;
  const memoryKiB = t.cfg.validator.memoryKiB;
  const argv = rebaseToValidator(language.runArgv(memoryKiB, t.build.program));
  return {
    // Fixed shell text; the validator's argv follows as positional parameters.
    argv: ['/bin/sh', '-c', `cd ${VALIDATOR_MOUNT} && exec "$@"`, 'input-validator', ...argv, ...t.args],
    box: t.box,
    boxWritable: false,
    mounts: [...language.mounts, { hostPath: t.build.dir, sandboxPath: VALIDATOR_MOUNT }],
    env: language.runEnv(memoryKiB),
    stdin: t.input,
    limits: validatorRunLimits(language, t.cfg, t.cfg.validator.wallTimeMs),
  };
}

/**
 * Runs an input validator on one test input in the sandbox (never on the host).
 * @throws SandboxRunError when the sandbox fails.
 */
export async function runInputValidator(t: InputValidatorTest): Promise<InputValidatorDecision> {
  return inputValidatorDecision(await t.slot.run(inputValidatorRequest(t)));
}
