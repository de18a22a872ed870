import { type FitModelInput, type FittedGraph, fitGraph, type RoundListener } from '@baton/ml';

/**
 * Fits a model and exports its graph. The server installs one that fits on a worker thread
 * (a long fit then blocks neither HTTP requests nor the job's lease heartbeats); without it
 * the fit runs in the calling thread. `signal` stops the fit when the job is cancelled or
 * times out.
 */
export type ModelFitter = (
  input: FitModelInput,
  onRound?: RoundListener,
  signal?: AbortSignal,
) => Promise<FittedGraph>;

/** The fallback: fit in this thread (used by tests and embedded callers without threads). */
export const fitInThisThread: ModelFitter = async (input, onRound, signal) => {
  signal?.throwIfAborted();
  return fitGraph(input, onRound);
};
