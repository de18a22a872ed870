import type { AliasMove, AliasMoveKind, GateReport, ModelAlias } from '@baton/contracts';
import { executor, type ServiceContext } from '../context.ts';
import { aliasViews, findModel } from './registry-repo.ts';

/** Every move of the model's aliases (or of one alias), newest first. */
export async function aliasHistory({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { model: string; alias?: string | undefined };
}): Promise<AliasMove[]> {
  const db = executor(ctx);
  const model = await findModel(ctx, db, input.model);
  let query = db
    .selectFrom('alias_moves')
    .leftJoin('model_versions as f', 'f.id', 'alias_moves.from_version_id')
    .leftJoin('model_versions as t', 't.id', 'alias_moves.to_version_id')
    .selectAll('alias_moves')
    .select(['f.version as from_version', 't.version as to_version'])
    .where('alias_moves.model_id', '=', model.id);
  if (input.alias) query = query.where('alias_moves.alias', '=', input.alias);
  const rows = await query
    .orderBy('alias_moves.created_at', 'desc')
    .orderBy('alias_moves.revision', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    alias: r.alias,
    kind: r.kind as AliasMoveKind,
    fromVersion: r.from_version === null ? null : Number(r.from_version),
    toVersion: r.to_version === null ? null : Number(r.to_version),
    reason: r.reason,
    actor: r.actor_id,
    createdAt: Number(r.created_at),
    revision: Number(r.revision),
    gateReport: r.gate_report_json ? (JSON.parse(r.gate_report_json) as GateReport) : null,
  }));
}

/** Where each of the model's aliases points now. */
export async function listAliases({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { model: string };
}): Promise<ModelAlias[]> {
  const db = executor(ctx);
  return aliasViews(db, (await findModel(ctx, db, input.model)).id);
}
