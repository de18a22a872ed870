import { type PredictionLogRow, type Services, writePredictionLog } from '@baton/core';

/** A log entry as queued: inputs and outputs are serialised by the writer, off the request path. */
export type QueuedPrediction = Omit<PredictionLogRow, 'inputs_json' | 'outputs_json'> & {
  inputs: unknown;
  outputs: unknown;
};

const toRow = ({ inputs, outputs, ...rest }: QueuedPrediction): PredictionLogRow => ({
  ...rest,
  inputs_json: JSON.stringify(inputs),
  outputs_json: JSON.stringify(outputs),
});

export interface LogQueueOptions {
  /** Rows held in memory at most; beyond it the oldest are dropped and counted. */
  limit: number;
  /** How often queued rows are written. */
  intervalMs?: number;
  /** Rows per write transaction. */
  batchRows?: number;
  onWritten?: (rows: number) => void;
}

/**
 * The prediction log's write-behind queue. A predict request only appends to memory; a
 * timer writes batches (one transaction each), so logging never waits on the database.
 * When the database falls behind and the queue is full, the oldest entries are dropped
 * (counted in `dropped`) rather than slowing predictions or growing memory without bound.
 * `close()` writes everything left: a clean shutdown loses nothing.
 */
export class PredictionLogQueue {
  private rows: QueuedPrediction[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  dropped = 0;
  written = 0;
  failures = 0;

  constructor(
    private readonly services: Services,
    private readonly options: LogQueueOptions,
  ) {
    this.timer = setInterval(() => void this.flush(), options.intervalMs ?? 200);
    this.timer.unref();
  }

  get depth(): number {
    return this.rows.length;
  }

  push(row: QueuedPrediction): void {
    if (this.rows.length >= this.options.limit) {
      this.rows.shift();
      this.dropped++;
    }
    this.rows.push(row);
  }

  /** Writes what is queued now, batch by batch; concurrent calls share one writer. */
  flush(): Promise<void> {
    if (!this.writing) {
      this.writing = this.drain().finally(() => {
        this.writing = undefined;
      });
    }
    return this.writing;
  }

  private async drain(): Promise<void> {
    const size = this.options.batchRows ?? 256;
    while (this.rows.length > 0) {
      // Yield between batches: an embedded SQLite write blocks the event loop while it runs.
      await new Promise((resolve) => setImmediate(resolve));
      const batch = this.rows.splice(0, size);
      try {
        await writePredictionLog(this.services.db, batch.map(toRow));
        this.written += batch.length;
        this.options.onWritten?.(batch.length);
      } catch (error) {
        // Put the batch back (it was not committed) and try again on the next tick.
        this.failures++;
        this.rows.unshift(...batch.slice(0, Math.max(0, this.options.limit - this.rows.length)));
        this.services.logger.warn(
          { err: error, rows: batch.length },
          'prediction log write failed; will retry',
        );
        return;
      }
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.writing) await this.writing;
    await this.flush();
  }
}
