import type { ConfigType } from '@nestjs/config';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { availableParallelism, tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BOX_BYTES, DEFAULT_BOX_INODES, DEFAULT_TMP_INODES } from '../../libs/sandbox/index.js';
import { defineConfig } from './define-config.js';
import { SWITCH, type Switch } from './switch.js';

/** The nearest directory above this file with a package.json (from src/ or dist/src/ alike). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** Environment variables of the worker's sandbox and compile stage. */
export class SandboxEnv {
  /**
   * Submissions judged at once by this worker (one sandbox slot each). Default: the number of
   * cores it may use. More is taken as that many: more measured runs than cores would make CPU
   * time depend on load (issue 12; DOMjudge runs one judgehost per core).
   */
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY: number = availableParallelism();

  /**
   * Pin each slot's runs to a CPU of its own (sched_setaffinity in the launcher; the run may not
   * change it), as DOMjudge pins each judgehost to a core, so two slots never share a core's caches
   * and timers. Off: runs float over the worker's CPUs.
   */
  @IsIn(SWITCH, { message: 'SANDBOX_PIN_CPUS must be true or false' })
  SANDBOX_PIN_CPUS: Switch = 'true';

  /**
   * Test runs through one resident sandbox per slot and box (docs/resident-sandbox.md): a static
   * fork server started once through the launcher and bubblewrap, which gives each run fresh PID,
   * IPC and mount namespaces, /tmp and /proc, so a run costs a fork and an exec instead of a
   * launcher and bubblewrap (and no cgroup move). Compile stages, validators and interactive runs
   * keep the per-run sandbox. cgroup v1 only (elsewhere test runs keep the per-run sandbox too).
   */
  @IsIn(SWITCH, { message: 'SANDBOX_RESIDENT must be true or false' })
  SANDBOX_RESIDENT: Switch = 'true';

  /**
   * Scale every time limit by the worker's speed factor, measured at start (src/judge/speed): a
   * host half as fast as the reference gives twice the time, so a fleet of unequal hosts judges
   * alike. Off by default: limits are as the problem states them.
   */
  @IsIn(SWITCH, { message: 'JUDGE_SCALE_LIMITS_BY_SPEED must be true or false' })
  JUDGE_SCALE_LIMITS_BY_SPEED: Switch = 'false';

  /**
   * How long a worker's lock on a job lasts without renewal, ms; also how often stalled jobs are
   * looked for. A worker that dies mid-judging has its submission judged again elsewhere after
   * at most about twice this.
   */
  @IsInt()
  @Min(1000)
  @Max(600_000)
  JOB_LOCK_MS: number = 30_000;

  /**
   * Total wall-clock time all test runs of one submission (or one verified package submission)
   * may take together, ms: a submission whose tests sleep cannot hold a slot for an hour. The test
   * on which it runs out is Time Limit Exceeded and judging stops there.
   */
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  SUBMISSION_WALL_BUDGET_MS: number = 600_000;

