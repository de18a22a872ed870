import { z } from 'zod';
import type { ServiceContext } from '../context.ts';
import { defineJobKind, type JobContext } from '../jobs/define-job-kind.ts';
import { logBatch } from '../tracking/log-batch.ts';
import { updateRun } from '../tracking/update-run.ts';
import { fitAndLog } from './fit-and-log.ts';
import { jobProjectContext } from './job-scope.ts';
import { fitSpecSchema, prepareData } from './prepare-data.ts';
import { errorCode, failRun } from './run-output.ts';

/**
 * Runs `work` for a run that a job owns: RUNNING while it works, FINISHED after; on any
 * error the run ends FAILED with the error's code as a tag and the job fails with it.
 */
export async function asRunJob<T>(
  job: JobContext,
  runId: string,
  work: (ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  const ctx = await jobProjectContext(job);
  try {
    await updateRun({ ctx, input: { run: runId, status: 'RUNNING' } });
    const result = await work(ctx);
    await updateRun({ ctx, input: { run: runId, status: 'FINISHED' } });
    return result;
  } catch (error) {
    await failRun(ctx, runId, error);
    const message = error instanceof Error ? error.message : String(error);
    await job.log('error', `${errorCode(error)}: ${message}`);
    throw new Error(`${errorCode(error)}: ${message}`);
  }
}

/**
 * `training.fit`: reads the version, fits, evaluates the exported graph and logs it all to
 * the run. One attempt: bad data fails the same way twice, and a half-logged run is not
 * worth retrying into.
 */
export const trainingFitJob = defineJobKind({
  kind: 'training.fit',
  description: 'Fit a built-in learner on a dataset version and log the model, loss curves and evaluation',
  payload: z.object({ runId: z.string(), spec: fitSpecSchema }),
  timeoutMs: 6 * 60 * 60_000,
  maxAttempts: 1,
  backoffMs: 0,
  startable: false,
  handler: async ({ runId, spec }, job) =>
    asRunJob(job, runId, async (ctx) => {
      await job.progress(0.02, 'reading the dataset version');
      const data = await prepareData(ctx, spec);
      if (!spec.task)
        await logBatch({ ctx, input: { run: runId, params: [{ key: 'task', value: data.task }] } });
      const metrics = await fitAndLog(ctx, job, runId, spec, data);
      await job.progress(1, 'finished');
      return { runId, task: data.task, metrics };
    }),
});
