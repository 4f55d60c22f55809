import type { ConfigType } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { defineConfig } from './define-config.js';

/** Environment variables of the Prometheus metrics. */
export class MetricsEnv {
  /**
   * TCP port on which a worker serves `GET /metrics` (Prometheus text format); 0 serves none (the
   * default: several workers on one host would need one port each). The API serves `/metrics` on
   * its own port always.
   */
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_METRICS_PORT: number = 0;
}

/** `metrics` namespace: `{ workerPort }` (0: the worker serves no metrics). */
export const metricsConfig = defineConfig('metrics', MetricsEnv, (env) => ({
  workerPort: env.WORKER_METRICS_PORT,
}));
export type MetricsConfig = ConfigType<typeof metricsConfig>;
