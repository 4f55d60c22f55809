import { RunStatus, type Box, type ReadOnlyMount, type RunResult, type SandboxSlot } from '../../libs/sandbox/index.js';
import type { SandboxConfig } from '../config/sandbox.config.js';
import { findProgram, type CompiledProgram } from './compiled-program.js';
import type { ResolvedLanguage } from './languages/resolved-language.js';

/** Changes to a language's compile step: another argv (a wrapper), environment or extra mounts. */
export interface CompileOverrides {
  argv?: string[];
  env?: Record<string, string>;
  mounts?: ReadOnlyMount[];
}

/**
 * Outcome of compiling: ok, or the (bounded) compiler output / reason for a Compilation Error.
 * `repeatable` (failures only): the compiler itself refused the source (it exited with a non-zero
 * code, or left no program), so compiling the same source again gives the same error; false when
 * a compile limit or a signal ended it, which the machine's load can decide (the wall-time limit).
 */
export type CompileOutcome = { ok: true; program: CompiledProgram } | { ok: false; message: string; repeatable: boolean };

/** A compiler's run in the sandbox: ok (exit 0), or the Compilation Error (see `CompileOutcome`). */
export type CompilerRun = { ok: true } | { ok: false; message: string; repeatable: boolean };

/**
 * Runs compiler `argv` in `box` (writable, its working directory) in the sandbox with the compile
 * limits and the language's mounts, environment and process limit (overridable). A compiler that
 * fails, runs out of time or memory, or floods its output is a Compilation Error; the message is
 * its stdout and stderr, cut at `cfg.compile.outputBytes`.
 * @throws SandboxRunError when the sandbox itself fails.
 */
export async function runCompiler(
  slot: SandboxSlot,
  box: Box,
  language: ResolvedLanguage,
  argv: string[],
  cfg: SandboxConfig,
  overrides: Omit<CompileOverrides, 'argv'> = {},
): Promise<CompilerRun> {
  const limits = cfg.compile;
  const result = await slot.run({
    argv,
    box,
    boxWritable: true,
    mounts: [...language.mounts, ...(overrides.mounts ?? [])],
    env: overrides.env ?? language.definition.compileEnv,
    limits: {
      cpuTimeMs: limits.cpuTimeMs,
      wallTimeMs: limits.wallTimeMs,
      memoryKiB: limits.memoryKiB,
      stdoutBytes: limits.outputBytes,
      stderrBytes: limits.outputBytes,
      processes: language.definition.compileProcesses ?? 32,
      fileSizeBytes: 256 * 1024 * 1024,
      openFiles: 512,
      tmpBytes: 512 * 1024 * 1024,
    },
  });
  if (result.status === RunStatus.Exited && result.exitCode === 0) return { ok: true };
  return { ok: false, message: compileFailureMessage(result, cfg), repeatable: result.status === RunStatus.Exited };
}

/**
 * Compiles (or syntax-checks) the source already written in `box` as `sourceFile` (`runCompiler`
 * with the language's compile argv, or `overrides.argv`). So is a compile that succeeds without
 * leaving the language's program (`findProgram`) a Compilation Error.
 * @returns the program the runs start (its source file name, Java's main class), or the message.
 * @throws SandboxRunError when the sandbox itself fails.
 */
export async function compileInSandbox(
  slot: SandboxSlot,
  box: Box,
  language: ResolvedLanguage,
  sourceFile: string,
  cfg: SandboxConfig,
  overrides: CompileOverrides = {},
): Promise<CompileOutcome> {
  const languageArgv = language.compileArgv(sourceFile);
  if (!languageArgv) return { ok: true, program: { sourceFile, mainClass: null } };
  const ran = await runCompiler(slot, box, language, overrides.argv ?? languageArgv, cfg, overrides);
  if (!ran.ok) return ran;
  // A compile that succeeds without leaving a program to run (a library crate, a Go package
  // that is not main) is the source's fault: a Compilation Error, never a failed run.
  const target = language.definition.program;
  if (!target) return { ok: true, program: { sourceFile, mainClass: null } };
  const found = await findProgram(box.hostPath, target, sourceFile);
  return 'problem' in found
    ? { ok: false, message: found.problem, repeatable: true }
    : { ok: true, program: { sourceFile, mainClass: found.mainClass } };
}

function compileFailureMessage(result: RunResult, cfg: SandboxConfig): string {
  const output = Buffer.concat([result.stdout, result.stderr]).subarray(0, cfg.compile.outputBytes).toString('utf8');
  const reason: Partial<Record<RunStatus, string>> = {
    [RunStatus.CpuTimeLimit]: `compilation used more than ${cfg.compile.cpuTimeMs} ms of CPU time`,
    [RunStatus.WallTimeLimit]: `compilation took longer than ${cfg.compile.wallTimeMs} ms`,
    [RunStatus.MemoryLimit]: `compilation used more than ${cfg.compile.memoryKiB} KiB of memory`,
    [RunStatus.OutputLimit]: `the compiler wrote more than ${cfg.compile.outputBytes} bytes of output`,
    [RunStatus.Signaled]: `the compiler was killed by ${result.signal}`,
  };
  const why = reason[result.status];
  return why ? `${why}\n${output}`.trimEnd() : output.trimEnd() || `the compiler exited with code ${result.exitCode}`;
}
