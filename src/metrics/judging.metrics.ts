import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import type { Verdict } from '../../libs/contracts/index.js';
import { METRIC_PREFIX, MetricsRegistry } from './metrics.registry.js';

/** Buckets of a whole judging's duration, seconds. */
const JUDGE_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
/** Buckets of one test run's time, seconds. */
const TEST_SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The worker's judging metrics (names under METRIC_PREFIX):
 * - `submissions_judged_total{language,verdict}`: final verdicts stored;
 * - `judge_duration_seconds{language}`: from taking the job to the verdict stored;
 * - `test_cpu_seconds`, `test_wall_seconds`: each test run (submissions and package verification);
 * - `sandbox_failures_total{kind}`: judgings ended as Internal Error by the sandbox or missing test data;
 * - `test_data_cache_total{result}`: test data files a judging found in the worker's cache (`hit`) or fetched (`miss`);
 * - `compile_cache_total{result}`: compiles found in the worker's compile cache (`hit`: no compiler ran) or run (`miss`).
 */
@Injectable()
export class JudgingMetrics {
  private readonly judged: Counter<'language' | 'verdict'>;
  private readonly judgeSeconds: Histogram<'language'>;
  private readonly testCpu: Histogram;
  private readonly testWall: Histogram;
  private readonly failures: Counter<'kind'>;
  private readonly cache: Counter<'result'>;
  private readonly compiles: Counter<'result'>;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    this.judged = new Counter({
      name: `${METRIC_PREFIX}submissions_judged_total`,
      help: 'Final verdicts stored, by language and verdict.',
      labelNames: ['language', 'verdict'],
      registers,
    });
    this.judgeSeconds = new Histogram({
      name: `${METRIC_PREFIX}judge_duration_seconds`,
      help: 'Time from a worker taking a submission to its verdict stored, seconds.',
      labelNames: ['language'],
      buckets: JUDGE_SECONDS,
      registers,
    });
    this.testCpu = new Histogram({
      name: `${METRIC_PREFIX}test_cpu_seconds`,
      help: 'CPU time of each test run, seconds.',
      buckets: TEST_SECONDS,
      registers,
    });
    this.testWall = new Histogram({
      name: `${METRIC_PREFIX}test_wall_seconds`,
      help: 'Wall-clock time of each test run, seconds.',
      buckets: TEST_SECONDS,
      registers,
    });
    this.failures = new Counter({
      name: `${METRIC_PREFIX}sandbox_failures_total`,
      help: 'Judgings ended as Internal Error by a sandbox failure or missing test data.',
      labelNames: ['kind'],
      registers,
    });
    this.cache = new Counter({
      name: `${METRIC_PREFIX}test_data_cache_total`,
      help: "Test data files found in the worker's cache (hit) or fetched from the store (miss).",
      labelNames: ['result'],
      registers,
    });
    this.compiles = new Counter({
      name: `${METRIC_PREFIX}compile_cache_total`,
      help: "Compiles found in the worker's compile cache (hit: no compiler ran) or run by the compiler (miss).",
      labelNames: ['result'],
      registers,
    });
  }

  /** A final verdict stored after `seconds` of judging. */
  submissionJudged(language: string, verdict: Verdict, seconds: number): void {
    this.judged.inc({ language, verdict });
    this.judgeSeconds.observe({ language }, seconds);
  }

  /** One test run's times, ms. */
  testRun(cpuTimeMs: number, wallTimeMs: number): void {
    this.testCpu.observe(cpuTimeMs / 1000);
    this.testWall.observe(wallTimeMs / 1000);
  }

  /** A judging ended by a fault of ours (`sandbox failure`, `test data missing`). */
  judgingFault(kind: string): void {
    this.failures.inc({ kind });
  }

  /** Test data files of one judging: found in the cache, fetched. */
  testData(hits: number, misses: number): void {
    if (hits > 0) this.cache.inc({ result: 'hit' }, hits);
    if (misses > 0) this.cache.inc({ result: 'miss' }, misses);
  }

  /** One compile of a judging: found in the compile cache (`hit`) or compiled (`miss`). */
  compileCache(result: 'hit' | 'miss'): void {
    this.compiles.inc({ result });
  }
}
