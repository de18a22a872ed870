// The entry point of a training worker thread (built as dist/fit-worker.js): receives fit
// requests one at a time, reports rounds as they finish, answers each with the fitted graph
// or the error; the thread then waits for the next request. Started with `warmUp`, it first
// runs small synthetic fits of every learner (one per turn of its event loop, so a real fit
// that arrives meanwhile runs next) and posts a `warm` message when they are done.
import { parentPort, workerData } from 'node:worker_threads';
import { type FitModelInput, fitGraph, MlError } from '@baton/ml';
import { warmUpInTurns } from './fit-warm-up.ts';
import type { FitWorkerData, FitWorkerMessage } from './fit-worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('fit-worker.js runs only as a worker thread');
const post = (message: FitWorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

port.on('message', (input: FitModelInput) => {
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

if ((workerData as FitWorkerData | undefined)?.warmUp) {
  warmUpInTurns((report) => post({ type: 'warm', ...report }));
}
