import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { JudgeQueueDepth } from '../queue/judge-queue.depth.js';
import { METRIC_PREFIX, MetricsRegistry } from './metrics.registry.js';

/**
 * The API's queue gauges, read from BullMQ at each scrape (JudgeQueueDepth):
 * `queue_waiting_jobs`, `queue_active_jobs`, `queue_oldest_waiting_seconds` (0 when none waits).
 * A scrape while Redis is down leaves them out rather than failing the scrape.
 */
@Injectable()
export class QueueMetrics {
  private readonly logger = new Logger('QueueMetrics');

  constructor(registry: MetricsRegistry, depth: JudgeQueueDepth) {
    let last: Promise<Awaited<ReturnType<JudgeQueueDepth['read']>> | null> | null = null;
    // One read per scrape, shared by the three gauges (collect runs for each).
    const read = () => {
      last ??= depth
        .read()
        .catch((err: unknown) => {
          this.logger.debug({ err: (err as Error).message }, 'queue depth unreadable; gauges left out of this scrape');
          return null;
        })
        .finally(() => setTimeout(() => (last = null), 0));
      return last;
    };
    const registers = [registry];
    new Gauge({
      name: `${METRIC_PREFIX}queue_waiting_jobs`,
      help: 'Judge and verify jobs no worker has taken yet.',
      registers,
      async collect() {
        const d = await read();
        if (d) this.set(d.waiting);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}queue_active_jobs`,
      help: 'Jobs a worker holds now.',
      registers,
      async collect() {
        const d = await read();
        if (d) this.set(d.active);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}queue_oldest_waiting_seconds`,
      help: 'Age of the oldest job no worker has taken, seconds (0 when none waits).',
      registers,
      async collect() {
        const d = await read();
        if (d) this.set((d.oldestWaitingMs ?? 0) / 1000);
      },
    });
  }
}
