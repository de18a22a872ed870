import type { Person, ProfileChange } from '@baton/contracts';
import { inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { loadPeople } from './list-people.ts';
import { writeProfile } from './profiles.ts';

/** Changes a member's background, summary or skills (for those who manage the team). */
export async function updatePerson({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { username: string; change: ProfileChange };
}): Promise<Person> {
  const scope = requireProject(ctx);
  return inTransaction(ctx, async (ctx) => {
    const db = ctx.tx!;
    const [person] = await loadPeople(db, scope.id, input.username);
    if (!person) throw notFound('member', input.username);
    const user = { id: person.userId, username: person.username, display_name: person.displayName };
    await writeProfile(ctx, db, user, input.change);
    const [after] = await loadPeople(db, scope.id, input.username);
    return after!;
  });
}
