import type { ModelVersion } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { actorName, executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { conflict, ServiceError } from '../errors.ts';
import { createRegisteredModel } from './create-model.ts';
import {
  assertTags,
  findModel,
  type ModelRow,
  newRegistryId,
  touchModel,
  versionView,
} from './registry-repo.ts';
import { resolveSource } from './resolve-source.ts';

export interface RegisterVersionInput {
  model: string;
  /** The run whose `model.onnx` (and `signature.json`, dataset input) the version takes. */
  runId?: string | undefined;
  /** `runs:/<run>/<path>`, `mlflow-artifacts:/...` or `models:/<name>/<n>`; any other URI is kept as given. */
  source?: string | undefined;
  description?: string | undefined;
  tags?: Record<string, string> | undefined;
  /** Create the registered model when it does not exist yet. */
  createModel?: boolean | undefined;
  /** Refuse a source without an ONNX graph (Baton's API); MLflow clients may register any source. */
  requireOnnx?: boolean | undefined;
}

async function modelFor(ctx: ServiceContext, input: RegisterVersionInput): Promise<ModelRow> {
  try {
    return await findModel(ctx, executor(ctx), input.model);
  } catch (error) {
    if (!(input.createModel && error instanceof ServiceError && error.code === 'not_found')) throw error;
    await createRegisteredModel({ ctx, input: { name: input.model } }).catch((e: unknown) => {
      if (!(e instanceof ServiceError && e.code === 'conflict')) throw e;
    });
    return findModel(ctx, executor(ctx), input.model);
  }
}

const isUniqueViolation = (error: unknown): boolean =>
  /unique|duplicate key/i.test(error instanceof Error ? error.message : String(error));

/**
 * Registers the next version of a model, with lineage: dataset version -> run -> version.
 * Version numbers are 1, 2, ... per model; two concurrent registrations get distinct numbers.
 */
export async function registerModelVersion({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: RegisterVersionInput;
}): Promise<ModelVersion> {
  const project = requireProject(ctx);
  const tags = assertTags(input.tags);
  const model = await modelFor(ctx, input);
  const resolved = await resolveSource(ctx, executor(ctx), {
    runId: input.runId,
    source: input.source,
    requireOnnx: input.requireOnnx ?? true,
  });
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(ctx, async (ctx) => {
        const db = executor(ctx);
        const max = await db
          .selectFrom('model_versions')
          .select((eb) => eb.fn.max('version').as('v'))
          .where('model_id', '=', model.id)
          .executeTakeFirst();
        const now = Date.now();
        const row = {
          id: newRegistryId(),
          model_id: model.id,
          project_id: project.id,
          version: Number(max?.v ?? 0) + 1,
          run_id: resolved.run?.id ?? null,
          source: resolved.source,
          onnx_digest: resolved.onnxDigest,
          signature_json: resolved.signatureJson,
          dataset_version_id: resolved.datasetVersionId,
          status: 'READY',
          stage: 'None',
          description: input.description ?? '',
          created_by: actorName(ctx.actor),
          creation_time: now,
          last_update_time: now,
        };
        await db.insertInto('model_versions').values(row).execute();
        if (tags.length > 0) {
          await db
            .insertInto('model_version_tags')
            .values(tags.map(([key, value]) => ({ version_id: row.id, key, value })))
            .execute();
        }
        await touchModel(db, model.id, now);
        await recordAudit(ctx, {
          action: 'model.version.register',
          targetType: 'model_version',
          targetId: row.id,
          summary: `version ${row.version} of model '${model.name}' registered from ${row.source}`,
          after: { model: model.name, version: row.version, runId: row.run_id, onnxDigest: row.onnx_digest },
        });
        return versionView(db, model, row);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (attempt >= 4)
        throw conflict(`another version of '${model.name}' was registered at the same time; retry`);
    }
  }
}
