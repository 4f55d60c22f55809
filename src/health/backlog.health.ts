import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { WorkerState } from '../../libs/contracts/index.js';
import { JudgeQueueDepth } from '../queue/judge-queue.depth.js';
import { WorkerDirectory } from '../workers/worker-directory.js';

/**
 * Terminus indicator `judging`: the workers alive (by state) and the queue's backlog. Reported,
 * never failing readiness on its own: with no worker the API still accepts and stores submissions,
 * which wait in the queue; an operator reads `alive: 0` here (or `GET /workers`) to see why nothing
 * is judged. Down only when Redis cannot be read.
 */
@Injectable()
export class BacklogHealthIndicator {
  constructor(
    private readonly workers: WorkerDirectory,
    private readonly depth: JudgeQueueDepth,
    private readonly health: HealthIndicatorService,
  ) {}

  /** `{ [key]: { status, workers: { alive, ready, starting, draining }, waiting, active, oldestWaitingMs } }`. */
  async check<Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.health.check(key);
    try {
      const [workers, depth] = await Promise.all([this.workers.list(), this.depth.read()]);
      const count = (state: WorkerState) => workers.filter((w) => w.state === state).length;
      return indicator.up({
        workers: {
          alive: workers.length,
          ready: count(WorkerState.Ready),
          starting: count(WorkerState.Starting),
          draining: count(WorkerState.Draining),
        },
        ...depth,
      });
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }
}
