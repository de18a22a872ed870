import type { ModelVersion } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { executor, inTransaction, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { assertTags, findModel, findVersion, touchModel, versionView } from './registry-repo.ts';

export interface UpdateVersionInput {
  model: string;
  version: string | number;
  description?: string | undefined;
  tags?: Record<string, string> | undefined;
  removeTags?: string[] | undefined;
}

/** Changes a version's description, sets or removes its tags. */
export async function updateModelVersion({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: UpdateVersionInput;
}): Promise<ModelVersion> {
  const tags = assertTags(input.tags);
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const model = await findModel(ctx, db, input.model);
    const row = await findVersion(ctx, db, model, input.version);
    const now = Date.now();
    const next = { ...row, last_update_time: now, description: input.description ?? row.description };
    await db
      .updateTable('model_versions')
      .set({ description: next.description, last_update_time: now })
      .where('id', '=', row.id)
      .execute();
    for (const [key, value] of tags) {
      await db
        .insertInto('model_version_tags')
        .values({ version_id: row.id, key, value })
        .onConflict((oc) => oc.columns(['version_id', 'key']).doUpdateSet({ value }))
        .execute();
    }
    for (const key of input.removeTags ?? []) {
      const result = await db
        .deleteFrom('model_version_tags')
        .where('version_id', '=', row.id)
        .where('key', '=', key)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0)
        throw badRequest(`version ${row.version} of '${model.name}' has no tag '${key}'`);
    }
    await touchModel(db, model.id, now);
    await recordAudit(ctx, {
      action: 'model.version.update',
      targetType: 'model_version',
      targetId: row.id,
      summary: `version ${row.version} of model '${model.name}' updated`,
      before: { description: row.description },
      after: { description: next.description, tags: input.tags, removeTags: input.removeTags },
    });
    return versionView(db, model, next);
  });
}
