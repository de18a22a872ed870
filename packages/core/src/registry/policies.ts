import { type PromotionPolicy, type PromotionPolicyView, promotionPolicySchema } from '@baton/contracts';
import type { Executor } from '../context.ts';
import type { PromotionPoliciesTable } from '../db/registry-schema.ts';

/** A stored policy row as its view; the JSON is parsed with the contract's schema. */
export function policyView(row: PromotionPoliciesTable): PromotionPolicyView {
  return {
    alias: row.alias,
    policy: promotionPolicySchema.parse(JSON.parse(row.policy_json)),
    updatedBy: row.updated_by,
    updatedAt: Number(row.updated_at),
  };
}

export async function findPolicy(
  db: Executor,
  projectId: string,
  alias: string,
): Promise<PromotionPolicy | null> {
  const row = await db
    .selectFrom('promotion_policies')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('alias', '=', alias)
    .executeTakeFirst();
  return row ? policyView(row).policy : null;
}
