import type { RegisteredModel } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { actorName, executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { conflict } from '../errors.ts';
import { assertModelName, assertTags, type ModelRow, modelView, newRegistryId } from './registry-repo.ts';

export interface CreateModelInput {
  name: string;
  description?: string | undefined;
  tags?: Record<string, string> | undefined;
}

/** Registers a model name in the project; names are unique per project. */
export async function createRegisteredModel({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateModelInput;
}): Promise<RegisteredModel> {
  const name = assertModelName(input.name);
  const tags = assertTags(input.tags);
  const project = requireProject(ctx);
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const taken = await db
      .selectFrom('registered_models')
      .select('id')
      .where('project_id', '=', project.id)
      .where('name', '=', name)
      .executeTakeFirst();
    if (taken) throw conflict(`a registered model named '${name}' already exists`);
    const now = Date.now();
    const row: ModelRow = {
      id: newRegistryId(),
      project_id: project.id,
      name,
      description: input.description ?? '',
      created_by: actorName(ctx.actor),
      creation_time: now,
      last_update_time: now,
    };
    await db.insertInto('registered_models').values(row).execute();
    if (tags.length > 0) {
      await db
        .insertInto('registered_model_tags')
        .values(tags.map(([key, value]) => ({ model_id: row.id, key, value })))
        .execute();
    }
    await recordAudit(ctx, {
      action: 'model.create',
      targetType: 'registered_model',
      targetId: row.id,
      summary: `registered model '${name}' created`,
      after: { name },
    });
    return modelView(db, row);
  });
}
