import { Readable } from 'node:stream';
import { TRACKING_LIMITS } from '@baton/contracts';
import { MlError } from '@baton/ml';
import type { ServiceContext } from '../context.ts';
import { ServiceError } from '../errors.ts';
import { logBatch } from '../tracking/log-batch.ts';
import { putRunArtifact } from '../tracking/run-artifacts.ts';
import { updateRun } from '../tracking/update-run.ts';

/** Stores bytes as a run artifact. */
export async function putBytes(
  ctx: ServiceContext,
  run: string,
  path: string,
  bytes: Uint8Array,
): Promise<void> {
  await putRunArtifact({ ctx, input: { run, path, body: Readable.from([Buffer.from(bytes)]) } });
}

/** Stores a value as a pretty-printed JSON artifact. */
export async function putJson(ctx: ServiceContext, run: string, path: string, value: unknown): Promise<void> {
  await putBytes(ctx, run, path, Buffer.from(`${JSON.stringify(value, null, 2)}\n`));
}

/** Logs metric points in batches the tracking lane accepts. */
export async function logMetricPoints(
  ctx: ServiceContext,
  run: string,
  points: { key: string; value: number; step?: number }[],
): Promise<void> {
  const timestamp = Date.now();
  for (let i = 0; i < points.length; i += TRACKING_LIMITS.batchMetrics) {
    const metrics = points.slice(i, i + TRACKING_LIMITS.batchMetrics).map((p) => ({ ...p, timestamp }));
    await logBatch({ ctx, input: { run, metrics } });
  }
}

/** Per-iteration training and validation loss as `train_loss` / `validation_loss` series. */
export async function logLossHistory(
  ctx: ServiceContext,
  run: string,
  history: { train: readonly number[]; validation: readonly number[] },
): Promise<void> {
  await logMetricPoints(ctx, run, [
    ...history.train.map((value, step) => ({ key: 'train_loss', value, step })),
    ...history.validation.map((value, step) => ({ key: 'validation_loss', value, step })),
  ]);
}

/** The stable code of an error a training job met: an MlError's code, a service error's, else `internal`. */
export const errorCode = (error: unknown): string =>
  error instanceof MlError || error instanceof ServiceError ? error.code : 'internal';

/** Ends a run FAILED with the error's code and message as tags (`baton.error.code`, `baton.error.message`). */
export async function failRun(ctx: ServiceContext, run: string, error: unknown): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(
    0,
    TRACKING_LIMITS.tagValueLength,
  );
  try {
    await logBatch({
      ctx,
      input: {
        run,
        tags: [
          { key: 'baton.error.code', value: errorCode(error) },
          { key: 'baton.error.message', value: message },
        ],
      },
    });
    await updateRun({ ctx, input: { run, status: 'FAILED' } });
  } catch (secondary) {
    ctx.logger.error({ err: secondary, run }, 'could not mark the training run failed');
  }
}

/** Turns an MlError met before any job (a bad request) into a 4xx service error. */
export function serviceErrorOf(error: unknown): unknown {
  if (!(error instanceof MlError)) return error;
  if (error.code === 'invalid_onnx' || error.code === 'signature_mismatch') {
    return new ServiceError(error.code, error.message);
  }
  const path = typeof error.details.column === 'string' ? error.details.column : error.code;
  return new ServiceError('bad_request', `${error.code}: ${error.message}`, [{ path, message: error.code }]);
}
