import type { PromotionPolicyView } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { policyView } from './policies.ts';

/** The promotion policy of an alias in the project. */
export async function getPromotionPolicy({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { alias: string };
}): Promise<PromotionPolicyView> {
  const project = requireProject(ctx);
  const row = await executor(ctx)
    .selectFrom('promotion_policies')
    .selectAll()
    .where('project_id', '=', project.id)
    .where('alias', '=', input.alias)
    .executeTakeFirst();
  if (!row) throw notFound('promotion policy for alias', input.alias);
  return policyView(row);
}

/** Every promotion policy of the project, by alias. */
export async function listPromotionPolicies({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<PromotionPolicyView[]> {
  const project = requireProject(ctx);
  const rows = await executor(ctx)
    .selectFrom('promotion_policies')
    .selectAll()
    .where('project_id', '=', project.id)
    .orderBy('alias')
    .execute();
  return rows.map(policyView);
}

/** Removes the policy of an alias; moves of that alias are then ungated. */
export async function deletePromotionPolicy({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { alias: string };
}): Promise<void> {
  const project = requireProject(ctx);
  await inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const row = await db
      .selectFrom('promotion_policies')
      .selectAll()
      .where('project_id', '=', project.id)
      .where('alias', '=', input.alias)
      .executeTakeFirst();
    if (!row) throw notFound('promotion policy for alias', input.alias);
    await db.deleteFrom('promotion_policies').where('id', '=', row.id).execute();
    await recordAudit(ctx, {
      action: 'gate.policy.delete',
      targetType: 'promotion_policy',
      targetId: row.id,
      summary: `promotion policy of alias '${input.alias}' removed`,
      before: JSON.parse(row.policy_json),
    });
  });
}
