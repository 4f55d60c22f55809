import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, MongooseHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
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
  ) {}

  /** `GET /health`: 200 when MongoDB and Redis answer a ping within 1.5 s, else 503 naming the one down. */
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.mongo.pingCheck('mongodb', { timeout: PING_TIMEOUT_MS }),
      () => this.redis.pingCheck('redis', PING_TIMEOUT_MS),
    ]);
  }
}
