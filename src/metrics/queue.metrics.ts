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
/** The queue gauges: name (after METRIC_PREFIX), help, and the value from a depth read. */
const QUEUE_GAUGES: readonly { name: string; help: string; value: (depth: QueueDepth) => number }[] = [
  { name: 'queue_waiting_jobs', help: 'Judge and verify jobs no worker has taken yet.', value: (d) => d.waiting },
  { name: 'queue_active_jobs', help: 'Jobs a worker holds now.', value: (d) => d.active },
  {
    name: 'queue_oldest_waiting_seconds',
    help: 'Age of the oldest job no worker has taken, seconds (0 when none waits).',
    value: (d) => (d.oldestWaitingMs ?? 0) / 1000,
  },
];

@Injectable()
export class QueueMetrics {
  private readonly logger = new Logger('QueueMetrics');

  constructor(registry: MetricsRegistry, depth: JudgeQueueDepth) {
    // One read per scrape, shared by the gauges: each scrape calls every collect once.
    let last: Promise<QueueDepth | null> | null = null;
    let served = 0;
    const read = (): Promise<QueueDepth | null> => {
      last ??= depth.read().catch((err: unknown) => {
        this.logger.debug({ err: (err as Error).message }, 'queue depth unreadable; gauges are NaN in this scrape');
        return null;
      });
      const current = last;
      if (++served === QUEUE_GAUGES.length) {
        served = 0;
        last = null;
      }
      return current;
    };
    for (const gauge of QUEUE_GAUGES) {
      new Gauge({
        name: `${METRIC_PREFIX}${gauge.name}`,
        help: gauge.help,
        registers: [registry],
        async collect() {
          const d = await read();
          this.set(d ? gauge.value(d) : Number.NaN);
        },
      });
    }
  }
}
