import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The workers alive in `judging`, by state (their heartbeats, as `GET /workers` lists them). */
export class WorkerCountsDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  alive: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  ready: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  starting: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  draining: number;
}

/** One dependency's state in a health check (Terminus' HealthIndicatorResult entry). */
export class DependencyStateDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status: 'up' | 'down';

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'How long its ping took, ms.' })
  responseTime?: number;

  @ApiPropertyOptional({ description: 'Why it is down.' })
  message?: string;

  @ApiPropertyOptional({ type: () => WorkerCountsDto, description: '`judging` only: the workers alive now, by state.' })
  workers?: WorkerCountsDto;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: '`judging` only: jobs no worker has taken yet.' })
  waiting?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: '`judging` only: jobs a worker holds now.' })
  active?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    nullable: true,
    description: '`judging` only: age of the oldest job no worker has taken, ms; null when none waits.',
  })
  oldestWaitingMs?: number | null;
}

/** `GET /health/live`. */
export class LiveStatusDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}

/** `GET /health` when MongoDB and Redis both answer (Terminus' HealthCheckResult). */
export class HealthStatusDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/DependencyStateDto' },
    description: 'The dependencies that are up, by name (`mongodb`, `redis`, and `judging`: workers and queue backlog).',
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
