import { Counter, Gauge, type Registry } from 'prom-client';
import { LightCounter, LightHistogram } from './light-metrics.ts';

/**
 * Per-deployment Prometheus metrics, registered once in the process registry; the three
 * touched on every request are light ones (plain counters bound once per label set).
 */
export class ServingMetrics {
  readonly requests: LightCounter<'deployment' | 'variant' | 'status'>;
  readonly latency: LightHistogram<'deployment'>;
  readonly batchRows: LightHistogram<'deployment'>;
  readonly logDropped: Counter<'deployment'>;
  readonly swaps: Counter<'deployment' | 'outcome'>;
  private readonly queueDepth: Gauge<'deployment'>;
  private readonly depthSources = new Map<string, () => number>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = new LightCounter({
      name: 'baton_serving_requests_total',
      help: 'Predict requests by deployment, variant that answered and HTTP status',
      labelNames: ['deployment', 'variant', 'status'] as const,
      registry,
    });
    this.latency = new LightHistogram({
      name: 'baton_serving_request_duration_seconds',
      help: 'Predict latency from request parsed to answer ready, by deployment',
      labelNames: ['deployment'] as const,
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registry,
    });
    this.batchRows = new LightHistogram({
      name: 'baton_serving_batch_rows',
      help: 'Rows per onnxruntime call (micro-batching combines concurrent requests)',
      labelNames: ['deployment'] as const,
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096],
      registry,
    });
    this.logDropped = new Counter({
      name: 'baton_serving_log_dropped_total',
      help: 'Prediction log entries dropped because the write-behind queue was full',
      labelNames: ['deployment'] as const,
      registers,
    });
    this.swaps = new Counter({
      name: 'baton_serving_model_swaps_total',
      help: 'Model switches after an alias move, by outcome (switched, refused)',
      labelNames: ['deployment', 'outcome'] as const,
      registers,
    });
    const sources = this.depthSources;
    this.queueDepth = new Gauge({
      name: 'baton_serving_log_queue_depth',
      help: 'Prediction log entries waiting to be written',
      labelNames: ['deployment'] as const,
      registers,
      collect() {
        for (const [deployment, depth] of sources) this.set({ deployment }, depth());
      },
    });
  }

  watchQueue(deployment: string, depth: () => number): void {
    this.depthSources.set(deployment, depth);
  }

  forget(deployment: string): void {
    this.depthSources.delete(deployment);
    this.queueDepth.remove({ deployment });
  }
}

const SLOTS = 60;
/** Latency bucket bounds (ms) for the rolling percentiles: about 10% resolution. */
const BOUNDS = Array.from({ length: 120 }, (_, i) => 0.02 * 1.1 ** i);

interface Slot {
  second: number;
  requests: number;
  errors: number;
  counts: Uint32Array;
}

/** The last minute of one deployment's traffic, per second, for the deployment page. */
export class RollingStats {
  private readonly slots: Slot[] = Array.from({ length: SLOTS }, () => ({
    second: -1,
    requests: 0,
    errors: 0,
    counts: new Uint32Array(BOUNDS.length + 1),
  }));

  private slot(now: number): Slot {
    const second = Math.floor(now / 1000);
    const slot = this.slots[second % SLOTS]!;
    if (slot.second !== second) {
      slot.second = second;
      slot.requests = 0;
      slot.errors = 0;
      slot.counts.fill(0);
    }
    return slot;
  }

  record(latencyMs: number, ok: boolean, now = Date.now()): void {
    const slot = this.slot(now);
    slot.requests++;
    if (!ok) slot.errors++;
    let lo = 0;
    let hi = BOUNDS.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (BOUNDS[mid]! < latencyMs) lo = mid + 1;
      else hi = mid;
    }
    slot.counts[lo]!++;
  }

  series(
    now = Date.now(),
  ): { t: number; requests: number; errors: number; p50Ms: number | null; p99Ms: number | null }[] {
    const current = Math.floor(now / 1000);
    const out = [];
    for (let s = current - SLOTS + 1; s <= current; s++) {
      const slot = this.slots[((s % SLOTS) + SLOTS) % SLOTS]!;
      const live = slot.second === s;
      out.push({
        t: s * 1000,
        requests: live ? slot.requests : 0,
        errors: live ? slot.errors : 0,
        p50Ms: live ? quantile(slot.counts, slot.requests, 0.5) : null,
        p99Ms: live ? quantile(slot.counts, slot.requests, 0.99) : null,
      });
    }
    return out;
  }
}

function quantile(counts: Uint32Array, total: number, q: number): number | null {
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return Math.round((BOUNDS[Math.min(i, BOUNDS.length - 1)] ?? 0) * 1000) / 1000;
  }
  return null;
}
