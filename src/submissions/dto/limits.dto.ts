import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsPositive, Min } from 'class-validator';
import type { JudgeLimits } from '../../../libs/contracts/index.js';
import { MIN_WALL_TIME_MS, WALL_TIME_PER_CPU_TIME } from '../../../libs/judging/index.js';

/** Smallest memory limit accepted, KiB: below it the sandbox itself (launcher, bubblewrap) cannot start. */
export const MIN_MEMORY_KIB = 4096;

/**
 * Requested limits; each is optional (server default) and must be a positive integer
 * no greater than the server maximum (MAX_* variables), else 400 — never clamped.
 */
export class LimitsDto implements Partial<JudgeLimits> {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'CPU time per test of the whole process tree, ms. Default 2000, max MAX_CPU_TIME_MS (default 10000).',
    example: 1000,
  })
  @IsOptional()
  @IsInt()
  @IsPositive()
  cpuTimeMs?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: MIN_WALL_TIME_MS,
    description: `Wall-clock time per test, ms. At least ${MIN_WALL_TIME_MS} (the sandbox's own start takes a few ms). Default ${WALL_TIME_PER_CPU_TIME} × cpuTimeMs, at least ${MIN_WALL_TIME_MS} (capped at the max), max MAX_WALL_TIME_MS (default 30000).`,
    example: 3000,
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_WALL_TIME_MS)
  wallTimeMs?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: MIN_MEMORY_KIB,
    description: `Memory of the whole process tree, KiB. At least ${MIN_MEMORY_KIB} (the sandbox's own processes need about 2 MiB), default 262144 (256 MiB), max MAX_MEMORY_KIB (default 1048576).`,
    example: 262144,
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_MEMORY_KIB)
  memoryKiB?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'Standard output size, KiB. Default 16384, max MAX_OUTPUT_KIB (default 65536).',
    example: 1024,
  })
  @IsOptional()
  @IsInt()
  @IsPositive()
  outputKiB?: number;
}
