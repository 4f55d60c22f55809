import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test/support/stack.js';

/** Every metric name the dashboard queries, e.g. `verdict_queue_waiting_jobs` (histogram suffixes removed). */
function queriedMetrics(): Set<string> {
  const dashboard = JSON.parse(readFileSync(`${ROOT}/deploy/grafana-dashboard.json`, 'utf8')) as {
    panels: { targets: { expr: string }[] }[];
  };
  const names = new Set<string>();
  for (const panel of dashboard.panels)
    for (const target of panel.targets)
      for (const m of target.expr.matchAll(/verdict_[a-z_]+/g)) names.add(m[0].replace(/_(bucket|count|sum)$/, ''));
  return names;
}

describe('deploy/grafana-dashboard.json', () => {
  it('queries only metrics the code defines', async () => {
    const { MetricsRegistry } = await import('./metrics.registry.js');
    const { JudgingMetrics } = await import('./judging.metrics.js');
    const { WebhookMetrics } = await import('./webhook.metrics.js');
    const { QueueMetrics } = await import('./queue.metrics.js');
    const worker = new MetricsRegistry('worker');
    new JudgingMetrics(worker);
    new WebhookMetrics(worker);
    const api = new MetricsRegistry('api');
    new QueueMetrics(api, { read: async () => ({ waiting: 0, active: 0, oldestWaitingMs: null }) } as never);
    const defined = new Set([...worker.getMetricsAsArray(), ...api.getMetricsAsArray()].map((m) => m.name));
    const queried = queriedMetrics();
    expect(queried.size).toBeGreaterThan(8);
    expect([...queried].filter((name) => !defined.has(name))).toEqual([]);
  });
});

describe('QueueMetrics', () => {
  it('reports the queue gauges as NaN (unknown) when the depth cannot be read, rather than keeping the last value', async () => {
    const { MetricsRegistry } = await import('./metrics.registry.js');
    const { QueueMetrics } = await import('./queue.metrics.js');
    let up = true;
    const registry = new MetricsRegistry('api');
    new QueueMetrics(registry, {
      read: async () => {
        if (!up) throw new Error('Redis is unavailable');
        return { waiting: 7, active: 1, oldestWaitingMs: 2500 };
      },
    } as never);
    expect(await registry.metrics()).toMatch(/^verdict_queue_waiting_jobs\{process="api"\} 7$/m);
    up = false;
    const down = await registry.metrics();
    expect(down).toMatch(/^verdict_queue_waiting_jobs\{process="api"\} NaN$/im);
    expect(down).toMatch(/^verdict_queue_oldest_waiting_seconds\{process="api"\} NaN$/im);
  });
});
