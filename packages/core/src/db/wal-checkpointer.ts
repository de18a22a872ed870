import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// The thread's own code: a second connection to the same file that copies the WAL back into
// the database every `intervalMs` (PASSIVE: it never blocks the writer or the readers).
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage('closed');
  parentPort.close();
});
`;

export interface WalCheckpointer {
  close(): Promise<void>;
}

/**
 * Checkpoints a SQLite WAL database from a worker thread. A checkpoint copies the WAL into
 * the database file and fsyncs both; run by the writer's own connection (SQLite's default,
 * every 1,000 pages) it stalls that commit, and so the whole event loop, for the length of
 * two fsyncs. Durability is unchanged: commits are exactly as durable (WAL, synchronous
 * NORMAL); only where the copy runs moves. The writer keeps a large auto-checkpoint as a
 * backstop, which also lets the WAL start over once this thread has caught up.
 */
export function startWalCheckpointer(file: string, intervalMs = 100): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(SOURCE, { eval: true, workerData: { driver, file, intervalMs } });
  worker.unref();
  // A failing checkpointer costs speed, never data: the writer's own checkpoints go on.
  worker.on('error', () => {});
  let closed: Promise<void> | undefined;
  return {
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.once('message', () => resolve());
        worker.postMessage('close');
      }).then(() => worker.terminate().then(() => undefined));
      return closed;
    },
  };
}
