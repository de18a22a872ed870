import { recordAudit } from '../audit/record-audit.ts';
import { executor, inTransaction, type ServiceContext } from '../context.ts';
import { conflict } from '../errors.ts';
import { findModel } from './registry-repo.ts';

/** Deletes a model with its versions, aliases and approvals; refused while a deployment serves it. */
export async function deleteRegisteredModel({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { model: string };
}): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const row = await findModel(ctx, db, input.model);
    const deployments = await db
      .selectFrom('deployments')
      .select('name')
      .where('model_id', '=', row.id)
      .execute();
    if (deployments.length > 0) {
      throw conflict(
        `model '${row.name}' is served by deployment${deployments.length > 1 ? 's' : ''} ${deployments.map((d) => `'${d.name}'`).join(', ')}; delete ${deployments.length > 1 ? 'them' : 'it'} first`,
      );
    }
    const versionIds = db.selectFrom('model_versions').select('id').where('model_id', '=', row.id);
    await db.deleteFrom('model_aliases').where('model_id', '=', row.id).execute();
    await db.deleteFrom('approvals').where('version_id', 'in', versionIds).execute();
    await db.deleteFrom('model_version_tags').where('version_id', 'in', versionIds).execute();
    await db.deleteFrom('model_versions').where('model_id', '=', row.id).execute();
    await db.deleteFrom('alias_moves').where('model_id', '=', row.id).execute();
    await db.deleteFrom('registered_model_tags').where('model_id', '=', row.id).execute();
    await db.deleteFrom('registered_models').where('id', '=', row.id).execute();
    await recordAudit(ctx, {
      action: 'model.delete',
      targetType: 'registered_model',
      targetId: row.id,
      summary: `registered model '${row.name}' deleted`,
      before: { name: row.name },
    });
  });
}
