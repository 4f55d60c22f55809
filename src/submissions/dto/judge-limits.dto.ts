import { ApiProperty } from '@nestjs/swagger';
import type { EffectiveLimits, JudgeLimits } from '../../../libs/contracts/index.js';
import { MIN_WALL_TIME_MS } from '../../../libs/judging/index.js';
import { MIN_MEMORY_KIB } from './limits.dto.js';

/** OpenAPI description of JudgeLimits (libs/contracts/limits.ts): the limits asked for, defaults filled in. */
export class JudgeLimitsDto implements JudgeLimits {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'CPU time per test case, ms.', example: 1000 })
  cpuTimeMs: number;

  @ApiProperty({ type: 'integer', minimum: MIN_WALL_TIME_MS, description: 'Wall-clock time per test case, ms.', example: 3000 })
  wallTimeMs: number;

  @ApiProperty({ type: 'integer', minimum: MIN_MEMORY_KIB, description: 'Memory of the whole process tree, KiB.', example: 262144 })
  memoryKiB: number;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Standard output (and any file written), KiB.', example: 16384 })
  outputKiB: number;
}

/** OpenAPI description of EffectiveLimits (libs/contracts/limits.ts): what the runs got after the language's multiplier. */
export class EffectiveLimitsDto implements EffectiveLimits {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: "CPU time per test case, ms: `limits.cpuTimeMs` × the language's time multiplier.",
    example: 2000,
  })
  cpuTimeMs: number;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'Wall-clock time per test case, ms: `limits.wallTimeMs` × the time multiplier.',
    example: 6000,
  })
  wallTimeMs: number;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: "Memory of the run's cgroup, KiB: `limits.memoryKiB` + the language's extra memory.",
    example: 262144,
  })
  memoryKiB: number;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Standard output, KiB: `limits.outputKiB`.', example: 16384 })
  outputKiB: number;
}
