import type { ModelStage, ModelVersion } from '@baton/contracts';
import { MODEL_STAGES } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { executor, inTransaction, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { findModel, findVersion, touchModel, versionView } from './registry-repo.ts';

/** Accepts MLflow's stage names in any case (`production` -> `Production`). */
export function stageOf(raw: string): ModelStage {
  const found = MODEL_STAGES.find((s) => s.toLowerCase() === raw.trim().toLowerCase());
  if (!found) throw badRequest(`stage '${raw}' is not one of ${MODEL_STAGES.join(', ')}`);
  return found;
}

/**
 * Sets MLflow's legacy stage of a version; `archiveExisting` archives the model's other versions
 * in that stage. Stages are informational: deployments follow aliases, which are gated.
 */
export async function transitionModelVersionStage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { model: string; version: string | number; stage: string; archiveExisting?: boolean | undefined };
}): Promise<ModelVersion> {
  const stage = stageOf(input.stage);
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const model = await findModel(ctx, db, input.model);
    const row = await findVersion(ctx, db, model, input.version);
    const now = Date.now();
    if (input.archiveExisting && (stage === 'Staging' || stage === 'Production')) {
      await db
        .updateTable('model_versions')
        .set({ stage: 'Archived', last_update_time: now })
        .where('model_id', '=', model.id)
        .where('stage', '=', stage)
        .where('id', '!=', row.id)
        .execute();
    }
    await db
      .updateTable('model_versions')
      .set({ stage, last_update_time: now })
      .where('id', '=', row.id)
      .execute();
    await touchModel(db, model.id, now);
    await recordAudit(ctx, {
      action: 'model.version.stage',
      targetType: 'model_version',
      targetId: row.id,
      summary: `version ${row.version} of model '${model.name}' moved from stage ${row.stage} to ${stage}`,
      before: { stage: row.stage },
      after: { stage },
    });
    return versionView(db, model, { ...row, stage, last_update_time: now });
  });
}
