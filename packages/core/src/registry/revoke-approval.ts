import type { Approval } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { actorName, executor, inTransaction, type ServiceContext } from '../context.ts';
import { badRequest, forbidden, notFound } from '../errors.ts';
import { approvalViews } from './approvals.ts';
import { findModel, findVersion } from './registry-repo.ts';

/** Revokes an approval or rejection: one's own, or anyone's with `gate.manage`. */
export async function revokeApproval({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { model: string; version: string | number; approval: string };
}): Promise<Approval> {
  const me = actorName(ctx.actor);
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const model = await findModel(ctx, db, input.model);
    const version = await findVersion(ctx, db, model, input.version);
    const row = await db
      .selectFrom('approvals')
      .selectAll()
      .where('id', '=', input.approval)
      .where('version_id', '=', version.id)
      .executeTakeFirst();
    if (!row) throw notFound(`approval of version ${version.version}`, input.approval);
    if (row.revoked_at !== null) throw badRequest(`approval '${row.id}' is already revoked`);
    if (row.approver_id !== me && !ctx.project?.permissions.has('gate.manage')) {
      throw forbidden(
        `only ${row.approver_id} (or someone with gate.manage) can revoke this ${row.decision}`,
      );
    }
    const now = Date.now();
    await db
      .updateTable('approvals')
      .set({ revoked_at: now, revoked_by: me })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(ctx, {
      action: 'model.approval.revoke',
      targetType: 'model_version',
      targetId: version.id,
      summary: `${me} revoked the ${row.decision} by ${row.approver_id} (${row.role}) of v${version.version} of '${model.name}' for '${row.alias}'`,
      before: { decision: row.decision, approver: row.approver_id, role: row.role },
    });
    const [view] = await approvalViews(db, [{ ...row, revoked_at: now, revoked_by: me }]);
    return view!;
  });
}

/** The approvals and rejections of a version (revoked ones too), newest first. */
export async function listApprovals({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { model: string; version: string | number; alias?: string | undefined };
}): Promise<Approval[]> {
  const db = executor(ctx);
  const model = await findModel(ctx, db, input.model);
  const version = await findVersion(ctx, db, model, input.version);
  let query = db.selectFrom('approvals').selectAll().where('version_id', '=', version.id);
  if (input.alias) query = query.where('alias', '=', input.alias);
  return approvalViews(db, await query.orderBy('created_at', 'desc').execute());
}
