import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCommonErrors } from '../common/api-error-response.decorator.js';
import { JudgeQueueDepth } from '../queue/judge-queue.depth.js';
import { WorkersViewDto } from './dto/worker-status.dto.js';
import { WorkerDirectory } from './worker-directory.js';
import { Role } from '../auth/role.js';
import { Roles } from '../auth/roles.decorator.js';

@ApiTags('workers')
@Roles(Role.Admin)
@Controller('workers')
export class WorkersController {
  constructor(
    private readonly directory: WorkerDirectory,
    private readonly depth: JudgeQueueDepth,
  ) {}

  /**
   * `GET /workers`: the workers alive now (from their heartbeats) and the queue's backlog, so an
   * operator sees at once why nothing is judged (no worker, all starting, all slots busy, ...).
   * 503 when Redis is down.
   */
  @Get()
  @ApiOperation({ summary: 'Workers alive now and the queue backlog' })
  @ApiOkResponse({ type: WorkersViewDto })
  @ApiCommonErrors('Redis is unavailable; retry after `Retry-After` seconds.')
  async list(): Promise<WorkersViewDto> {
    const [workers, depth] = await Promise.all([this.directory.list(), this.depth.read()]);
    return { workers, ...depth };
  }
}