  /** bubblewrap binary. */
  @IsString()
  @Matches(/^\//, { message: 'SANDBOX_BWRAP_PATH must be an absolute path' })
  SANDBOX_BWRAP_PATH: string = '/usr/bin/bwrap';

  /** The compiled launcher (`npm run build` makes it). */
  @IsString()
  @Matches(/^\//, { message: 'SANDBOX_LAUNCHER_PATH must be an absolute path' })
  SANDBOX_LAUNCHER_PATH: string = join(projectRoot(), 'dist', 'native', 'verdict-launch');

  /** Host directory for boxes and stdin files. */
  @IsString()
  @Matches(/^\//, { message: 'SANDBOX_WORK_DIR must be an absolute path' })
  SANDBOX_WORK_DIR: string = join(tmpdir(), 'verdict-sandbox');

  /** First uid/gid of this worker's slots (slot i runs as SANDBOX_UID_BASE + i); must not be a real user's. */
  @IsInt()
  @Min(1000)
  @Max(4_000_000_000)
  SANDBOX_UID_BASE: number = 60100;

  /** Tasks (processes + threads) a run may have at once. */
  @IsInt()
  @Min(1)
  @Max(4096)
  RUN_PROCESS_LIMIT: number = 64;

  /** Size of a run's private /tmp, KiB (counted in its memory limit too). */
  @IsInt()
  @Min(64)
  @Max(4 * 1024 * 1024)
  RUN_TMP_KIB: number = 65536;

  /** Files and directories a run's /tmp may hold (inodes of its tmpfs; /dev/shm is the same tmpfs). */
  @IsInt()
  @Min(64)
  @Max(1_048_576)
  RUN_TMP_INODES: number = DEFAULT_TMP_INODES;

  /**
   * Size of every box, KiB: the tmpfs at /box holding the source and what the compiler made (so it
   * bounds a program's executable; test runs are charged its bytes in their memory limit), and a
   * custom output validator's feedback directory.
   */
  @IsInt()
  @Min(1024)
  @Max(16 * 1024 * 1024)
  SANDBOX_BOX_KIB: number = DEFAULT_BOX_BYTES / KiB;

  /** Files and directories a box may hold (inodes of its tmpfs). */
  @IsInt()
  @Min(64)
  @Max(1_048_576)
  SANDBOX_BOX_INODES: number = DEFAULT_BOX_INODES;

  /** CPU time limit of a compilation, ms. */
  @IsInt()
  @Min(100)
  @Max(300_000)
  COMPILE_CPU_TIME_MS: number = 20_000;

  /** Wall-clock limit of a compilation, ms. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  COMPILE_WALL_TIME_MS: number = 40_000;

  /** Memory limit of a compilation, KiB. */
  @IsInt()
  @Min(16 * KiB)
  @Max(16 * 1024 * 1024)
  COMPILE_MEMORY_KIB: number = 1024 * 1024;

  /** Bytes of compiler output kept for a Compilation Error. */
  @IsInt()
  @Min(256)
  @Max(1024 * 1024)
  COMPILE_OUTPUT_BYTES: number = 64 * KiB;

  /** CPU time limit of one run of a custom output validator, ms. */
  @IsInt()
  @Min(100)
  @Max(300_000)
  VALIDATOR_CPU_TIME_MS: number = 20_000;

  /** Wall-clock limit of one run of a custom output validator (not interactive), ms. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  VALIDATOR_WALL_TIME_MS: number = 40_000;

  /** Memory limit of a custom output validator, KiB. */
  @IsInt()
  @Min(16 * KiB)
  @Max(16 * 1024 * 1024)
  VALIDATOR_MEMORY_KIB: number = 1024 * 1024;

  /** Bytes of each test's stdout and stderr kept in its result. */
  @IsInt()
  @Min(0)
  @Max(1024 * 1024)
  OUTPUT_PREVIEW_BYTES: number = 4 * KiB;

  /**
   * Byte budget of the worker's test data cache (SANDBOX_WORK_DIR/testdata), bytes. Least
   * recently used files beyond it are deleted; a file in use by a judging never is (so the
   * cache can exceed the budget while large files are in use). Default: 8 GiB.
   */
  @IsInt()
  @Min(MiB)
  @Max(2 ** 50)
  WORKER_TEST_DATA_CACHE_BYTES: number = 8 * GiB;

  /**
   * Byte budget of the worker's compiled custom output validators (SANDBOX_WORK_DIR/validator-*),
   * bytes; evicted like the test data cache. Default: 2 GiB.
   */
  @IsInt()
  @Min(MiB)
  @Max(2 ** 50)
  WORKER_VALIDATOR_CACHE_BYTES: number = 2 * GiB;

  /**
   * Byte budget of the worker's compile cache (SANDBOX_WORK_DIR/compiled-*: what a submission's
   * compilation left in its box, or its Compilation Error, by language, toolchain, compile argv,
   * file name and source), bytes; evicted like the test data cache. 0 turns the cache off (every
   * submission is compiled). Default: 1 GiB.
   */
  @IsInt()
  @Min(0)
  @Max(2 ** 50)
  WORKER_COMPILE_CACHE_BYTES: number = 1 * GiB;
}

/** `sandbox` namespace, worker only. Sizes in bytes unless the name says KiB. */
export const sandboxConfig = defineConfig('sandbox', SandboxEnv, (env) => ({
  concurrency: Math.min(env.WORKER_CONCURRENCY, availableParallelism()),
  /** WORKER_CONCURRENCY as set (`concurrency` is it, capped at the worker's CPUs). */
  requestedConcurrency: env.WORKER_CONCURRENCY,
  pinCpus: env.SANDBOX_PIN_CPUS === 'true',
  resident: env.SANDBOX_RESIDENT === 'true',
  scaleLimitsBySpeed: env.JUDGE_SCALE_LIMITS_BY_SPEED === 'true',
  jobLockMs: env.JOB_LOCK_MS,
  submissionWallBudgetMs: env.SUBMISSION_WALL_BUDGET_MS,
  bwrapPath: env.SANDBOX_BWRAP_PATH,
  launcherPath: env.SANDBOX_LAUNCHER_PATH,
  workDir: env.SANDBOX_WORK_DIR,
  uidBase: env.SANDBOX_UID_BASE,
  runProcessLimit: env.RUN_PROCESS_LIMIT,
  runTmpBytes: env.RUN_TMP_KIB * KiB,
  runTmpInodes: env.RUN_TMP_INODES,
  boxBytes: env.SANDBOX_BOX_KIB * KiB,
  boxInodes: env.SANDBOX_BOX_INODES,
  compile: {
    cpuTimeMs: env.COMPILE_CPU_TIME_MS,
    wallTimeMs: env.COMPILE_WALL_TIME_MS,
    memoryKiB: env.COMPILE_MEMORY_KIB,
    outputBytes: env.COMPILE_OUTPUT_BYTES,
  },
  outputPreviewBytes: env.OUTPUT_PREVIEW_BYTES,
  validator: {
    cpuTimeMs: env.VALIDATOR_CPU_TIME_MS,
    wallTimeMs: env.VALIDATOR_WALL_TIME_MS,
    memoryKiB: env.VALIDATOR_MEMORY_KIB,
  },
  diskCache: {
    testDataBytes: env.WORKER_TEST_DATA_CACHE_BYTES,
    validatorBytes: env.WORKER_VALIDATOR_CACHE_BYTES,
    compiledBytes: env.WORKER_COMPILE_CACHE_BYTES,
  },
}));
export type SandboxConfig = ConfigType<typeof sandboxConfig>;
