import { ApiProperty } from '@nestjs/swagger';
import type { JudgeLimits } from '../../../libs/contracts/index.js';

/** OpenAPI description of JudgeLimits (libs/contracts/limits.ts): the limits applied, defaults filled in. */
export class JudgeLimitsDto implements JudgeLimits {
  @ApiProperty({ description: 'ms' })
  cpuTimeMs: number;

  @ApiProperty({ description: 'ms' })
  wallTimeMs: number;

  @ApiProperty({ description: 'KiB' })
  memoryKiB: number;

  @ApiProperty({ description: 'KiB' })
  outputKiB: number;
}
