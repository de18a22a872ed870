import type { MemberProfile, MemberSkill, Person, ProfileChange } from '@baton/contracts';
import { loadRoleCatalogue } from '../access/role-catalogue.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso } from '../clock.ts';
import { actorName, type Executor, type ServiceContext } from '../context.ts';
import type { UsersTable } from '../db/schema.ts';
import { badRequest } from '../errors.ts';
import { backgroundVocabulary, canonicalSkill, normalizeTerm, skillVocabulary } from './skill-vocabulary.ts';

export interface StoredProfile {
  background: string | null;
  summary: string;
  skills: MemberSkill[];
  updatedAt: string | null;
}

const EMPTY: StoredProfile = { background: null, summary: '', skills: [], updatedAt: null };

/** The profiles of some users; a user who never wrote one has an empty profile. */
export async function loadProfiles(db: Executor, userIds: string[]): Promise<Map<string, StoredProfile>> {
  const profiles = new Map<string, StoredProfile>();
  if (userIds.length === 0) return profiles;
  const rows = await db.selectFrom('member_profiles').selectAll().where('user_id', 'in', userIds).execute();
  const skills = await db
    .selectFrom('member_skills')
    .selectAll()
    .where('user_id', 'in', userIds)
    .orderBy('level', 'desc')
    .orderBy('skill')
    .execute();
  for (const id of userIds) {
    const row = rows.find((r) => r.user_id === id);
    profiles.set(id, {
      background: row?.background ?? null,
      summary: row?.summary ?? '',
      skills: skills.filter((s) => s.user_id === id).map((s) => ({ skill: s.skill, level: s.level })),
      updatedAt: row?.updated_at ?? null,
    });
  }
  return profiles;
}

export const profileOf = (profiles: Map<string, StoredProfile>, userId: string): StoredProfile =>
  profiles.get(userId) ?? EMPTY;

type UserRow = Pick<UsersTable, 'id' | 'username' | 'display_name'>;

export function profileView(user: UserRow, profile: StoredProfile): MemberProfile {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    background: profile.background,
    summary: profile.summary,
    skills: profile.skills,
    updatedAt: profile.updatedAt,
  };
}

export function personView(user: UserRow, profile: StoredProfile, roles: string[]): Person {
  return { ...profileView(user, profile), roles };
}

/**
 * Writes a change to a user's profile in the caller's transaction and audits it. Skills and
 * the background take the catalogue's names (`k8s` is stored as Kubernetes); naming one
 * skill twice, under any of its names, is refused.
 */
export async function writeProfile(
  ctx: ServiceContext,
  db: Executor,
  user: UserRow,
  change: ProfileChange,
): Promise<StoredProfile> {
  const before = profileOf(await loadProfiles(db, [user.id]), user.id);
  const catalogue = await loadRoleCatalogue(db);
  let skills = before.skills;
  if (change.skills !== undefined) {
    const vocabulary = skillVocabulary(catalogue);
    const seen = new Map<string, number>();
    skills = change.skills.map((s, i) => {
      const skill = canonicalSkill(vocabulary, s.skill);
      const first = seen.get(normalizeTerm(skill));
      if (first !== undefined) {
        throw badRequest(`'${s.skill}' is the same skill as entry ${first + 1} (${skill}); give it once`, [
          { path: `body.skills.${i}.skill`, message: `the same skill as body.skills.${first} (${skill})` },
        ]);
      }
      seen.set(normalizeTerm(skill), i);
      return { skill, level: s.level };
    });
  }
  const background =
    change.background === undefined
      ? before.background
      : change.background === null
        ? null
        : (backgroundVocabulary(catalogue).lookup(change.background) ?? change.background.trim());
  const after: StoredProfile = {
    background,
    summary: change.summary ?? before.summary,
    skills: [...skills].sort((a, b) => b.level - a.level || a.skill.localeCompare(b.skill)),
    updatedAt: nowIso(),
  };
  const row = {
    background: after.background,
    summary: after.summary,
    updated_at: after.updatedAt!,
    updated_by: actorName(ctx.actor),
  };
  const updated = await db
    .updateTable('member_profiles')
    .set(row)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db
      .insertInto('member_profiles')
      .values({ user_id: user.id, ...row })
      .execute();
  }
  if (change.skills !== undefined) {
    await db.deleteFrom('member_skills').where('user_id', '=', user.id).execute();
    if (after.skills.length > 0) {
      await db
        .insertInto('member_skills')
        .values(after.skills.map((s) => ({ user_id: user.id, skill: s.skill, level: s.level })))
        .execute();
    }
  }
  await recordAudit(ctx, {
    action: 'profile.update',
    targetType: 'member-profile',
    targetId: user.username,
    summary: `profile of '${user.username}' changed: ${Object.keys(change).join(', ')}`,
    before: { background: before.background, summary: before.summary, skills: before.skills },
    after: { background: after.background, summary: after.summary, skills: after.skills },
  });
  return after;
}
