import { randomBytes } from 'node:crypto';
import type { ServingConfig, ServingHealth } from '@baton/contracts';
import {
  findServedDeployment,
  parseServingConfig,
  resolveAlias,
  ServiceError,
  type Services,
} from '@baton/core';
import type { LogRecord } from './log-record.ts';
import type { BatcherOptions } from './micro-batcher.ts';
import { loadSlot, type ModelSlot, retireSlot } from './model-slot.ts';
import { type ParsedRows, parsePayload } from './parse-payload.ts';
import { PredictionLogQueue } from './prediction-log-queue.ts';
import type { RowOutput } from './served-model.ts';
import { RollingStats, type ServingMetrics } from './serving-metrics.ts';

/** Log row ids that grow with time, so inserts append to the primary-key index instead of scattering. */
const ID_PREFIX = randomBytes(4).toString('hex');
let idCounter = 0;
let idMs = -1;
let idHead = '';
const logRowId = (now: number) => {
  if (now !== idMs) {
    idMs = now;
    idHead = `${now.toString(36).padStart(9, '0')}${ID_PREFIX}`;
  }
  return `${idHead}${(idCounter++ % 1e9).toString(36).padStart(6, '0')}`;
};

export type Variant = 'primary' | 'canary' | 'shadow';

export interface PredictResult {
  requestId: string;
  model: string;
  version: number;
  variant: Exclude<Variant, 'shadow'>;
  predictions: RowOutput[];
}

/** A predict answer: the result, and its JSON text (built once, also what the log stores). */
export interface PredictAnswer {
  result: PredictResult;
  json: string;
}

/** Per-deployment metric children, bound once so the request path does not hash label sets. */
interface HotMetrics {
  ok: { primary: { inc(): void }; canary: { inc(): void } };
  latency: { observe(value: number): void };
  dropped: { inc(): void };
}

interface Watched {
  alias: string | null;
  versionId: string | null;
  slot: ModelSlot | null;
}

export interface DeploymentServerOptions {
  /** How often the deployment row and its aliases are polled (ms). */
  pollMs?: number;
}

const sameColumns = (a: ModelSlot, b: ModelSlot) =>
  a.model.layout.columns.length === b.model.layout.columns.length &&
  a.model.layout.columns.every((c, i) => {
    const o = b.model.layout.columns[i]!;
    return c.name === o.name && c.kind === o.kind && c.input === o.input && c.index === o.index;
  }) &&
  a.model.layout.inputs.every((input, i) => input.width === b.model.layout.inputs[i]?.width);

/**
 * Serves one deployment in this process: loads the versions its aliases point to, polls the
 * aliases and swaps in a new version once it has loaded (queued requests finish on the old
 * one, then its session is freed), routes a canary share to the challenger, scores shadow
 * copies, and logs every prediction through a write-behind queue.
 */
export class DeploymentServer {
  readonly stats = new RollingStats();
  config: ServingConfig = parseServingConfig('{}');
  state: ServingHealth['state'] = 'not_loaded';
  problem: string | null = null;
  projectSlug = '';
  projectId = '';
  deploymentId = '';
  private modelName = '';
  private modelId = '';
  private mode = 'none';
  private canaryPercent = 0;
  private status = 'active';
  private updatedAt = -1;
  private primary: Watched = { alias: null, versionId: null, slot: null };
  private challenger: Watched = { alias: null, versionId: null, slot: null };
  /** Versions that failed to load, so a broken one is not retried on every poll. */
  private refused = new Map<string, string>();
  private canarySeen = 0;
  private swaps = 0;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly batching: BatcherOptions;
  private log: PredictionLogQueue | undefined;
  private closed = false;
  private readonly hot: HotMetrics;

  constructor(
    readonly name: string,
    private readonly services: Services,
    private readonly metrics: ServingMetrics,
    private readonly options: DeploymentServerOptions = {},
  ) {
    const batchRows = metrics.batchRows.labels({ deployment: name });
    this.batching = {
      maxBatchRows: this.config.maxBatchRows,
      windowMs: this.config.batchWindowMs,
      onBatch: (rows) => batchRows.observe(rows),
    };
    const ok = (variant: Variant) => metrics.requests.labels({ deployment: name, variant, status: '200' });
    this.hot = {
      ok: { primary: ok('primary'), canary: ok('canary') },
      latency: metrics.latency.labels({ deployment: name }),
      dropped: metrics.logDropped.labels({ deployment: name }),
    };
  }

  /** Loads the deployment and its models; resolves false when no deployment has this name. */
  async start(): Promise<boolean> {
    this.state = 'loading';
    await this.refresh();
    if (!this.deploymentId) return false;
    this.timer = setInterval(() => void this.refresh(), this.options.pollMs ?? 500);
    this.timer.unref();
    return true;
  }

