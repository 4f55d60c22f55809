import type { RunRequest } from '../../../libs/sandbox/index.js';
import type { SandboxConfig } from '../../config/sandbox.config.js';
import type { ResolvedLanguage } from '../languages/resolved-language.js';

/** Most bytes a validator may write to stdout, and to any one file. */
const VALIDATOR_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * The limits of one validator run (output validator, interactor, input validator): the worker's
 * SANDBOX_VALIDATOR_* CPU time and memory (KiB) plus the language's runtime headroom, `wallTimeMs`,
 * 64 MiB of stdout and per file, 64 KiB of stderr, the run process limit plus the runtime's.
 */
export function validatorRunLimits(language: ResolvedLanguage, cfg: SandboxConfig, wallTimeMs: number): RunRequest['limits'] {
  return {
    cpuTimeMs: cfg.validator.cpuTimeMs,
    wallTimeMs,
    memoryKiB: cfg.validator.memoryKiB + language.definition.extraMemoryKiB,
    stdoutBytes: VALIDATOR_OUTPUT_BYTES,
    stderrBytes: 64 * 1024,
    processes: cfg.runProcessLimit + (language.definition.extraProcesses ?? 0),
    fileSizeBytes: VALIDATOR_OUTPUT_BYTES,
    openFiles: 256,
    tmpBytes: cfg.runTmpBytes,
  };
}
