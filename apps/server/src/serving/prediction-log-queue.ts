import { type Services, sqliteConnection, writePredictionLog } from '@baton/core';
import { decodeRecords, LogBuffer } from './log-buffer.ts';
import { type LogRecord, logRowOf } from './log-record.ts';
import { builtLogWriterFile, type LogSink, sharedThreadSink } from './log-writer-thread.ts';

export interface LogQueueOptions {
  /** Rows held in memory at most (queued and being written); beyond it the oldest are dropped and counted. */
  limit: number;
  /** How often queued rows are written. */
  intervalMs?: number;
  /** Rows per write transaction (kept short so other writers to the store never wait long). */
  batchRows?: number;
  /** The built log writer thread to use with a SQLite file; by default the one next to the bundle. */
  workerFile?: string | null;
  onWritten?: (rows: number) => void;
}

/** Writes batches on this thread through Kysely: PostgreSQL (async I/O), in-memory SQLite, tests from source. */
const inProcessSink = (services: Services): LogSink => ({
  write: (bytes) => writePredictionLog(services.db, decodeRecords(bytes).map(logRowOf)),
  close: async () => {},
});

/** A SQLite file gets a writer thread when the build provides one; everything else writes here. */
function chooseSink(services: Services, workerFile: string | null | undefined): LogSink {
  const file = sqliteConnection(services.db)?.name;
  const worker = workerFile === undefined ? builtLogWriterFile() : workerFile;
  if (!file || file === ':memory:' || !worker) return inProcessSink(services);
  return sharedThreadSink(worker, file);
}

/**
 * The prediction log's write-behind queue. A predict request only appends a compact record
 * to memory; a timer hands batches to the writer (a worker thread with its own SQLite
 * connection, or async inserts on PostgreSQL), one transaction each, so logging never waits
 * on the database. When the database falls behind and the queue is full, the oldest entries
 * are dropped (counted in `dropped`) rather than slowing predictions or growing memory
 * without bound. `close()` writes everything left: a clean shutdown loses nothing.
 */
export class PredictionLogQueue {
  private readonly records = new LogBuffer();
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private readonly sink: LogSink;
  dropped = 0;
  written = 0;
  failures = 0;

  constructor(
    private readonly services: Services,
    private readonly options: LogQueueOptions,
  ) {
    this.sink = chooseSink(services, options.workerFile);
    this.timer = setInterval(() => void this.flush(), options.intervalMs ?? 250);
    this.timer.unref();
  }

  get depth(): number {
    return this.records.length + this.inFlight;
  }

  push(record: LogRecord): void {
    if (this.records.length + this.inFlight >= this.options.limit) {
      this.records.dropOldest();
      this.dropped++;
      if (this.records.length + this.inFlight >= this.options.limit) return;
    }
    this.records.push(record);
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
    const size = this.options.batchRows ?? 1000;
    while (this.records.length > 0) {
      const batch = this.records.take(size);
      this.inFlight = batch.count;
      try {
        await this.sink.write(batch.bytes);
        this.written += batch.count;
        this.options.onWritten?.(batch.count);
      } catch (error) {
        // Put the batch back (it was not committed) and try again on the next tick.
        this.failures++;
        this.records.unshift(batch.bytes, this.options.limit - this.records.length);
        this.services.logger.warn(
          { err: error, rows: batch.count },
          'prediction log write failed; will retry',
        );
        return;
      } finally {
        this.inFlight = 0;
      }
      // Yield between batches: an in-process SQLite write blocks the event loop while it runs.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.writing) await this.writing;
    await this.flush();
    await this.sink.close();
  }
}
