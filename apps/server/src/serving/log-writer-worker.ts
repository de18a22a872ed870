// The entry point of the prediction log writer thread (built as dist/log-writer.js): holds
// its own SQLite connection to the metadata file and writes each batch it is handed in one
// short transaction, so neither the inserts nor the JSON work run on the serving event loop.
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { decodeRecords } from './log-buffer.ts';
import { inputsJsonOf, type LogRecord } from './log-record.ts';
import type { LogWriterReply, LogWriterRequest } from './log-writer-protocol.ts';

const port = parentPort;
if (!port) throw new Error('log-writer.js runs only as a worker thread');

const INSERT_SQL =
  'insert into prediction_log (id, deployment_id, request_id, model_version_id, variant, inputs_json, outputs_json, latency_ms, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)';

// Predictions come first: on Linux a thread has its own nice value, and this one yields to the
// event loop whenever both want a core (elsewhere the call would lower the whole process).
if (process.platform === 'linux' && process.env.BATON_LOG_WRITER_NICE !== '0') {
  try {
    os.setPriority(0, Number(process.env.BATON_LOG_WRITER_NICE ?? 5));
  } catch {
    // Not permitted here: the thread runs at the process's priority.
  }
}

let db: SQLite.Database | undefined;
let writeAll: ((records: LogRecord[]) => void) | undefined;
const post = (reply: LogWriterReply) => port.postMessage(reply);

port.on('message', (message: LogWriterRequest) => {
  if (message.type === 'open') {
    const conn = new SQLite(message.file);
    // The file is already in WAL mode (set by the server); a second writer waits for the lock.
    conn.pragma('busy_timeout = 10000');
    conn.pragma('synchronous = NORMAL');
    const insert = conn.prepare(INSERT_SQL);
    db = conn;
    writeAll = conn.transaction((records: LogRecord[]) => {
      for (const r of records) insert.run(r[0], r[1], r[2], r[3], r[4], inputsJsonOf(r), r[7], r[8], r[9]);
    });
  } else if (message.type === 'write') {
    try {
      if (!writeAll) throw new Error('the log writer was not opened');
      writeAll(decodeRecords(message.bytes));
      post({ type: 'written', seq: message.seq });
    } catch (error) {
      post({ type: 'failed', seq: message.seq, message: (error as Error).message });
    }
  } else {
    db?.close();
    db = undefined;
    writeAll = undefined;
    post({ type: 'closed' });
    port.close();
  }
});
