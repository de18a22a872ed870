import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ModelFitter } from '@baton/core';
import { MlError } from '@baton/ml';
import type { WarmUpReport } from './fit-warm-up.ts';
import type { FitWorkerData, FitWorkerMessage } from './fit-worker-protocol.ts';

/** Options of `threadFitter`. */
export interface ThreadFitterOptions {
  /** Finished threads kept for later fits (default 2). */
  readonly maxIdle?: number;
  /**
   * Each new thread first runs small synthetic fits of every learner so that its first real
   * fit runs compiled code (default true). A real fit sent meanwhile runs after the synthetic
   * fit in progress.
   */
  readonly warmUp?: boolean;
  /** Called whenever a new thread starts (tests count them). */
  readonly onThreadStart?: () => void;
  /** Called when a thread has finished its warm-up. */
  readonly onWarm?: (report: WarmUpReport) => void;
}

/** A `ModelFitter` on worker threads. */
export interface ThreadFitter extends ModelFitter {
  /**
   * Starts a thread now (it warms up if enabled) and keeps it idle for the first fit, unless
   * enough threads are idle already. Call it once the process is ready: the thread's start
   * and warm-up then cost no request or start-up time.
   */
  prestart(): void;
}

/**
 * A fitter that runs each fit on a worker thread (the built `fit-worker.js`), so a long fit
 * blocks neither the HTTP server nor the job's lease heartbeats. A thread whose fit ended
 * (with a model or a refusal of its input) waits, unreferenced, for the next fit: its
 * compiled code is warm, which on a small data set is most of a fit's time (a fresh thread
 * spends the first tens of milliseconds interpreting and compiling). An aborted job, or a
 * thread that failed otherwise, ends its thread. A new thread first warms up on synthetic
 * fits (`fit-warm-up.ts`), so even its first real fit runs mostly compiled code; `prestart`
 * starts one ahead of the first fit.
 */
export function threadFitter(workerFile: string, options: ThreadFitterOptions = {}): ThreadFitter {
  const maxIdle = options.maxIdle ?? 2;
  const workerData: FitWorkerData = { warmUp: options.warmUp ?? true };
  const idle: Worker[] = [];
  const start = () => {
    const worker = new Worker(workerFile, { workerData });
    options.onThreadStart?.();
    // A thread that dies while idle leaves the pool.
    worker.on('exit', () => {
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
    });
    worker.on('message', (message: FitWorkerMessage) => {
      if (message.type === 'warm') options.onWarm?.({ fits: message.fits, ms: message.ms });
    });
    return worker;
  };
  const release = (worker: Worker) => {
    if (idle.length < maxIdle) {
      worker.unref();
      idle.push(worker);
    } else void worker.terminate();
  };
  const fit: ModelFitter = (input, onRound, signal) =>
    new Promise((resolve, reject) => {
      signal?.throwIfAborted();
      const worker = idle.pop() ?? start();
      worker.ref();
      let settled = false;
      const settle = (fn: () => void, reusable: boolean) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', abort);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        fn();
        if (reusable) release(worker);
        else void worker.terminate();
      };
      const abort = () => settle(() => reject(signal?.reason ?? new Error('fit aborted')), false);
      const onMessage = (message: FitWorkerMessage) => {
        if (message.type === 'warm') return;
        if (message.type === 'round') onRound?.(message.done, message.total);
        else if (message.type === 'done') settle(() => resolve(message.graph), true);
        else if (message.ml) {
          const { code, details } = message.ml;
          settle(() => reject(new MlError(code, message.message, details)), true);
        } else settle(() => reject(new Error(message.message)), false);
      };
      const onError = (error: Error) => settle(() => reject(error), false);
      const onExit = (code: number) =>
        settle(() => reject(new Error(`the training thread exited with code ${code}`)), false);
      signal?.addEventListener('abort', abort, { once: true });
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(input);
    });
  const prestart = () => {
    if (idle.length < maxIdle) release(start());
  };
  return Object.assign(fit, { prestart });
}

/**
 * The thread fitter when this process runs from the build (where `fit-worker.js` sits next
 * to the entry point), else undefined: services then fit in the calling thread. Threads warm
 * up when `BATON_FIT_WARMUP=1`; `log` hears of each finished warm-up.
 */
export function builtThreadFitter(
  env: NodeJS.ProcessEnv = process.env,
  log?: (report: WarmUpReport) => void,
): ThreadFitter | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, path.dirname(here)]) {
    const file = path.join(dir, 'fit-worker.js');
    if (path.basename(dir) === 'dist' && existsSync(file))
      return threadFitter(file, { warmUp: fitWarmUpEnabled(env), ...(log ? { onWarm: log } : {}) });
  }
  return undefined;
}

/**
 * Whether training threads warm up and one is pre-started once the process is ready: only
 * with `BATON_FIT_WARMUP=1`. Off by default because the warmed idle thread adds about 17 MB
 * to the server's idle RSS, whose target (< 150 MB) the server already sits at.
 */
export function fitWarmUpEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.BATON_FIT_WARMUP === '1';
}
