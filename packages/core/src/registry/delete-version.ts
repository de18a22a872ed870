import { recordAudit } from '../audit/record-audit.ts';
import { actorName, executor, inTransaction, type ServiceContext } from '../context.ts';
import { conflict } from '../errors.ts';
import { findModel, findVersion, newRegistryId, touchModel } from './registry-repo.ts';

/**
 * Deletes a version. Refused while a deployment serves it through an alias; other aliases
 * pointing at it are removed, each recorded in the history as a move of kind `delete`.
 */
export async function deleteModelVersion({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { model: string; version: string | number };
}): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const model = await findModel(ctx, db, input.model);
    const row = await findVersion(ctx, db, model, input.version);
    const aliases = await db
      .selectFrom('model_aliases')
      .selectAll()
      .where('version_id', '=', row.id)
      .execute();
    const names = aliases.map((a) => a.alias);
    if (names.length > 0) {
      const served = await db
        .selectFrom('deployments')
        .select(['name', 'alias', 'challenger_alias'])
        .where('model_id', '=', model.id)
        .where((eb) => eb.or([eb('alias', 'in', names), eb('challenger_alias', 'in', names)]))
        .execute();
      if (served.length > 0) {
        throw conflict(
          `version ${row.version} of '${model.name}' is served by deployment '${served[0]!.name}' (alias '${names.join("', '")}'); move the alias first`,
        );
      }
    }
    const now = Date.now();
    for (const a of aliases) {
      await db
        .insertInto('alias_moves')
        .values({
          id: newRegistryId(),
          model_id: model.id,
          alias: a.alias,
          from_version_id: row.id,
          to_version_id: null,
          kind: 'delete',
          reason: `version ${row.version} deleted`,
          gate_report_json: null,
          actor_id: actorName(ctx.actor),
          created_at: now,
          revision: Number(a.revision) + 1,
        })
        .execute();
    }
    await db.deleteFrom('model_aliases').where('version_id', '=', row.id).execute();
    await db.deleteFrom('approvals').where('version_id', '=', row.id).execute();
    await db.deleteFrom('model_version_tags').where('version_id', '=', row.id).execute();
    await db.deleteFrom('model_versions').where('id', '=', row.id).execute();
    await touchModel(db, model.id, now);
    await recordAudit(ctx, {
      action: 'model.version.delete',
      targetType: 'model_version',
      targetId: row.id,
      summary: `version ${row.version} of model '${model.name}' deleted${names.length ? ` (aliases removed: ${names.join(', ')})` : ''}`,
      before: { version: row.version, source: row.source, aliases: names },
    });
  });
}
