import type { RoleCatalogue, SkillMatrix } from '@baton/contracts';
import { holdersOf, type TeamPerson } from './coverage.ts';
import { teamRolesOf } from './rank-roles.ts';
import { canonicalSkill, normalizeTerm, skillVocabulary } from './skill-vocabulary.ts';

/**
 * The skills-by-role heatmap of a team: for every skill each team role needs, the best level
 * among the people holding that role (null when none of them has it, or nobody holds it).
 */
export function skillMatrix(catalogue: RoleCatalogue, people: readonly TeamPerson[]): SkillMatrix {
  const vocabulary = skillVocabulary(catalogue);
  const levels = new Map<string, Map<string, number>>();
  for (const person of people) {
    const mine = new Map<string, number>();
    for (const s of person.skills) {
      const key = normalizeTerm(canonicalSkill(vocabulary, s.skill));
      mine.set(key, Math.max(mine.get(key) ?? 0, s.level));
    }
    levels.set(person.username, mine);
  }
  const roles = teamRolesOf(catalogue).map((role) => ({
    key: role.key,
    name: role.name,
    holders: holdersOf(people, role.key),
    skills: [...new Set(role.skills.map((s) => canonicalSkill(vocabulary, s)))],
  }));
  const skills: string[] = [];
  const cells: SkillMatrix['cells'] = [];
  for (const role of roles) {
    for (const skill of role.skills) {
      if (!skills.includes(skill)) skills.push(skill);
      const key = normalizeTerm(skill);
      const withIt = role.holders.filter((h) => (levels.get(h)?.get(key) ?? 0) > 0);
      const best = Math.max(0, ...withIt.map((h) => levels.get(h)?.get(key) ?? 0));
      cells.push({ role: role.key, skill, level: best > 0 ? best : null, people: withIt });
    }
  }
  return { roles: roles.map(({ skills: _skills, ...role }) => role), skills, cells };
}
