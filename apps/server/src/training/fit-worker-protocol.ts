import type { FittedGraph, MlErrorCode } from '@baton/ml';

/** What a training thread is started with (its `workerData`). */
export interface FitWorkerData {
  /** Run the synthetic warm-up fits (`fit-warm-up.ts`) as soon as the thread starts. */
  readonly warmUp: boolean;
}

/** What a training worker thread posts back to the thread that started it. */
export type FitWorkerMessage =
  | { type: 'round'; done: number; total: number }
  | { type: 'done'; graph: FittedGraph }
  | { type: 'warm'; fits: number; ms: number }
  | {
      type: 'error';
      message: string;
      /** Set when the fit refused its input: rebuilt as an MlError so the run keeps the code. */
      ml?: { code: MlErrorCode; details: Record<string, unknown> };
    };
