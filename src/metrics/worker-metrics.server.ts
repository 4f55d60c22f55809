import { createServer, type Server } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { metricsConfig, type MetricsConfig } from '../config/metrics.config.js';
import { MetricsRegistry } from './metrics.registry.js';

/**
 * The worker's `GET /metrics` (Prometheus text format) on WORKER_METRICS_PORT, all interfaces;
 * none when the port is 0. A port that cannot be bound is logged and skipped: metrics never keep
 * a worker from judging.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerMetrics');
  private server: Server | undefined;

  constructor(
    private readonly registry: MetricsRegistry,
    @Inject(metricsConfig.KEY) private readonly cfg: MetricsConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.cfg.workerPort === 0) return;
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
        return;
      }
      this.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        (err: unknown) => {
          this.logger.warn({ err: (err as Error).message }, 'metrics collection failed');
          res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed\n');
        },
      );
    });
    server.on('error', (err) =>
      this.logger.error({ err: err.message, port: this.cfg.workerPort }, 'metrics port unavailable; serving no metrics'),
    );
    server.listen(this.cfg.workerPort, () => this.logger.log({ port: this.cfg.workerPort }, 'serving metrics'));
    this.server = server;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server?.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
