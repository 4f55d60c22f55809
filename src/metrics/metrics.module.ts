import { Module, type DynamicModule } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module.js';
import { JudgingMetrics } from './judging.metrics.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRegistry } from './metrics.registry.js';
import { QueueMetrics } from './queue.metrics.js';
import { WebhookMetrics } from './webhook.metrics.js';
import { WorkerMetricsServer } from './worker-metrics.server.js';

/**
 * Prometheus metrics (prom-client), one registry per process, global so any feature injects the
 * metrics it records. Each root module imports one:
 * - `MetricsModule.forApi()`: `GET /metrics` on the API's port, with the queue gauges;
 * - `MetricsModule.forWorker()`: JudgingMetrics and WebhookMetrics, served on WORKER_METRICS_PORT.
 * Metric names are listed in README's operations section.
 */
@Module({})
export class MetricsModule {
  static forApi(): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      imports: [QueueModule.forProducer()],
      controllers: [MetricsController],
      providers: [{ provide: MetricsRegistry, useFactory: () => new MetricsRegistry('api') }, QueueMetrics],
      exports: [MetricsRegistry],
    };
  }

  static forWorker(): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      providers: [
        { provide: MetricsRegistry, useFactory: () => new MetricsRegistry('worker') },
        JudgingMetrics,
        WebhookMetrics,
        WorkerMetricsServer,
      ],
      exports: [MetricsRegistry, JudgingMetrics, WebhookMetrics],
    };
  }
}
