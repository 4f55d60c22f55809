import type { JudgeLimits } from '../../../libs/contracts/index.js';
import { effectiveLimitsOf } from '../../../libs/judging/index.js';
import type { Box, RunRequest } from '../../../libs/sandbox/index.js';
import type { SandboxConfig } from '../../config/sandbox.config.js';
import type { CompiledProgram } from '../compiled-program.js';
import type { ResolvedLanguage } from '../languages/resolved-language.js';

/**
 * The sandbox request of a submission's run on one test case (without stdin): the language's
 * run argv in the compiled box (read-only), the effective limits (`effectiveLimitsOf`: time limits ×
 * the language's time multiplier, memory plus its extra memory for the runtime), the output limit as both the
 * stdout limit and the largest file, and the worker's process and /tmp limits.
 * `program` is what the compile found to run (the source's file name, Java's main class).
 */
export function submissionRunRequest(
  language: ResolvedLanguage,
  program: CompiledProgram,
  limits: JudgeLimits,
  box: Box,
  cfg: SandboxConfig,
): RunRequest {
  const def = language.definition;
  const effective = effectiveLimitsOf(def, limits);
  return {
    argv: language.runArgv(limits.memoryKiB, program),
    box,
    boxWritable: false,
    mounts: [...language.mounts],
    env: language.runEnv(limits.memoryKiB),
    limits: {
      cpuTimeMs: effective.cpuTimeMs,
      wallTimeMs: effective.wallTimeMs,
      memoryKiB: effective.memoryKiB,
      stdoutBytes: effective.outputKiB * 1024,
      // Enough stderr for a runtime's out-of-memory report, however small the preview.
      stderrBytes: Math.max(cfg.outputPreviewBytes, 64 * 1024),
      processes: cfg.runProcessLimit + (def.extraProcesses ?? 0),
      fileSizeBytes: effective.outputKiB * 1024,
      openFiles: 256,
      tmpBytes: cfg.runTmpBytes,
    },
  };
}
