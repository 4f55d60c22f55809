import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { JudgeQueueDepth, type QueueDepth } from '../queue/judge-queue.depth.js';
import { METRIC_PREFIX, MetricsRegistry } from './metrics.registry.js';

/**
 * The API's queue gauges, read from BullMQ at each scrape (JudgeQueueDepth):
 * `queue_waiting_jobs`, `queue_active_jobs`, `queue_oldest_waiting_seconds` (0 when none waits).
 * A scrape while Redis is down reports them as NaN (unknown; never a stale value that would read as
 * "queue empty") rather than failing the scrape.
 */
@Injectable()
export class QueueMetrics {
  private readonly logger = new Logger('QueueMetrics');

  constructor(registry: MetricsRegistry, depth: JudgeQueueDepth) {
    // One read per scrape, shared by the three gauges: each scrape calls every collect once.
    const GAUGES = 3;
    let last: Promise<QueueDepth | null> | null = null;
    let served = 0;
    const read = (): Promise<QueueDepth | null> => {
      last ??= depth.read().catch((err: unknown) => {
        this.logger.debug({ err: (err as Error).message }, 'queue depth unreadable; gauges are NaN in this scrape');
        return null;
      });
      const current = last;
      if (++served === GAUGES) {
        served = 0;
        last = null;
      }
      return current;
    };
    const registers = [registry];
    new Gauge({
      name: `${METRIC_PREFIX}queue_waiting_jobs`,
      help: 'Judge and verify jobs no worker has taken yet.',
      registers,
      async collect() {
        const d = await read();
        if (!d) this.set(Number.NaN);
        else this.set(d.waiting);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}queue_active_jobs`,
      help: 'Jobs a worker holds now.',
      registers,
      async collect() {
        const d = await read();
        if (!d) this.set(Number.NaN);
        else this.set(d.active);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}queue_oldest_waiting_seconds`,
      help: 'Age of the oldest job no worker has taken, seconds (0 when none waits).',
      registers,
      async collect() {
        const d = await read();
        if (!d) this.set(Number.NaN);
        else this.set((d.oldestWaitingMs ?? 0) / 1000);
      },
    });
  }
}
