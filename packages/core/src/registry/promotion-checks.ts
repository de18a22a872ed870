import type { ServiceContext } from '../context.ts';
import type { ModelRow, VersionRow } from './registry-repo.ts';

/** What a promotion check sees: the model, the version to promote and the alias. */
export interface PromotionCheckInput {
  ctx: ServiceContext;
  model: ModelRow;
  version: VersionRow;
  alias: string;
}

export interface PromotionCheckResult {
  passed: boolean;
  reason: string;
}

export type PromotionCheck = (input: PromotionCheckInput) => Promise<PromotionCheckResult>;

const checks = new Map<string, PromotionCheck>();

/**
 * Plugs a named check into promotion policies: a policy lists it under `hooks` and every move
 * of that alias runs it. Later lanes (fairness audits, product requirements) register theirs at
 * start-up. A policy naming a check nobody registered fails with "check not available".
 *
 * @example
 * registerPromotionCheck('fairness', async ({ version }) =>
 *   ({ passed: await auditPassed(version.id), reason: 'fairness audit of the version' }));
 */
export function registerPromotionCheck(name: string, check: PromotionCheck): void {
  checks.set(name, check);
}

/** Removes a registered check (tests, or a lane that is switched off). */
export function unregisterPromotionCheck(name: string): void {
  checks.delete(name);
}

export const promotionCheck = (name: string): PromotionCheck | undefined => checks.get(name);
export const promotionCheckNames = (): string[] => [...checks.keys()].sort();
