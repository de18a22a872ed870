import type { MemberSkill, ResponsibilityCoverage, RoleCatalogue, TeamSettings } from '@baton/contracts';
import { teamRolesOf } from './rank-roles.ts';
import type { UsageResult } from './usage-probes.ts';

/** A member as team health sees them. */
export interface TeamPerson {
  username: string;
  displayName: string;
  roles: readonly string[];
  skills: readonly MemberSkill[];
  background: string | null;
}

/** The holders of a role, by username. */
export const holdersOf = (people: readonly TeamPerson[], role: string): string[] =>
  people.filter((p) => p.roles.includes(role)).map((p) => p.username);

/**
 * Maps every responsibility of the catalogue's team roles to the people covering it. A
 * responsibility is covered by anyone holding a role that carries it, and in use unless a
 * usage probe of its lane says otherwise.
 */
export function mapCoverage(
  catalogue: RoleCatalogue,
  people: readonly TeamPerson[],
  settings: TeamSettings,
  usage: readonly UsageResult[],
): ResponsibilityCoverage[] {
  const byKey = new Map<string, ResponsibilityCoverage>();
  for (const role of teamRolesOf(catalogue)) {
    for (const r of role.responsibilities) {
      const entry = byKey.get(r.key);
      if (entry) {
        entry.roles.push(role.key);
        continue;
      }
      byKey.set(r.key, {
        responsibility: r.key,
        title: r.title,
        importance: r.importance,
        roles: [role.key],
        coveredBy: [],
        status: 'covered',
        usage: [],
      });
    }
  }
  const notNeeded = new Set(settings.notNeeded);
  for (const entry of byKey.values()) {
    entry.coveredBy = people
      .filter((p) => entry.roles.some((r) => p.roles.includes(r)))
      .map((p) => p.username);
    entry.usage = usage
      .filter((u) => u.responsibility === entry.responsibility)
      .map(({ probe, lane, describe, status, detail }) => ({ probe, lane, describe, status, detail }));
    if (notNeeded.has(entry.responsibility)) entry.status = 'not_needed';
    else if (entry.coveredBy.length === 0) entry.status = 'uncovered';
    else if (entry.usage.some((u) => u.status === 'unmet')) entry.status = 'unused';
    else entry.status = 'covered';
  }
  return [...byKey.values()];
}
