import type { MemberSkill, RoleCatalogue, RoleDefinition, RoleFit } from '@baton/contracts';
import { canonicalSkill, findBackground, normalizeTerm, skillVocabulary } from './skill-vocabulary.ts';

/** Who is being fitted: skills with levels and a background, and the roles already held. */
export interface FitProfile {
  skills: readonly MemberSkill[];
  background: string | null;
  heldRoles?: readonly string[];
}

export interface RoleRanking {
  /** The starting roles the background suggests, when the catalogue knows the background. */
  startingPoint: { background: string; roles: string[] } | null;
  /** Best fit first. */
  ranking: RoleFit[];
  /** Skills of the profile no team role asks for. */
  otherSkills: string[];
}

export const SKILL_WEIGHT = 0.7;
export const BACKGROUND_WEIGHT = 0.3;

/** A matched skill counts 0.6 at level 1 up to 1.0 at level 5: having it matters most. */
const levelWeight = (level: number): number => 0.5 + level / 10;

/** The team roles of a catalogue: jobs on an ML team, not access roles such as viewer. */
export const teamRolesOf = (catalogue: RoleCatalogue): RoleDefinition[] =>
  catalogue.roles.filter((role) => role.kind === 'team');

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

function explain(role: RoleDefinition, fit: Omit<RoleFit, 'explanation'>, background: string | null): string {
  const parts: string[] = [];
  const required = fit.matched.length + fit.missing.length;
  if (required === 0) parts.push(`${role.name} lists no skills`);
  else if (fit.matched.length === 0) parts.push(`none of the ${required} skills of ${role.name}`);
  else {
    const have = fit.matched.map((m) => `${m.skill} ${m.level}/5`).join(', ');
    parts.push(`${fit.matched.length} of ${required} skills of ${role.name} (${have})`);
  }
  if (fit.missing.length > 0 && fit.matched.length > 0) parts.push(`missing ${fit.missing.join(', ')}`);
  if (fit.startingRole) parts.push(`a ${background} background usually starts here`);
  else if (fit.backgroundScore > 0) parts.push(`a ${background} background is common in this role`);
  if (fit.held) parts.push('already held in this project');
  const text = parts.join('; ');
  return `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}.`;
}

/**
 * Ranks the team roles of the catalogue for a profile: 70% from the role's skills the
 * profile has (weighted by level), 30% from the background (a starting role counts fully,
 * a role the background is common in counts half). Ties go to the starting roles in the
 * order the background lists them, then to the catalogue's order.
 */
export function rankRoles(catalogue: RoleCatalogue, profile: FitProfile): RoleRanking {
  const vocabulary = skillVocabulary(catalogue);
  const have = new Map<string, MemberSkill>();
  for (const s of profile.skills) {
    const skill = canonicalSkill(vocabulary, s.skill);
    const key = normalizeTerm(skill);
    const known = have.get(key);
    if (!known || known.level < s.level) have.set(key, { skill, level: s.level });
  }
  const background = findBackground(catalogue, profile.background);
  const backgroundName = background?.name ?? profile.background;
  const starting = background?.startingRoles ?? [];
  const held = new Set(profile.heldRoles ?? []);
  const asked = new Set<string>();

  const fits = teamRolesOf(catalogue).map((role, position) => {
    const required = [...new Set(role.skills.map((s) => canonicalSkill(vocabulary, s)))];
    const matched: MemberSkill[] = [];
    const missing: string[] = [];
    for (const skill of required) {
      asked.add(normalizeTerm(skill));
      const found = have.get(normalizeTerm(skill));
      if (found) matched.push({ skill, level: found.level });
      else missing.push(skill);
    }
    const skillScore =
      required.length === 0 ? 0 : matched.reduce((sum, m) => sum + levelWeight(m.level), 0) / required.length;
    const startingRole = starting.includes(role.key);
    const common =
      backgroundName !== null &&
      role.backgrounds.some((b) => normalizeTerm(b) === normalizeTerm(backgroundName));
    const backgroundScore = startingRole ? 1 : common ? 0.5 : 0;
    const fit = {
      role: role.key,
      name: role.name,
      lane: role.lane,
      score: round((SKILL_WEIGHT * skillScore + BACKGROUND_WEIGHT * backgroundScore) * 100, 1),
      skillScore: round(skillScore, 3),
      backgroundScore,
      matched,
      missing,
      startingRole,
      held: held.has(role.key),
    };
    return { fit: { ...fit, explanation: explain(role, fit, backgroundName) }, position };
  });

  const startRank = (key: string) => {
    const at = starting.indexOf(key);
    return at < 0 ? starting.length : at;
  };
  fits.sort(
    (a, b) =>
      b.fit.score - a.fit.score || startRank(a.fit.role) - startRank(b.fit.role) || a.position - b.position,
  );
  return {
    startingPoint: background ? { background: background.name, roles: [...background.startingRoles] } : null,
    ranking: fits.map((f) => f.fit),
    otherSkills: [...have.entries()].filter(([key]) => !asked.has(key)).map(([, s]) => s.skill),
  };
}
