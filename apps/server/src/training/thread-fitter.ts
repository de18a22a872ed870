import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ModelFitter } from '@baton/core';
import { MlError } from '@baton/ml';
import type { FitWorkerMessage } from './fit-worker-protocol.ts';

/**
 * A fitter that runs each fit on its own worker thread (the built `fit-worker.js`), so a
 * long fit blocks neither the HTTP server nor the job's lease heartbeats. The thread ends
 * with the fit; an aborted job terminates it.
 */
export function threadFitter(workerFile: string): ModelFitter {
  return (input, onRound, signal) =>
    new Promise((resolve, reject) => {
      signal?.throwIfAborted();
      const worker = new Worker(workerFile);
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', abort);
        fn();
        void worker.terminate();
      };
      const abort = () => settle(() => reject(signal?.reason ?? new Error('fit aborted')));
      signal?.addEventListener('abort', abort, { once: true });
      worker.on('message', (message: FitWorkerMessage) => {
        if (message.type === 'round') onRound?.(message.done, message.total);
        else if (message.type === 'done') settle(() => resolve(message.graph));
        else
          settle(() =>
            reject(
              message.ml
                ? new MlError(message.ml.code, message.message, message.ml.details)
                : new Error(message.message),
            ),
          );
      });
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) =>
        settle(() => reject(new Error(`the training thread exited with code ${code}`))),
      );
      worker.postMessage(input);
    });
}

/**
 * The thread fitter when this process runs from the build (where `fit-worker.js` sits next
 * to the entry point), else undefined: services then fit in the calling thread.
 */
export function builtThreadFitter(): ModelFitter | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, path.dirname(here)]) {
    const file = path.join(dir, 'fit-worker.js');
    if (path.basename(dir) === 'dist' && existsSync(file)) return threadFitter(file);
  }
  return undefined;
}
