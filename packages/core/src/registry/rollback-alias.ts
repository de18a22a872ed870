import type { AliasMove } from '@baton/contracts';
import { executor, type ServiceContext } from '../context.ts';
import { badRequest, notFound } from '../errors.ts';
import { commitAliasMove, readAliasState } from './move-alias.ts';
import { assertAlias, findModel } from './registry-repo.ts';

/**
 * Re-points an alias to the version it pointed to before its last move, in one step, recorded
 * as a move of kind `rollback`. Gates do not apply: the way back is to a version that was
 * serving, and an incident must not wait for approvals.
 */
export async function rollbackAlias({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { model: string; alias: string; reason?: string | undefined; expectedRevision?: number | undefined };
}): Promise<AliasMove> {
  const alias = assertAlias(input.alias);
  const db = executor(ctx);
  const model = await findModel(ctx, db, input.model);
  const state = await readAliasState(db, model.id, alias);
  if (!state.row) throw notFound(`alias of model '${model.name}'`, alias);
  const last = await db
    .selectFrom('alias_moves')
    .select(['from_version_id', 'revision'])
    .where('model_id', '=', model.id)
    .where('alias', '=', alias)
    .where('revision', '=', Number(state.row.revision))
    .executeTakeFirst();
  if (!last?.from_version_id) {
    throw badRequest(`alias '${alias}' of '${model.name}' has no earlier version to roll back to`);
  }
  const target = await db
    .selectFrom('model_versions')
    .selectAll()
    .where('id', '=', last.from_version_id)
    .executeTakeFirst();
  if (!target)
    throw badRequest(`the version '${alias}' pointed to before has been deleted; promote one instead`);
  return commitAliasMove(ctx, {
    model,
    alias,
    kind: 'rollback',
    from: state,
    to: target,
    reason: input.reason ?? '',
    report: null,
    expectedRevision: input.expectedRevision,
  });
}
