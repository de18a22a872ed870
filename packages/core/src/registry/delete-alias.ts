import { executor, type ServiceContext } from '../context.ts';
import { conflict, notFound } from '../errors.ts';
import { commitAliasMove, readAliasState } from './move-alias.ts';
import { findModel } from './registry-repo.ts';

/** Removes an alias (kept in the history as a move of kind `delete`); refused while a deployment follows it. */
export async function deleteAlias({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { model: string; alias: string; reason?: string | undefined };
}): Promise<void> {
  const db = executor(ctx);
  const model = await findModel(ctx, db, input.model);
  const state = await readAliasState(db, model.id, input.alias);
  if (!state.row) throw notFound(`alias of model '${model.name}'`, input.alias);
  const served = await db
    .selectFrom('deployments')
    .select('name')
    .where('model_id', '=', model.id)
    .where((eb) => eb.or([eb('alias', '=', input.alias), eb('challenger_alias', '=', input.alias)]))
    .executeTakeFirst();
  if (served)
    throw conflict(`deployment '${served.name}' follows alias '${input.alias}'; it cannot be removed`);
  await commitAliasMove(ctx, {
    model,
    alias: input.alias,
    kind: 'delete',
    from: state,
    to: null,
    reason: input.reason ?? '',
    report: null,
  });
}
