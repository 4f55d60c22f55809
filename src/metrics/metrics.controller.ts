import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponse } from '../common/api-error-response.decorator.js';
import { MetricsRegistry } from './metrics.registry.js';
import { Role } from '../auth/role.js';
import { Roles } from '../auth/roles.decorator.js';

@ApiTags('operations')
@Roles(Role.Admin)
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  /** `GET /metrics`: the API process's metrics (queue depth and age, HTTP process metrics) in Prometheus text format. */
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics of this API process' })
  @ApiOkResponse({ description: 'Prometheus text exposition format.', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiErrorResponse(500, 'A bug; it has been logged.')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
