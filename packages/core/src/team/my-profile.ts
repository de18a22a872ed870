import type { MemberProfile, ProfileChange } from '@baton/contracts';
import { type Executor, executor, inTransaction, type ServiceContext } from '../context.ts';
import { ServiceError } from '../errors.ts';
import { loadProfiles, profileOf, profileView, writeProfile } from './profiles.ts';

async function signedInUser(db: Executor, ctx: ServiceContext) {
  if (ctx.actor.kind !== 'user')
    throw new ServiceError('unauthenticated', 'only a signed-in user has a profile');
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name'])
    .where('id', '=', ctx.actor.userId)
    .executeTakeFirstOrThrow();
}

/** The signed-in user's own background, summary and skills. */
export async function getMyProfile({ ctx }: { ctx: ServiceContext }): Promise<MemberProfile> {
  const db = executor(ctx);
  const user = await signedInUser(db, ctx);
  return profileView(user, profileOf(await loadProfiles(db, [user.id]), user.id));
}

/** Everyone keeps their own profile; those who manage a team may also edit its members'. */
export async function updateMyProfile({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ProfileChange;
}): Promise<MemberProfile> {
  return inTransaction(ctx, async (ctx) => {
    const db = ctx.tx!;
    const user = await signedInUser(db, ctx);
    return profileView(user, await writeProfile(ctx, db, user, input));
  });
}
