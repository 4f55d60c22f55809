import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, MongooseHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { ApiErrorResponse } from '../common/api-error-response.decorator.js';
import { BacklogHealthIndicator } from './backlog.health.js';
import { DependencyStateDto, HealthStatusDto, LiveStatusDto } from './health-status.dto.js';
import { RedisHealthIndicator } from './redis.health.js';
import { Public } from '../auth/public.decorator.js';

/** Time each dependency has to answer its ping, ms. */
const PING_TIMEOUT_MS = 1500;

/** A failed check's 503 message naming each dependency down, e.g. `redis is down (timeout of 1500ms exceeded)`. */
function downMessage(result: HealthCheckResult): string {
  const down = Object.entries(result.error ?? {}).map(([name, state]) => {
    const reason = typeof state?.message === 'string' && state.message ? ` (${state.message})` : '';
    return `${name} is down${reason}`;
  });
  return down.length > 0 ? down.join('; ') : 'health check failed';
}

@ApiTags('health')
@ApiExtraModels(DependencyStateDto)
@Public()
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
  @ApiOperation({ summary: 'Liveness: the process answers', description: 'Checks no dependency.' })
  @ApiOkResponse({ type: LiveStatusDto })
  live(): LiveStatusDto {
    return { status: 'ok' };
  }

  /**
   * `GET /health/ready`: 200 when MongoDB and Redis answer a ping within 1.5 s, else 503 in the
   * API's error shape, its message naming the one down (`redis is down (...)`); also reports the
   * workers alive and the queue backlog (`judging`), which do not decide readiness: submissions are
   * accepted and wait while no worker runs.
   */
  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Readiness: MongoDB and Redis answer; workers and queue backlog reported',
    description: '`info.judging` has the workers alive by state and the queue backlog; no worker does not make it fail.',
  })
  @ApiOkResponse({ type: HealthStatusDto })
  @ApiErrorResponse(503, 'MongoDB or Redis does not answer within 1.5 s; `message` names it.')
  @ApiErrorResponse(500, 'A bug; it has been logged.')
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.mongo.pingCheck('mongodb', { timeout: PING_TIMEOUT_MS }),
        () => this.redis.pingCheck('redis', PING_TIMEOUT_MS),
        () => this.backlog.check('judging'),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      throw new ServiceUnavailableException(downMessage(error.getResponse() as HealthCheckResult), { cause: error });
    }
  }

  /** `GET /health`: the same as `/health/ready` (kept for existing probes). */
  @Get()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ summary: 'Readiness (the same as /health/ready)' })
  @ApiOkResponse({ type: HealthStatusDto })
  @ApiErrorResponse(503, 'MongoDB or Redis does not answer within 1.5 s; `message` names it.')
  @ApiErrorResponse(500, 'A bug; it has been logged.')
  check(): Promise<HealthCheckResult> {
    return this.ready();
  }
}
