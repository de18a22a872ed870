// The entry point of a training worker thread (built as dist/fit-worker.js): receives fit
// requests one at a time, reports rounds as they finish, answers each with the fitted graph
// or the error; the thread then waits for the next request.
import { parentPort } from 'node:worker_threads';
import { type FitModelInput, fitGraph, MlError } from '@baton/ml';
import type { FitWorkerMessage } from './fit-worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('fit-worker.js runs only as a worker thread');

port.on('message', (input: FitModelInput) => {
  const post = (message: FitWorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);
  try {
    const graph = fitGraph(input, (done, total) => post({ type: 'round', done, total }));
    post({ type: 'done', graph }, [graph.onnx.buffer as ArrayBuffer]);
  } catch (error) {
    if (error instanceof MlError) {
      post({
        type: 'error',
        ml: { code: error.code, details: { ...error.details } },
        message: error.message,
      });
    } else {
      post({
        type: 'error',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  }
});
