import type { RoleFitReport } from '@baton/contracts';
import { loadRoleCatalogue } from '../access/role-catalogue.ts';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { loadPeople } from './list-people.ts';
import { rankRoles } from './rank-roles.ts';

/** The team roles ranked for a member of the project, from their skills and background. */
export async function getMemberRoleFit({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { username: string };
}): Promise<RoleFitReport> {
  const db = executor(ctx);
  const [person] = await loadPeople(db, requireProject(ctx).id, input.username);
  if (!person) throw notFound('member', input.username);
  const catalogue = await loadRoleCatalogue(db);
  const ranked = rankRoles(catalogue, {
    skills: person.skills,
    background: person.background,
    heldRoles: person.roles,
  });
  return {
    subject: {
      kind: 'member',
      username: person.username,
      background: person.background,
      skills: person.skills,
    },
    startingPoint: ranked.startingPoint ? { ...ranked.startingPoint, word: null } : null,
    recognised: [],
    otherSkills: ranked.otherSkills,
    ranking: ranked.ranking,
  };
}
