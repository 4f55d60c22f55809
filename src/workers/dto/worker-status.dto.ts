import { ApiProperty } from '@nestjs/swagger';
import { WorkerState, type WorkerStatus } from '../../../libs/contracts/index.js';
import { LanguageInfoDto } from '../../languages/dto/language-info.dto.js';

/** OpenAPI description of WorkerStatus (libs/contracts/worker-status.ts). */
export class WorkerStatusDto implements WorkerStatus {
  @ApiProperty({ description: 'Unique per worker process start: `<host>:<pid>:<random>`.', example: 'judge-1:4242:9f3a1c' })
  workerId: string;

  @ApiProperty({ example: 'judge-1' })
  host: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 4242 })
  pid: number;

  @ApiProperty({
    enum: WorkerState,
    enumName: 'WorkerState',
    description: '`starting`: warming its compiler caches, takes no job yet; `ready`: takes jobs; `draining`: shutting down.',
  })
  state: WorkerState;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Sandbox slots: jobs judged at once.', example: 2 })
  slots: number;

  @ApiProperty({
    type: [Number],
    nullable: true,
    description:
      'The CPU each slot’s runs are pinned to (index = slot), one CPU per slot as DOMjudge does; null when runs are not pinned (SANDBOX_PIN_CPUS=false).',
    example: [0, 1],
  })
  slotCpus: number[] | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Speed relative to the reference host, from a fixed benchmark run in the sandbox at start (> 1: faster); null when the benchmark failed.',
    example: 1.04,
  })
  speedFactor: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Median CPU time of the speed benchmark at start, ms.', example: 83.6 })
  speedBenchmarkMs: number | null;

  @ApiProperty({ description: 'Whether time limits are divided by speedFactor (JUDGE_SCALE_LIMITS_BY_SPEED).', example: false })
  limitsScaledBySpeed: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Jobs being judged now.', example: 1 })
  busySlots: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Jobs ended since the worker started.', example: 118 })
  jobsDone: number;

  @ApiProperty({ type: [LanguageInfoDto], description: 'Languages it judges, with the toolchain versions it detected at start.' })
  languages: LanguageInfoDto[];

  @ApiProperty({ format: 'date-time' })
  startedAt: string;

  @ApiProperty({ format: 'date-time', description: 'Its last heartbeat (every 5 s; it is listed until 15 s after it).' })
  lastSeenAt: string;
}

/** `GET /workers` body. */
export class WorkersViewDto {
  @ApiProperty({ type: [WorkerStatusDto], description: 'Every worker alive now.' })
  workers: WorkerStatusDto[];

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Judge and verify jobs no worker has taken yet.' })
  waiting: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Jobs a worker holds now.' })
  active: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    nullable: true,
    description: 'Age of the oldest job no worker has taken, ms; null when none waits.',
  })
  oldestWaitingMs: number | null;
}
