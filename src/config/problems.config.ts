import type { ConfigType } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { defineConfig } from './define-config.js';

const MiB = 1024 * 1024;

/** Bounds of problems and of problem package uploads (`POST /problems/import`). */
export class ProblemsEnv {
  /** Largest problem package zip accepted, bytes (larger uploads get 413). */
  @IsInt()
  @Min(1024)
  @Max(16 * 1024 * MiB)
  PROBLEM_PACKAGE_MAX_BYTES: number = 512 * MiB;

  /** Largest total uncompressed size of a package's entries, bytes. */
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * MiB)
  PROBLEM_PACKAGE_MAX_UNCOMPRESSED_BYTES: number = 2048 * MiB;

  /** Most entries (files and directories) in a package zip. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  PROBLEM_PACKAGE_MAX_ENTRIES: number = 20000;

  /**
   * Largest compression ratio (uncompressed : compressed) of an entry over 1 MiB; a higher one is
   * refused as a likely zip bomb. Raise it for legitimately repetitive test data.
   */
  @IsInt()
  @Min(2)
  @Max(100_000)
  PROBLEM_PACKAGE_MAX_RATIO: number = 1000;

  /** Most test cases in one problem. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  MAX_PROBLEM_TEST_CASES: number = 2000;
}

/** `problems` namespace; sizes in bytes. */
export const problemsConfig = defineConfig('problems', ProblemsEnv, (env) => ({
  packageMaxBytes: env.PROBLEM_PACKAGE_MAX_BYTES,
  packageMaxUncompressedBytes: env.PROBLEM_PACKAGE_MAX_UNCOMPRESSED_BYTES,
  packageMaxEntries: env.PROBLEM_PACKAGE_MAX_ENTRIES,
  packageMaxRatio: env.PROBLEM_PACKAGE_MAX_RATIO,
  maxTestCases: env.MAX_PROBLEM_TEST_CASES,
}));
export type ProblemsConfig = ConfigType<typeof problemsConfig>;
