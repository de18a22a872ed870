import type { Experiment, Run } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { badRequest, ServiceError } from '../errors.ts';
import { createExperiment } from '../tracking/create-experiment.ts';
import { createRun } from '../tracking/create-run.ts';
import { getExperiment } from '../tracking/get-experiment.ts';
import { logBatch } from '../tracking/log-batch.ts';
import { logInputs } from '../tracking/log-inputs.ts';
import { updateRun } from '../tracking/update-run.ts';
import type { TrainingVersion } from './dataset-ref.ts';

/** The experiment of that name, created when it does not exist yet. */
export async function ensureExperiment(ctx: ServiceContext, name: string): Promise<Experiment> {
  const find = () => getExperiment({ ctx, input: { experiment: name, byName: true } });
  try {
    return await find();
  } catch (error) {
    if (!(error instanceof ServiceError) || error.code !== 'not_found') throw error;
  }
  try {
    return await createExperiment({ ctx, input: { name } });
  } catch (error) {
    // Another request created it in between.
    if (error instanceof ServiceError && error.code === 'conflict') return find();
    throw error;
  }
}

/**
 * A version whose quality suite failed is refused unless forced; a forced use is written to
 * the audit log with the run it feeds.
 */
export function assertVersionUsable(version: TrainingVersion, force: boolean): void {
  if (version.validation === 'failed' && !force) {
    throw badRequest(
      `${version.dataset}@${version.number} failed its quality suite; fix the data or pass force to train on it anyway (the use is audited)`,
      [{ path: 'dataset', message: 'version failed its quality suite' }],
    );
  }
}

export interface OpenRunInput {
  experiment: Pick<Experiment, 'id'>;
  name?: string | undefined;
  parentRunId?: string | undefined;
  tags: Record<string, string>;
  params: Record<string, string | number | boolean>;
  version: TrainingVersion;
  forced: boolean;
}

/** Starts a SCHEDULED run with its params, tags and the dataset version as input (lineage). */
export async function openTrainingRun(ctx: ServiceContext, input: OpenRunInput): Promise<Run> {
  const run = await createRun({
    ctx,
    input: {
      experiment: input.experiment.id,
      name: input.name,
      parentRunId: input.parentRunId,
      tags: input.tags,
    },
  });
  await updateRun({ ctx, input: { run: run.info.id, status: 'SCHEDULED' } });
  await logInputs({
    ctx,
    input: {
      run: run.info.id,
      datasets: [
        {
          name: input.version.dataset,
          digest: input.version.digest,
          baton: { dataset: input.version.dataset, version: input.version.number },
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
        },
      ],
    },
  });
  const params = Object.entries(input.params).map(([key, value]) => ({ key, value: String(value) }));
  for (let i = 0; i < params.length; i += 100) {
    await logBatch({ ctx, input: { run: run.info.id, params: params.slice(i, i + 100) } });
  }
  if (input.forced && input.version.validation === 'failed') {
    await recordAudit(ctx, {
      action: 'training.force_failed_version',
      targetType: 'dataset_version',
      targetId: input.version.id,
      summary: `run '${run.info.name}' trains on ${input.version.dataset}@${input.version.number}, which failed its quality suite (forced)`,
      after: { runId: run.info.id, dataset: input.version.dataset, version: input.version.number },
    });
  }
  return run;
}
