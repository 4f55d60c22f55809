import { describe, expect, it } from 'vitest';
import { RunStatus, type Box, type RunResult, type SandboxSlot } from '../../../libs/sandbox/index.js';
import { INPUT_VALIDATOR_STDERR_BYTES, inputValidatorDecision, inputValidatorRequest } from './input-validator.runner.js';
import type { ValidatorBuild } from './validator-builds.service.js';
import type { SandboxConfig } from '../../config/sandbox.config.js';

const run = (over: Partial<RunResult>): Pick<RunResult, 'status' | 'exitCode' | 'signal' | 'stderr'> => ({
  status: RunStatus.Exited,
  exitCode: 0,
  signal: null,
  stderr: Buffer.alloc(0),
  ...over,
});

describe('inputValidatorDecision (problem package format: 42 valid, 43 invalid, anything else failed to operate)', () => {
  it('exit 42 is valid, exit 43 invalid, with the stderr kept', () => {
    expect(inputValidatorDecision(run({ exitCode: 42 }))).toEqual({ outcome: 'valid', failure: null, stderr: '' });
    expect(inputValidatorDecision(run({ exitCode: 43, stderr: Buffer.from('n = 0 < 1\n') }))).toEqual({
      outcome: 'invalid',
      failure: null,
      stderr: 'n = 0 < 1',
    });
  });

  it('any other exit, a signal or a limit is a failure to operate, said how', () => {
    expect(inputValidatorDecision(run({ exitCode: 0 })).failure).toBe('exited with code 0 (expected 42 or 43)');
    expect(inputValidatorDecision(run({ exitCode: 1, stderr: Buffer.from('Traceback') }))).toEqual({
      outcome: 'failed',
      failure: 'exited with code 1 (expected 42 or 43)',
      stderr: 'Traceback',
    });
    expect(inputValidatorDecision(run({ status: RunStatus.Signaled, exitCode: null, signal: 'SIGSEGV' })).failure).toBe(
      'was killed by SIGSEGV',
    );
    expect(inputValidatorDecision(run({ status: RunStatus.CpuTimeLimit, exitCode: 42 })).outcome).toBe('failed');
    expect(inputValidatorDecision(run({ status: RunStatus.WallTimeLimit })).failure).toBe('ran out of wall-clock time');
    expect(inputValidatorDecision(run({ status: RunStatus.MemoryLimit })).failure).toBe('ran out of memory');
    expect(inputValidatorDecision(run({ status: RunStatus.OutputLimit, exitCode: 43 })).failure).toBe('wrote too much to stdout');
  });

  it('keeps at most INPUT_VALIDATOR_STDERR_BYTES of stderr', () => {
    const decision = inputValidatorDecision(run({ exitCode: 43, stderr: Buffer.from('x'.repeat(10_000)) }));
    expect(decision.stderr).toHaveLength(INPUT_VALIDATOR_STDERR_BYTES);
  });
});

describe('inputValidatorRequest', () => {
  const build = {
    dir: '/work/validator-abc',
    language: {
      runArgv: () => ['/usr/bin/python3', '/box/main.py'],
      runEnv: () => undefined,
      mounts: [],
      definition: { extraMemoryKiB: 1024 },
    },
    program: { sourceFile: 'main.py', mainClass: null },
  } as unknown as ValidatorBuild;
  const cfg = {
    validator: { cpuTimeMs: 5000, wallTimeMs: 15000, memoryKiB: 262144 },
    runProcessLimit: 16,
    runTmpBytes: 1 << 20,
  } as unknown as SandboxConfig;

  it("runs `validator [args] < input` from its read-only build, under the output validators' limits", () => {
    const request = inputValidatorRequest({
      slot: {} as SandboxSlot,
      build,
      cfg,
      box: {} as Box,
      input: { file: '/cache/ab/data' },
      args: ['--max', '10'],
    });
    expect(request.argv).toEqual([
      '/bin/sh',
      '-c',
      'cd /validator && exec "$@"',
      'input-validator',
      '/usr/bin/python3',
      '/validator/main.py',
      '--max',
      '10',
    ]);
    expect(request.stdin).toEqual({ file: '/cache/ab/data' });
    expect(request.boxWritable).toBe(false);
    expect(request.mounts).toEqual([{ hostPath: '/work/validator-abc', sandboxPath: '/validator' }]);
    expect(request.limits).toMatchObject({ cpuTimeMs: 5000, wallTimeMs: 15000, memoryKiB: 262144 + 1024, stderrBytes: 64 * 1024 });
  });
});
