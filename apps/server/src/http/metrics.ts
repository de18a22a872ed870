import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface HttpMetrics {
  registry: Registry;
}

/**
 * Prometheus metrics: request counts and latency by route and status, process metrics, and
 * whatever gauges the caller adds (job queue depth) collected at scrape time.
 */
export function installHttpMetrics(
  app: FastifyInstance,
  collectors: { queueDepth?: () => Promise<Record<string, number>> } = {},
): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'baton_' });
  const requests = new Counter({
    name: 'baton_http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'baton_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  if (collectors.queueDepth) {
    const queueDepth = collectors.queueDepth;
    new Gauge({
      name: 'baton_jobs',
      help: 'Jobs in the queue by status',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        const depth = await queueDepth();
        for (const [status, count] of Object.entries(depth)) this.set({ status }, count);
      },
    });
  }
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: ids in paths would explode the label set.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { config: { access: { kind: 'public' } } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return { registry };
}
