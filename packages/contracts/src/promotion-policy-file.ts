import { parse } from 'yaml';
import { type PromotionPolicy, promotionPolicySchema } from './api/registry-schemas.ts';
import type { FieldError } from './errors.ts';

/** What reading a policy file gives: the policy, or every problem with a field path. */
export type PolicyFileResult = { ok: true; policy: PromotionPolicy } | { ok: false; errors: FieldError[] };

/**
 * Reads a promotion policy written as YAML or JSON (JSON is YAML), e.g.
 *
 * ```yaml
 * metrics:
 *   - { metric: roc_auc, op: ">=", value: 0.8 }
 * requireValidatedData: true
 * approvals:
 *   - { role: mlops-engineer, count: 1 }
 *   - { role: ai-ethicist, count: 1 }
 * hooks: [fairness]
 * ```
 */
export function parsePromotionPolicyText(text: string): PolicyFileResult {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    return {
      ok: false,
      errors: [{ path: 'file', message: (error as Error).message.split('\n')[0] ?? 'not YAML' }],
    };
  }
  const parsed = promotionPolicySchema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, policy: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'policy', message: i.message })),
  };
}
