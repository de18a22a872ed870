import type { CandidateProfile, MemberSkill, RoleFitReport } from '@baton/contracts';
import { loadRoleCatalogue } from '../access/role-catalogue.ts';
import { executor, type ServiceContext } from '../context.ts';
import { rankRoles } from './rank-roles.ts';
import { readProfileText } from './read-profile-text.ts';
import { canonicalSkill, findBackground, skillVocabulary } from './skill-vocabulary.ts';

/**
 * Ranks the team roles for someone who is not (yet) a member: skills and a background as
 * given, and whatever a pasted text adds. Given skills win over the same skill read from
 * the text; a given background wins over one read from the text.
 */
export async function fitCandidate({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CandidateProfile;
}): Promise<RoleFitReport> {
  const catalogue = await loadRoleCatalogue(executor(ctx));
  const vocabulary = skillVocabulary(catalogue);
  const reading = input.text?.trim() ? readProfileText(catalogue, input.text) : undefined;

  const skills: MemberSkill[] = (input.skills ?? []).map((s) => ({
    skill: canonicalSkill(vocabulary, s.skill),
    level: s.level,
  }));
  for (const s of reading?.skills ?? []) {
    if (!skills.some((given) => given.skill === s.skill)) skills.push(s);
  }
  const givenBackground = input.background?.trim() || null;
  const background = givenBackground
    ? (findBackground(catalogue, givenBackground)?.name ?? givenBackground)
    : (reading?.background ?? null);
  const word = givenBackground ? null : (reading?.backgroundWord ?? null);

  const ranked = rankRoles(catalogue, { skills, background });
  return {
    subject: { kind: 'candidate', username: null, background, skills },
    startingPoint: ranked.startingPoint ? { ...ranked.startingPoint, word } : null,
    recognised: reading?.recognised ?? [],
    otherSkills: ranked.otherSkills,
    ranking: ranked.ranking,
  };
}
