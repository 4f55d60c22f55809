import { collectDefaultMetrics, Registry } from 'prom-client';

/** Prefix of every metric name Verdict exports. */
export const METRIC_PREFIX = 'verdict_';

/**
 * The process's one Prometheus registry (prom-client), with Node's default process metrics
 * (CPU, memory, event loop lag, ...) under METRIC_PREFIX and a `process` label (`api` or
 * `worker`) on every series.
 */
export class MetricsRegistry extends Registry {
  constructor(processName: 'api' | 'worker') {
    super();
    this.setDefaultLabels({ process: processName });
    collectDefaultMetrics({ register: this, prefix: METRIC_PREFIX });
  }
}
