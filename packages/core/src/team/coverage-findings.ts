import type { HealthFinding } from '@baton/contracts';
import { suggested } from './fit-index.ts';
import { type HealthFacts, listOf, roleName } from './health-facts.ts';
import { teamRolesOf } from './rank-roles.ts';

/**
 * Responsibilities nobody covers, one finding per role that carries them. Roles in `skip`
 * have a sharper finding of their own (no ethicist despite sensitive data, no MLOps owner
 * in a small team).
 */
export function uncoveredWork(facts: HealthFacts, skip: ReadonlySet<string>): HealthFinding[] {
  const { catalogue, fits } = facts;
  const findings: HealthFinding[] = [];
  for (const role of teamRolesOf(catalogue)) {
    if (skip.has(role.key)) continue;
    const open = facts.coverage.filter((c) => c.status === 'uncovered' && c.roles.includes(role.key));
    // A responsibility shared by several roles is reported once, under the first of them.
    const mine = open.filter((c) => c.roles.find((r) => !skip.has(r)) === role.key);
    if (mine.length === 0) continue;
    const core = mine.some((c) => c.importance === 'core');
    const candidate = fits.bestFor(role.key);
    const keys = mine.map((c) => c.responsibility);
    findings.push({
      code: 'uncovered_responsibilities',
      severity: core ? 'warning' : 'info',
      title: `Nobody covers the ${role.name} work`,
      detail: `Nobody on the team holds the ${role.name} role, so nobody is responsible for: ${listOf(mine.map((c) => c.title))}.`,
      action:
        `Give ${candidate ? suggested(candidate) : 'a team member'} the ${role.name} role or bring one in; ` +
        `if the project does not need this work, mark it not needed in the team settings (${keys.join(', ')}).`,
      roles: [role.key],
      people: candidate ? [candidate.username] : [],
      responsibilities: keys,
    });
  }
  return findings;
}

/** Responsibilities assigned by title whose work a lane reports as not done. */
export function unusedWork(facts: HealthFacts): HealthFinding[] {
  return facts.coverage
    .filter((c) => c.status === 'unused')
    .map((c) => {
      const unmet = facts.usage.filter((u) => u.responsibility === c.responsibility && u.status === 'unmet');
      return {
        code: 'responsibility_unused' as const,
        severity: c.importance === 'core' ? ('warning' as const) : ('info' as const),
        title: `${c.title}: assigned but not done`,
        detail: `${listOf(c.coveredBy)} cover${c.coveredBy.length === 1 ? 's' : ''} it as ${listOf(
          c.roles.map((r) => roleName(facts.catalogue, r)),
        )}, but ${listOf(unmet.map((u) => u.detail))}.`,
        action: unmet.map((u) => u.action).join(' '),
        roles: c.roles,
        people: c.coveredBy,
        responsibilities: [c.responsibility],
      };
    });
}
