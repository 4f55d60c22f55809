import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, MongooseHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { BacklogHealthIndicator } from './backlog.health.js';
import { RedisHealthIndicator } from './redis.health.js';

/** Time each dependency has to answer its ping, ms. */
const PING_TIMEOUT_MS = 1500;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongo: MongooseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly backlog: BacklogHealthIndicator,
  ) {}

  /** `GET /health/live`: 200 while this process serves requests; checks no dependency (a liveness probe must not restart the API because Redis is down). */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ description: '`{ status: "ok" }`' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * `GET /health/ready`: 200 when MongoDB and Redis answer a ping within 1.5 s, else 503 naming
   * the one down; also reports the workers alive and the queue backlog (`judging`), which do not
   * decide readiness: submissions are accepted and wait while no worker runs.
   */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: MongoDB and Redis reachable; workers and queue backlog reported' })
  @ApiServiceUnavailableResponse({ description: 'MongoDB or Redis is unavailable.' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.mongo.pingCheck('mongodb', { timeout: PING_TIMEOUT_MS }),
      () => this.redis.pingCheck('redis', PING_TIMEOUT_MS),
      () => this.backlog.check('judging'),
    ]);
  }

  /** `GET /health`: the same as `/health/ready` (kept for existing probes). */
  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness (same as /health/ready)' })
  @ApiServiceUnavailableResponse({ description: 'MongoDB or Redis is unavailable.' })
  check(): Promise<HealthCheckResult> {
    return this.ready();
  }
}
