import type { HealthFinding, ResponsibilityCoverage, RoleCatalogue, TeamSettings } from '@baton/contracts';
import type { TeamPerson } from './coverage.ts';
import type { FitIndex } from './fit-index.ts';
import type { SensitiveAttribute } from './sensitive-attributes.ts';
import type { UsageResult } from './usage-probes.ts';

/**
 * The roles the health rules reason about by key. A catalogue without one of them simply
 * skips the rules that need it.
 */
export const ROLE = {
  dataScientist: 'data-scientist',
  mlEngineer: 'ml-engineer',
  mlopsEngineer: 'mlops-engineer',
  aiEthicist: 'ai-ethicist',
} as const;

/** Everything a health rule may look at; built once per report. */
export interface HealthFacts {
  catalogue: RoleCatalogue;
  /** Members holding at least one team role. */
  team: readonly TeamPerson[];
  settings: TeamSettings;
  coverage: readonly ResponsibilityCoverage[];
  sensitive: readonly SensitiveAttribute[];
  usage: readonly UsageResult[];
  fits: FitIndex;
}

export type HealthRule = (facts: HealthFacts) => HealthFinding[];

export const roleName = (catalogue: RoleCatalogue, key: string): string =>
  catalogue.roles.find((r) => r.key === key)?.name ?? key;

export const hasRole = (catalogue: RoleCatalogue, key: string): boolean =>
  catalogue.roles.some((r) => r.key === key && r.kind === 'team');

export const nameOf = (person: TeamPerson): string => person.displayName || person.username;

/** `a`, `a and b`, `a, b and c`. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
