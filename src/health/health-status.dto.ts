import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One dependency's state in a health check (Terminus' HealthIndicatorResult entry). */
export class DependencyStateDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status: 'up' | 'down';

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'How long its ping took, ms.' })
  responseTime?: number;

  @ApiPropertyOptional({ description: 'Why it is down.' })
  message?: string;
}

/** `GET /health` when MongoDB and Redis both answer (Terminus' HealthCheckResult). */
export class HealthStatusDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/DependencyStateDto' },
    description: 'The dependencies that are up, by name (`mongodb`, `redis`).',
  })
  info: Record<string, DependencyStateDto>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/DependencyStateDto' },
    description: 'Empty when healthy.',
  })
  error: Record<string, DependencyStateDto>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/DependencyStateDto' },
    description: 'Every dependency, by name.',
  })
  details: Record<string, DependencyStateDto>;
}
