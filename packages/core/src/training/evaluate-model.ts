import type { EvaluationSpec, EvaluationStarted } from '@baton/contracts';
import type { ModelSignature } from '@baton/ml';
import { z } from 'zod';
import { executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { badRequest, ServiceError } from '../errors.ts';
import { defineJobKind } from '../jobs/define-job-kind.ts';
import { enqueueJob } from '../jobs/enqueue-job.ts';
import { getRun } from '../tracking/get-run.ts';
import { listRunArtifacts, openRunArtifact } from '../tracking/run-artifacts.ts';
import { resolveVersion } from './dataset-ref.ts';
import { asRunJob } from './fit-job.ts';
import { type ColumnKind, loadVersionTable } from './load-table.ts';
import { assertVersionUsable, openTrainingRun } from './open-training-run.ts';
import { logMetricPoints, putJson, serviceErrorOf } from './run-output.ts';
import { scoreWithOnnx } from './score-onnx.ts';
import { trainingJobCatalogue } from './training-jobs.ts';
import { planColumns } from './training-plan.ts';

async function readArtifact(ctx: ServiceContext, run: string, path: string): Promise<Buffer> {
  const { stream } = await openRunArtifact({ ctx, input: { run, path } });
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * Scores a run's `model.onnx` (trained here or imported) on a dataset version. The
 * evaluation goes to a new child run of the model's run, so a model evaluated on many
 * versions keeps each evaluation apart and its own run stays as it was.
 */
export async function startEvaluation({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: EvaluationSpec;
}): Promise<EvaluationStarted> {
  const project = requireProject(ctx);
  const model = await getRun({ ctx, input: { run: input.run } });
  const files = await listRunArtifacts({ ctx, input: { run: model.info.id } });
  const paths = new Set(files.map((f) => f.path));
  if (!paths.has('model.onnx') || !paths.has('signature.json')) {
    throw badRequest(`run '${model.info.id}' has no model.onnx and signature.json to evaluate`, [
      { path: 'run', message: 'no model' },
    ]);
  }
  const signature = JSON.parse(
    (await readArtifact(ctx, model.info.id, 'signature.json')).toString('utf8'),
  ) as ModelSignature;
  if (!signature.columns?.length) {
    throw new ServiceError(
      'signature_mismatch',
      `the signature of run '${model.info.id}' binds no table columns to the graph inputs; import the model with a signature that declares "columns" to evaluate it`,
    );
  }
  const version = await resolveVersion(ctx, executor(ctx), input.dataset);
  try {
    assertVersionUsable(version, input.force);
    planColumns(version, { target: input.target, features: [], columnTypes: input.columnTypes });
  } catch (error) {
    throw serviceErrorOf(error);
  }
  return inTransaction(ctx, async (ctx) => {
    const run = await openTrainingRun(ctx, {
      experiment: { id: model.info.experimentId },
      name: `${model.info.name}-eval-${version.dataset}-v${version.number}`,
      parentRunId: model.info.id,
      tags: { 'baton.source': 'evaluation', 'baton.evaluated_run': model.info.id },
      params: { dataset: `${version.dataset}@${version.number}`, target: input.target },
      version,
      forced: input.force,
    });
    const job = await enqueueJob({
      ctx,
      catalogue: trainingJobCatalogue(),
      input: {
        kind: 'training.evaluate',
        projectId: project.id,
        payload: {
          runId: run.info.id,
          modelRunId: model.info.id,
          versionId: version.id,
          target: input.target,
          columnTypes: input.columnTypes,
        },
      },
    });
    return { runId: run.info.id, jobId: job.id };
  });
}

/** `training.evaluate`: scores a model.onnx on a version in onnxruntime and logs the evaluation. */
export const evaluateModelJob = defineJobKind({
  kind: 'training.evaluate',
  description: "Score a run's model.onnx on a dataset version and log the evaluation",
  payload: z.object({
    runId: z.string(),
    modelRunId: z.string(),
    versionId: z.string(),
    target: z.string(),
    columnTypes: z.record(z.string(), z.enum(['numeric', 'categorical'])).optional(),
  }),
  timeoutMs: 6 * 60 * 60_000,
  maxAttempts: 1,
  backoffMs: 0,
  startable: false,
  handler: async (payload, job) =>
    asRunJob(job, payload.runId, async (ctx) => {
      const bytes = await readArtifact(ctx, payload.modelRunId, 'model.onnx');
      const signature = JSON.parse(
        (await readArtifact(ctx, payload.modelRunId, 'signature.json')).toString('utf8'),
      ) as ModelSignature;
      const version = await resolveVersion(ctx, executor(ctx), payload.versionId);
      const kinds = new Map<string, ColumnKind>((signature.columns ?? []).map((c) => [c.column, c.kind]));
      const missing = [...kinds.keys()].filter((c) => !version.columns.some((v) => v.name === c));
      if (missing.length > 0)
        throw badRequest(
          `${version.dataset}@${version.number} lacks the model's input columns ${missing.join(', ')}`,
        );
      const plan = planColumns(version, {
        target: payload.target,
        features: [],
        columnTypes: payload.columnTypes,
      });
      kinds.set(
        payload.target,
        signature.task === 'regression' ? 'numeric' : plan.kinds.get(payload.target)!,
      );
      await job.progress(0.2, 'reading the dataset version');
      const table = await loadVersionTable(ctx.services.artifacts, version, kinds);
      await job.progress(0.5, `scoring ${table.rowCount} rows in onnxruntime`);
      const evaluation = await scoreWithOnnx(new Uint8Array(bytes), signature, table, payload.target, {
        split: 'all rows of the version',
        dataset: `${version.dataset}@${version.number}`,
        datasetVersionId: version.id,
        modelRunId: payload.modelRunId,
        scoredWith: 'onnxruntime',
      });
      for (const [path, value] of Object.entries(evaluation.artifacts))
        await putJson(ctx, payload.runId, path, value);
      await logMetricPoints(
        ctx,
        payload.runId,
        Object.entries(evaluation.metrics).map(([key, value]) => ({ key: `test_${key}`, value })),
      );
      return { runId: payload.runId, metrics: evaluation.metrics };
    }),
});
