import type { Person } from '@baton/contracts';
import { type Executor, executor, requireProject, type ServiceContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { loadMembers } from './list-members.ts';
import { loadProfiles, personView, profileOf } from './profiles.ts';

/** The members of a project with their profiles; one member when `username` is given. */
export async function loadPeople(db: Executor, projectId: string, username?: string): Promise<Person[]> {
  let userId: string | undefined;
  if (username !== undefined) {
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst();
    if (!user) return [];
    userId = user.id;
  }
  const members = await loadMembers(db, projectId, userId);
  const profiles = await loadProfiles(
    db,
    members.map((m) => m.userId),
  );
  return members.map((m) =>
    personView(
      { id: m.userId, username: m.username, display_name: m.displayName },
      profileOf(profiles, m.userId),
      m.roles,
    ),
  );
}

/** The team with each person's roles, background and skills. */
export async function listPeople({ ctx }: { ctx: ServiceContext }): Promise<Person[]> {
  return loadPeople(executor(ctx), requireProject(ctx).id);
}

/** One member of the project; someone who is not a member is not found. */
export async function getPerson({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { username: string };
}): Promise<Person> {
  const [person] = await loadPeople(executor(ctx), requireProject(ctx).id, input.username);
  if (!person) throw notFound('member', input.username);
  return person;
}
