import type { RegisteredModel } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { badRequest, conflict } from '../errors.ts';
import { assertModelName, assertTags, findModel, modelView } from './registry-repo.ts';

export interface UpdateModelInput {
  model: string;
  /** A new name (rename). */
  name?: string | undefined;
  description?: string | undefined;
  tags?: Record<string, string> | undefined;
  removeTags?: string[] | undefined;
}

/** Renames a model, changes its description, sets or removes tags. */
export async function updateRegisteredModel({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: UpdateModelInput;
}): Promise<RegisteredModel> {
  const project = requireProject(ctx);
  const tags = assertTags(input.tags);
  const newName = input.name === undefined ? undefined : assertModelName(input.name);
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const row = await findModel(ctx, db, input.model);
    const now = Date.now();
    const next = { ...row, last_update_time: now };
    if (newName !== undefined && newName !== row.name) {
      const taken = await db
        .selectFrom('registered_models')
        .select('id')
        .where('project_id', '=', project.id)
        .where('name', '=', newName)
        .executeTakeFirst();
      if (taken) throw conflict(`a registered model named '${newName}' already exists`);
      next.name = newName;
    }
    if (input.description !== undefined) next.description = input.description;
    await db
      .updateTable('registered_models')
      .set({ name: next.name, description: next.description, last_update_time: now })
      .where('id', '=', row.id)
      .execute();
    for (const [key, value] of tags) {
      await db
        .insertInto('registered_model_tags')
        .values({ model_id: row.id, key, value })
        .onConflict((oc) => oc.columns(['model_id', 'key']).doUpdateSet({ value }))
        .execute();
    }
    for (const key of input.removeTags ?? []) {
      const result = await db
        .deleteFrom('registered_model_tags')
        .where('model_id', '=', row.id)
        .where('key', '=', key)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw badRequest(`model '${row.name}' has no tag '${key}'`);
    }
    await recordAudit(ctx, {
      action: next.name !== row.name ? 'model.rename' : 'model.update',
      targetType: 'registered_model',
      targetId: row.id,
      summary:
        next.name !== row.name
          ? `registered model '${row.name}' renamed to '${next.name}'`
          : `registered model '${row.name}' updated`,
      before: { name: row.name, description: row.description },
      after: {
        name: next.name,
        description: next.description,
        tags: input.tags,
        removeTags: input.removeTags,
      },
    });
    return modelView(db, next);
  });
}