  get ready(): boolean {
    return this.primary.slot !== null;
  }

  /** One poll: the deployment row and its aliases; swaps models when an alias moved. */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh()
        .catch((error: unknown) => {
          this.services.logger.warn({ err: error, deployment: this.name }, 'deployment refresh failed');
        })
        .finally(() => {
          this.refreshing = undefined;
        });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    if (this.closed) return;
    const db = this.services.db;
    if (this.updatedAt < 0 || this.deploymentId) {
      const found = await findServedDeployment(db, this.name);
      if (!found) {
        if (this.deploymentId) {
          this.state = 'failed';
          this.problem = `deployment '${this.name}' was deleted`;
        }
        this.deploymentId = '';
        return;
      }
      const row = found.row;
      if (Number(row.updated_at) !== this.updatedAt) this.applyRow(row, found.projectSlug);
    }
    if (!this.deploymentId) return;
    await this.follow(this.primary, 'primary');
    await this.follow(this.challenger, 'challenger');
    this.state =
      this.status === 'stopped'
        ? 'stopped'
        : !this.primary.slot
          ? 'failed'
          : this.problem
            ? 'degraded'
            : 'ready';
  }

  private applyRow(
    row: NonNullable<Awaited<ReturnType<typeof findServedDeployment>>>['row'],
    slug: string,
  ): void {
    this.deploymentId = row.id;
    this.projectId = row.project_id;
    this.projectSlug = slug;
    this.modelId = row.model_id;
    this.mode = row.challenger_mode;
    this.canaryPercent = Number(row.canary_percent);
    this.status = row.status;
    this.updatedAt = Number(row.updated_at);
    this.config = parseServingConfig(row.config_json);
    this.batching.maxBatchRows = this.config.maxBatchRows;
    this.batching.windowMs = this.config.batchWindowMs;
    this.primary.alias = row.alias;
    this.challenger.alias = row.challenger_mode === 'none' ? null : row.challenger_alias;
    if (!this.log) {
      const log = new PredictionLogQueue(this.services, { limit: this.config.logQueueLimit });
      this.log = log;
      this.metrics.watchQueue(this.name, () => log.depth);
    }
    if (!this.modelName) {
      void this.services.db
        .selectFrom('registered_models')
        .select('name')
        .where('id', '=', row.model_id)
        .executeTakeFirst()
        .then((m) => {
          this.modelName = m?.name ?? '';
        });
    }
  }

  private async follow(watched: Watched, which: 'primary' | 'challenger'): Promise<void> {
    const target = watched.alias ? await resolveAlias(this.services.db, this.modelId, watched.alias) : null;
    const versionId = target?.versionId ?? null;
    if (versionId === watched.versionId) return;
    if (versionId === null) {
      // A challenger alias that was removed (or a challenger switched off): stop using it.
      const old = watched.slot;
      watched.slot = null;
      watched.versionId = null;
      if (old) void retireSlot(old);
      return;
    }
    if (this.refused.has(versionId)) return;
    try {
      const slot = await loadSlot(this.services, versionId, this.batching);
      const old = watched.slot;
      watched.slot = slot;
      watched.versionId = versionId;
      this.swaps++;
      if (which === 'primary') this.problem = null;
      this.metrics.swaps.inc({ deployment: this.name, outcome: 'switched' });
      this.services.logger.info(
        { deployment: this.name, which, version: slot.model.version, alias: watched.alias },
        old ? 'model switched' : 'model loaded',
      );
      if (old) void retireSlot(old);
    } catch (error) {
      const message = (error as Error).message;
      this.refused.set(versionId, message);
      this.problem = `${which} alias '${watched.alias}' moved to a version that cannot be served (${message}); ${
        watched.slot ? `still serving version ${watched.slot.model.version}` : 'nothing to serve'
      }`;
      this.metrics.swaps.inc({ deployment: this.name, outcome: 'refused' });
      this.services.logger.error(
        { deployment: this.name, which, versionId, problem: message },
        'model switch refused',
      );
    }
  }

  health(): ServingHealth {
    const served = (w: Watched) =>
      w.slot ? { versionId: w.slot.model.versionId, version: w.slot.model.version } : null;
    return {
      state: this.state,
      primary: served(this.primary),
      challenger: served(this.challenger),
      problem: this.problem,
      logQueueDepth: this.log?.depth ?? 0,
      logDropped: this.log?.dropped ?? 0,
      swaps: this.swaps,
    };
  }

  /** Spreads canary traffic evenly: exactly `canaryPercent` of every 100 requests. */
  private pickCanary(): boolean {
    if (this.mode !== 'canary' || !this.challenger.slot || this.canaryPercent <= 0) return false;
    const before = Math.floor((this.canarySeen * this.canaryPercent) / 100);
    this.canarySeen++;
    return Math.floor((this.canarySeen * this.canaryPercent) / 100) > before;
  }

  /**
   * Scores one predict body. `bodyText` is the raw JSON the body was parsed from, when the
   * caller has it: the log then stores it as is instead of serialising the inputs again.
   */
  async predict(
    body: unknown,
    requestId: string,
    started: number,
    bodyText?: string,
  ): Promise<PredictAnswer> {
    if (this.status === 'stopped')
      throw new ServiceError('unavailable', `deployment '${this.name}' is stopped`);
    const primary = this.primary.slot;
    if (!primary) {
      throw new ServiceError(
        'unavailable',
        `deployment '${this.name}' has no model loaded${this.problem ? `: ${this.problem}` : ''}`,
      );
    }
    const canary = this.pickCanary() ? this.challenger.slot : null;
    const slot = canary ?? primary;
    const variant = canary ? 'canary' : 'primary';
    const rows = parsePayload(body, slot.model.layout, this.config);
    const predictions = await slot.batcher.score(rows.data, rows.n);
    const latencyMs = performance.now() - started;
    this.hot.ok[variant].inc();
    this.hot.latency.observe(latencyMs / 1000);
    this.stats.record(latencyMs, true);
    const predictionsJson = JSON.stringify(predictions);
    if (this.config.logPredictions) {
      this.logEntry(requestId, slot, variant, rows, bodyText, predictionsJson, latencyMs);
    }
    const shadow = this.mode === 'shadow' ? this.challenger.slot : null;
    if (shadow) this.scoreShadow(shadow, primary, body, rows, requestId, bodyText);
    const result: PredictResult = {
      requestId,
      model: this.modelName,
      version: slot.model.version,
      variant,
      predictions,
    };
    const json = `{"requestId":${JSON.stringify(requestId)},"model":${JSON.stringify(this.modelName)},"version":${slot.model.version},"variant":"${variant}","predictions":${predictionsJson}}`;
    return { result, json };
  }

  /** Scores a copy on the challenger after the answer is on its way; only logged, never returned. */
  private scoreShadow(
    shadow: ModelSlot,
    primary: ModelSlot,
    body: unknown,
    rows: ParsedRows,
    requestId: string,
    bodyText: string | undefined,
  ): void {
    const started = performance.now();
    setImmediate(() => {
      let parsed = rows;
      try {
        if (!sameColumns(shadow, primary)) parsed = parsePayload(body, shadow.model.layout, this.config);
      } catch {
        this.metrics.requests.inc({ deployment: this.name, variant: 'shadow', status: '400' });
        return;
      }
      shadow.batcher.score(parsed.data, parsed.n).then(
        (outputs) => {
          this.metrics.requests.inc({ deployment: this.name, variant: 'shadow', status: '200' });
          if (this.config.logPredictions) {
            const outputsJson = JSON.stringify(outputs);
            this.logEntry(
              requestId,
              shadow,
              'shadow',
              parsed,
              bodyText,
              outputsJson,
              performance.now() - started,
            );
          }
        },
        () => this.metrics.requests.inc({ deployment: this.name, variant: 'shadow', status: '500' }),
      );
    });
  }

  private logEntry(
    requestId: string,
    slot: ModelSlot,
    variant: Variant,
    rows: ParsedRows,
    bodyText: string | undefined,
    outputsJson: string,
    latencyMs: number,
  ): void {
    const log = this.log;
    if (!log) return;
    const droppedBefore = log.dropped;
    const now = Date.now();
    const record: LogRecord = [
      logRowId(now),
      this.deploymentId,
      requestId,
      slot.model.versionId,
      variant,
      bodyText ?? JSON.stringify(rows.records),
      bodyText === undefined ? 0 : 1,
      outputsJson,
      Math.round(latencyMs * 1000) / 1000,
      now,
    ];
    log.push(record);
    if (log.dropped !== droppedBefore) this.hot.dropped.inc();
  }

  /** Records a refused request (bad input, stopped, ...) in the metrics and the stats. */
  recordError(status: number, started: number): void {
    this.metrics.requests.inc({ deployment: this.name, variant: 'primary', status: String(status) });
    this.stats.record(performance.now() - started, false);
  }

  /** Writes every queued prediction now (tests and shutdown). */
  async flushLog(): Promise<void> {
    await this.log?.flush();
  }

  /** Stops polling, lets running batches finish, writes the whole log queue, frees sessions. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.refreshing) await this.refreshing;
    for (const w of [this.primary, this.challenger]) {
      const slot = w.slot;
      w.slot = null;
      if (slot) await retireSlot(slot);
    }
    await this.log?.close();
    this.metrics.forget(this.name);
  }
}
