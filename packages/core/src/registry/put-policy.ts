import { type PromotionPolicyView, promotionPolicySchema } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { actorName, executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { policyView } from './policies.ts';
import { assertAlias, newRegistryId } from './registry-repo.ts';

/** Declares (or replaces) the promotion policy of an alias in the project. */
export async function putPromotionPolicy({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { alias: string; policy: unknown };
}): Promise<PromotionPolicyView> {
  const alias = assertAlias(input.alias);
  const parsed = promotionPolicySchema.safeParse(input.policy);
  if (!parsed.success) {
    throw badRequest(
      'invalid promotion policy',
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'policy', message: i.message })),
    );
  }
  const project = requireProject(ctx);
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const before = await db
      .selectFrom('promotion_policies')
      .selectAll()
      .where('project_id', '=', project.id)
      .where('alias', '=', alias)
      .executeTakeFirst();
    const row = {
      id: before?.id ?? newRegistryId(),
      project_id: project.id,
      alias,
      policy_json: JSON.stringify(parsed.data),
      updated_by: actorName(ctx.actor),
      updated_at: Date.now(),
    };
    if (before) {
      await db
        .updateTable('promotion_policies')
        .set({ policy_json: row.policy_json, updated_by: row.updated_by, updated_at: row.updated_at })
        .where('id', '=', before.id)
        .execute();
    } else {
      await db.insertInto('promotion_policies').values(row).execute();
    }
    await recordAudit(ctx, {
      action: 'gate.policy.put',
      targetType: 'promotion_policy',
      targetId: row.id,
      summary: `promotion policy of alias '${alias}' ${before ? 'replaced' : 'declared'}`,
      before: before ? JSON.parse(before.policy_json) : undefined,
      after: parsed.data,
    });
    return policyView(row);
  });
}
