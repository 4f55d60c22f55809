import type { JudgeLimits } from '../../../libs/contracts/index.js';
import { RunStatus, SMALL_RUN_LIMITS, type Sandbox } from '../../../libs/sandbox/index.js';

/**
 * The speed benchmark: a fixed CPU-bound loop of the POSIX shell (dash on Debian), run in the
 * sandbox like a submission (same launcher, cgroup, pinned CPU), so it measures what judging
 * measures: CPU time of a single-threaded interpreter loop, sensitive to clock speed and caches.
 */
export const SPEED_BENCHMARK_ARGV = ['/bin/sh', '-c', 'i=0; while [ $i -lt 50000 ]; do i=$((i + 1)); done'];
/**
 * CPU time of SPEED_BENCHMARK_ARGV on the reference host, ms (median of bench/speed-factor.mjs on
 * the project's 2-core CI machine, Debian 12, dash 0.5.12, 2026-12-02). A host that needs half of
 * it has speed factor 2.
 */
export const SPEED_REFERENCE_CPU_MS = 87;
/** Most repetitions of the benchmark at start, and the most time they may take together, ms. */
const SPEED_REPEATS = 5;
const SPEED_BUDGET_MS = 1000;

/** A worker's measured speed (GET /workers), measured once at start. */
export interface WorkerSpeed {
  /** SPEED_REFERENCE_CPU_MS / this host's median benchmark CPU time (> 1: faster than the reference); null when the benchmark failed. */
  factor: number | null;
  /** Median CPU time of the benchmark here, ms; null when it failed. */
  benchmarkMs: number | null;
  /** JUDGE_SCALE_LIMITS_BY_SPEED: time limits are divided by `factor` (a slower host allows more time). */
  scalesLimits: boolean;
}

/**
 * Runs the speed benchmark in the sandbox (one slot, one box) up to SPEED_REPEATS times, stopping
 * once SPEED_BUDGET_MS have passed, and takes the median CPU time.
 * @returns `{ factor, benchmarkMs }`, both null when no repetition exited cleanly (never throws:
 *   a worker that cannot measure itself still judges, unscaled).
 */
export async function measureSpeed(sandbox: Pick<Sandbox, 'acquire'>): Promise<Pick<WorkerSpeed, 'factor' | 'benchmarkMs'>> {
  const times: number[] = [];
  try {
    const slot = await sandbox.acquire();
    try {
      const box = await slot.createBox();
      try {
        const started = Date.now();
        for (let i = 0; i < SPEED_REPEATS && Date.now() - started < SPEED_BUDGET_MS; i++) {
          const run = await slot.run({
            argv: SPEED_BENCHMARK_ARGV,
            box,
            boxWritable: false,
            limits: SMALL_RUN_LIMITS,
          });
          if (run.status === RunStatus.Exited && run.exitCode === 0) times.push(run.cpuTimeMs);
        }
      } finally {
        await box.destroy();
      }
    } finally {
      slot.release();
    }
  } catch {
    return { factor: null, benchmarkMs: null };
  }
  if (times.length === 0) return { factor: null, benchmarkMs: null };
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  return { factor: Math.round((SPEED_REFERENCE_CPU_MS / median) * 1000) / 1000, benchmarkMs: Math.round(median * 10) / 10 };
}

/** Bounds of the scale applied to time limits: a benchmark disturbed at start never makes limits absurd. */
const MIN_SCALE = 0.25;
const MAX_SCALE = 4;

/**
 * `limits` for this worker: unchanged unless it scales limits by speed, else the CPU and wall
 * time limits divided by its speed factor (clamped to ×0.25…×4), rounded up to whole ms, so a host
 * half as fast as the reference gives twice the time and judges alike.
 */
export function scaledLimits(limits: JudgeLimits, speed: WorkerSpeed): JudgeLimits {
  if (!speed.scalesLimits || !speed.factor) return limits;
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, 1 / speed.factor));
  return { ...limits, cpuTimeMs: Math.ceil(limits.cpuTimeMs * scale), wallTimeMs: Math.ceil(limits.wallTimeMs * scale) };
}
