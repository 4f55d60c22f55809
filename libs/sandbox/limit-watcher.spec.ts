import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LimitWatcher } from './limit-watcher.js';
import { RunStatus } from './run-result.js';

// Pure: fake timers and a fake CPU counter, no cgroup, no root.
const MS = 1_000_000n;

describe('LimitWatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A watcher over a CPU counter that grows by `rate` ns per ns of (fake) wall time. */
  function watch(opts: { wallTimeMs: number; cpuTimeMs: number; parallelism: number; rate: number }) {
    const reads: number[] = [];
    const limits: RunStatus[] = [];
    const t0 = Date.now();
    const watcher = new LimitWatcher({
      wallTimeMs: opts.wallTimeMs,
      cpuTimeLimitNs: BigInt(opts.cpuTimeMs) * MS,
      parallelism: opts.parallelism,
      readCpuTimeNs: () => {
        const elapsed = Date.now() - t0;
        reads.push(elapsed);
        return BigInt(Math.round(elapsed * opts.rate)) * MS;
      },
      onLimit: (limit) => limits.push(limit),
    });
    watcher.start();
    return { watcher, reads, limits };
  }

  it('ends a sleeper at the wall limit, reading the CPU counter only when the limit could have been passed', () => {
    const { reads, limits } = watch({ wallTimeMs: 3000, cpuTimeMs: 1000, parallelism: 2, rate: 0 });
    vi.advanceTimersByTime(2999);
    expect(limits).toEqual([]);
    // Nothing used: each read is a full `limit / parallelism` after the last one.
    expect(reads).toEqual([500, 1000, 1500, 2000, 2500]);
    vi.advanceTimersByTime(1);
    expect(limits).toEqual([RunStatus.WallTimeLimit]);
    vi.advanceTimersByTime(10_000);
    expect(limits).toEqual([RunStatus.WallTimeLimit]);
    expect(reads).toHaveLength(5);
  });

  it('ends a busy program once its CPU time is above the limit, scheduling each read for the earliest moment', () => {
    // One busy thread on a 2-CPU host: 1 ms of CPU per ms, but it could have been 2.
    const { reads, limits } = watch({ wallTimeMs: 10_000, cpuTimeMs: 1000, parallelism: 2, rate: 1 });
    vi.advanceTimersByTime(5000);
    expect(limits).toEqual([RunStatus.CpuTimeLimit]);
    // 500 (500 used, 500 left: 250 more), 750, 875, … never closer than 5 ms; the first read above 1000 ends it.
    expect(reads.slice(0, 3)).toEqual([500, 750, 875]);
    expect(reads.at(-1)).toBeGreaterThan(1000);
    expect(reads.at(-1)).toBeLessThanOrEqual(1005);
    for (let i = 1; i < reads.length; i++) expect(reads[i]! - reads[i - 1]!).toBeGreaterThanOrEqual(5);
  });

  it('counts exactly the limit as not passed', () => {
    let used = 1000n * MS;
    const limits: RunStatus[] = [];
    const watcher = new LimitWatcher({
      wallTimeMs: 60_000,
      cpuTimeLimitNs: 1000n * MS,
      parallelism: 1,
      readCpuTimeNs: () => used,
      onLimit: (l) => limits.push(l),
    });
    watcher.start();
    vi.advanceTimersByTime(1000);
    expect(limits).toEqual([]);
    used += 1n;
    vi.advanceTimersByTime(5);
    expect(limits).toEqual([RunStatus.CpuTimeLimit]);
  });

  it('stops reading the CPU counter after it fails, and still ends the run at the wall limit', () => {
    const read = vi.fn(() => {
      throw new Error('ENOENT');
    });
    const limits: RunStatus[] = [];
    new LimitWatcher({
      wallTimeMs: 2000,
      cpuTimeLimitNs: 100n * MS,
      parallelism: 1,
      readCpuTimeNs: read,
      onLimit: (l) => limits.push(l),
    }).start();
    vi.advanceTimersByTime(1999);
    expect(read).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(limits).toEqual([RunStatus.WallTimeLimit]);
  });

  it('fires nothing after stop()', () => {
    const { watcher, limits, reads } = watch({ wallTimeMs: 100, cpuTimeMs: 50, parallelism: 1, rate: 10 });
    watcher.stop();
    vi.advanceTimersByTime(1000);
    expect(limits).toEqual([]);
    expect(reads).toEqual([]);
  });
});
