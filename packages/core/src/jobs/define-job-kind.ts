import type { z } from 'zod';
import type { ServiceContext } from '../context.ts';

export type JobLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What a handler receives besides its payload. */
export interface JobContext {
  jobId: string;
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number;
  projectId: string | null;
  /** A context for the system actor `job:<kind>`; its `requestId` is the job id. */
  ctx: ServiceContext;
  /** Fires on timeout, on cancellation and on worker shutdown; `signal.reason` says which. */
  signal: AbortSignal;
  /** Reports progress as a fraction in [0, 1]; frequent calls are coalesced. */
  progress(fraction: number, message?: string): Promise<void>;
  /** Appends a line to the job's log (never throws: a lost log line must not fail the job). */
  log(level: JobLogLevel, message: string): Promise<void>;
}

export type JobAbortCode = 'timeout' | 'cancelled' | 'shutdown' | 'lease_lost';

/** The reason a job's signal carries; handlers may branch on `signal.reason.code`. */
export class JobAbort extends Error {
  readonly code: JobAbortCode;
  constructor(code: JobAbortCode, message: string) {
    super(message);
    this.name = 'JobAbort';
    this.code = code;
  }
}

/**
 * One kind of background job: its payload schema, time limit and retry policy.
 * New payload fields must be optional, so that jobs queued before a deploy still parse.
 */
export interface JobKind<P = unknown, R = unknown> {
  kind: string;
  description: string;
  payload: z.ZodType<P>;
  timeoutMs: number;
  maxAttempts: number;
  /** Retry n waits `backoffMs * 2^(n-1)`, capped at `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** May a user start it through the API (`enqueueJob`)? Internal kinds are started by verbs. */
  startable: boolean;
  /** Default queue priority; higher runs first. */
  priority: number;
  // Method syntax keeps kinds of different payload types storable in one catalogue.
  handler(payload: P, job: JobContext): Promise<R>;
}

export type JobKindDefinition<P, R> = Omit<JobKind<P, R>, 'maxBackoffMs' | 'priority'> & {
  maxBackoffMs?: number;
  priority?: number;
};

// Written to a text column and compared across processes: keep names short and stable.
const KIND_NAME = /^[a-z][a-z0-9]*([.-][a-z0-9]+)*$/;
const DEFAULT_MAX_BACKOFF_MS = 10 * 60_000;

/**
 * Declares a job kind. The payload type follows from the zod schema.
 *
 * @example
 * const profileDataset = defineJobKind({
 *   kind: 'dataset.profile',
 *   description: 'Profile a dataset version',
 *   payload: z.object({ versionId: z.string(), sample: z.number().optional() }),
 *   timeoutMs: 10 * 60_000, maxAttempts: 3, backoffMs: 5_000, startable: true,
 *   handler: async ({ versionId }, job) => { await job.progress(0.5); return { versionId }; },
 * });
 */
export function defineJobKind<S extends z.ZodType, R>(
  definition: JobKindDefinition<z.output<S>, R> & { payload: S },
): JobKind<z.output<S>, R> {
  const { kind, timeoutMs, maxAttempts, backoffMs } = definition;
  if (!KIND_NAME.test(kind) || kind.length > 100) throw new Error(`invalid job kind name '${kind}'`);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error(`${kind}: timeoutMs must be > 0`);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`${kind}: maxAttempts must be >= 1`);
  if (!Number.isInteger(backoffMs) || backoffMs < 0) throw new Error(`${kind}: backoffMs must be >= 0`);
  return {
    ...definition,
    maxBackoffMs: definition.maxBackoffMs ?? Math.max(DEFAULT_MAX_BACKOFF_MS, backoffMs),
    priority: definition.priority ?? 0,
  };
}

/** The wait before the retry that follows failed attempt `attempt` (1-based). */
export const backoffDelay = (backoffMs: number, maxBackoffMs: number, attempt: number): number =>
  Math.min(maxBackoffMs, backoffMs * 2 ** Math.max(0, attempt - 1));
