import type { RowOutput, ServedModel } from './served-model.ts';

interface Pending {
  data: readonly (Float32Array | string[])[];
  n: number;
  resolve(rows: RowOutput[]): void;
  reject(error: unknown): void;
}

export interface BatcherOptions {
  /** Largest number of rows in one onnxruntime call. */
  maxBatchRows: number;
  /** Extra wait for a batch to fill; 0 batches only what queues while the model is busy. */
  windowMs: number;
  /** Told the row count of every onnxruntime call. */
  onBatch?: (rows: number, requests: number) => void;
}

/**
 * Combines concurrent predict requests into one onnxruntime call. A request that finds the
 * model idle runs on the next turn of the event loop (setImmediate), after every request
 * already read from the sockets has queued; requests arriving while a call runs wait for it
 * and go together in the next. `session.run` blocks the event loop, so one call at a time.
 */
export class MicroBatcher {
  private queue: Pending[] = [];
  private queuedRows = 0;
  private running = false;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly model: ServedModel,
    private readonly options: BatcherOptions,
  ) {}

  score(data: readonly (Float32Array | string[])[], n: number): Promise<RowOutput[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ data, n, resolve, reject });
      this.queuedRows += n;
      this.schedule();
    });
  }

  /** Resolves once nothing is queued or running (used to drain a model being replaced). */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    const flush = () => {
      this.scheduled = false;
      void this.flush();
    };
    if (this.options.windowMs > 0 && this.queuedRows < this.options.maxBatchRows) {
      setTimeout(flush, this.options.windowMs);
    } else setImmediate(flush);
  }

  private take(): Pending[] {
    const batch: Pending[] = [];
    let rows = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (batch.length > 0 && rows + next.n > this.options.maxBatchRows) break;
      batch.push(next);
      rows += next.n;
      this.queue.shift();
    }
    this.queuedRows -= rows;
    return batch;
  }

  private async flush(): Promise<void> {
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    const batch = this.take();
    try {
      if (batch.length === 1) {
        const only = batch[0]!;
        only.resolve(await this.model.run(only.data, only.n));
        this.options.onBatch?.(only.n, 1);
      } else {
        const total = batch.reduce((sum, p) => sum + p.n, 0);
        const merged = this.model.layout.inputs.map((input, i) => {
          if (input.type === 'float32') {
            const out = new Float32Array(total * input.width);
            let at = 0;
            for (const p of batch) {
              const part = p.data[i] as Float32Array;
              out.set(part, at);
              at += part.length;
            }
            return out;
          }
          return batch.flatMap((p) => p.data[i] as string[]);
        });
        const rows = await this.model.run(merged, total);
        this.options.onBatch?.(total, batch.length);
        let at = 0;
        for (const p of batch) {
          p.resolve(rows.slice(at, at + p.n));
          at += p.n;
        }
      }
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.running = false;
      if (this.queue.length > 0) this.schedule();
      else for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }
}
