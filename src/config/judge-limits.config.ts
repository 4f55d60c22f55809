import { IsInt, Max, Min } from 'class-validator';
import type { JudgeLimits } from '../../libs/contracts/index.js';
import { MIN_WALL_TIME_MS } from '../../libs/judging/index.js';
import { defineConfig } from './define-config.js';
import { NotGreaterThan } from './not-greater-than.decorator.js';

const MiB = 1024 * 1024;

/**
 * Server-side bounds of a submission. Requests above a maximum are refused with 400, never clamped.
 * Each DEFAULT_* must not be greater than its MAX_*.
 */
export class JudgeLimitsEnv {
  /** Largest source code, UTF-8 bytes. */
  @IsInt()
  @Min(1)
  @Max(16 * MiB)
  MAX_SOURCE_BYTES: number = 65536;

  /** Most test cases in one submission. */
  @IsInt()
  @Min(1)
  @Max(10000)
  MAX_TEST_CASES: number = 100;

  /** Largest single test input or expected output, UTF-8 bytes. */
  @IsInt()
  @Min(1)
  @Max(1024 * MiB)
  MAX_TEST_DATA_BYTES: number = 8 * MiB;

  /** CPU time limit when the request gives none, ms. */
  @IsInt()
  @Min(1)
  @NotGreaterThan('MAX_CPU_TIME_MS')
  DEFAULT_CPU_TIME_MS: number = 2000;

  @IsInt()
  @Min(1)
  MAX_CPU_TIME_MS: number = 10000;

  /** Wall-clock limit when the request gives none, ms; 0 means the rule of `defaultWallTimeMs` (libs/judging: 3 × the CPU time limit, capped at MAX_WALL_TIME_MS). */
  @IsInt()
  @Min(0)
  @NotGreaterThan('MAX_WALL_TIME_MS')
  DEFAULT_WALL_TIME_MS: number = 0;

  @IsInt()
  @Min(MIN_WALL_TIME_MS)
  MAX_WALL_TIME_MS: number = 30000;

  /** Memory limit when the request gives none, KiB. */
  @IsInt()
  @Min(1)
  @NotGreaterThan('MAX_MEMORY_KIB')
  DEFAULT_MEMORY_KIB: number = 262144;

  @IsInt()
  @Min(1)
  MAX_MEMORY_KIB: number = 1048576;

  /** Output (stdout) limit when the request gives none, KiB. */
  @IsInt()
  @Min(1)
  @NotGreaterThan('MAX_OUTPUT_KIB')
  DEFAULT_OUTPUT_KIB: number = 16384;

  @IsInt()
  @Min(1)
  MAX_OUTPUT_KIB: number = 65536;
}

/** The variable setting each limit's maximum, for messages that tell an operator what to raise. */
export const MAX_LIMIT_VARIABLES: Readonly<Record<keyof JudgeLimits, keyof JudgeLimitsEnv>> = {
  cpuTimeMs: 'MAX_CPU_TIME_MS',
  wallTimeMs: 'MAX_WALL_TIME_MS',
  memoryKiB: 'MAX_MEMORY_KIB',
  outputKiB: 'MAX_OUTPUT_KIB',
};

/** Typed value of the `judgeLimits` namespace (LimitBounds of src/common/judge-limits.ts plus the size bounds). */
export interface JudgeLimitsSettings {
  maxSourceBytes: number;
  maxTestCases: number;
  /** Per test input and per expected output, UTF-8 bytes. */
  maxTestDataBytes: number;
  /** Limits used for fields the request leaves out; `wallTimeMs` 0 means the rule of `defaultWallTimeMs` (libs/judging). */
  defaults: JudgeLimits;
  /** Largest value a request may give for each limit. */
  maxima: JudgeLimits;
}

/** `judgeLimits` namespace. */
export const judgeLimitsConfig = defineConfig('judgeLimits', JudgeLimitsEnv, (env): JudgeLimitsSettings => ({
  maxSourceBytes: env.MAX_SOURCE_BYTES,
  maxTestCases: env.MAX_TEST_CASES,
  maxTestDataBytes: env.MAX_TEST_DATA_BYTES,
  defaults: {
    cpuTimeMs: env.DEFAULT_CPU_TIME_MS,
    wallTimeMs: env.DEFAULT_WALL_TIME_MS,
    memoryKiB: env.DEFAULT_MEMORY_KIB,
    outputKiB: env.DEFAULT_OUTPUT_KIB,
  },
  maxima: {
    cpuTimeMs: env.MAX_CPU_TIME_MS,
    wallTimeMs: env.MAX_WALL_TIME_MS,
    memoryKiB: env.MAX_MEMORY_KIB,
    outputKiB: env.MAX_OUTPUT_KIB,
  },
}));
