import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILTIN_ROLE_CATALOGUE,
  loadRoleCatalogue,
  replaceRoleCatalogue,
  seedRoleCatalogue,
} from '../../src/access/role-catalogue.ts';
import { listAudit } from '../../src/audit/list-audit.ts';
import type { ServiceContext, Services } from '../../src/context.ts';
import * as m0001 from '../../src/db/migrations/0001-foundation.ts';
import * as m0002 from '../../src/db/migrations/0002-team.ts';
import { createUser } from '../../src/identity/create-user.ts';
import { createProject } from '../../src/projects/create-project.ts';
import { getMyProfile, updateMyProfile } from '../../src/team/my-profile.ts';
import { updateTeamSettings } from '../../src/team/update-team-settings.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.ts';

const noArtifacts = {} as Services['artifacts'];

for (const dialect of DIALECTS) {
  describe(`team store on ${dialect}`, () => {
    let database: TestDatabase;
    let services: Services;
    let ctx: ServiceContext;

    beforeAll(async () => {
      database = await openTestDatabase(dialect);
      services = {
        db: database.db,
        dialect: database.dialect,
        artifacts: noArtifacts,
        logger: pino({ level: 'silent' }),
      };
      await seedRoleCatalogue(services.db);
      const system: ServiceContext = {
        services,
        actor: { kind: 'system', name: 'test' },
        logger: services.logger,
      };
      const user = await createUser({
        ctx: system,
        input: { username: 'mel', password: 'password-of-mel', isAdmin: false },
      });
      ctx = { ...system, actor: { kind: 'user', userId: user.id, username: 'mel', isAdmin: false } };
    });
    afterAll(() => database.dispose());

    it('stores the shipped catalogue with its backgrounds and synonyms', async () => {
      const stored = await loadRoleCatalogue(services.db);
      expect(stored).toEqual(BUILTIN_ROLE_CATALOGUE);
      const sections = await services.db
        .selectFrom('role_catalogue_sections')
        .select('name')
        .orderBy('name')
        .execute();
      expect(sections.map((s) => s.name)).toEqual(['backgrounds', 'skills']);
    });

    it('keeps a profile with skills under the catalogue names, audited', async () => {
      const profile = await updateMyProfile({
        ctx,
        input: {
          background: 'Software Engineer',
          summary: 'Ships models.',
          skills: [
            { skill: 'k8s', level: 4 },
            { skill: 'sklearn', level: 3 },
            { skill: 'Haskell', level: 2 },
          ],
        },
      });
      expect(profile.background).toBe('software developer');
      expect(profile.skills).toEqual([
        { skill: 'Kubernetes', level: 4 },
        { skill: 'scikit-learn', level: 3 },
        { skill: 'Haskell', level: 2 },
      ]);
      // A change leaves out what it does not name.
      const after = await updateMyProfile({ ctx, input: { summary: 'Ships models, safely.' } });
      expect(after.skills).toHaveLength(3);
      expect((await getMyProfile({ ctx })).summary).toBe('Ships models, safely.');
      const audit = await listAudit({ ctx, input: { action: 'profile.update', limit: 10 } });
      expect(audit.items).toHaveLength(2);
      expect(audit.items[1]!.after).toMatchObject({ background: 'software developer' });
    });

    it('refuses the same skill twice under two names', async () => {
      await expect(
        updateMyProfile({
          ctx,
          input: {
            skills: [
              { skill: 'Kubernetes', level: 4 },
              { skill: 'K8S', level: 2 },
            ],
          },
        }),
      ).rejects.toMatchObject({ code: 'bad_request', errors: [{ path: 'body.skills.1.skill' }] });
    });

    it('changes team settings partially and refuses unknown responsibilities', async () => {
      const project = await createProject({ ctx, input: { slug: `t-${dialect}`, name: 'Team store' } });
      const scoped = {
        ...ctx,
        project: {
          id: project.id,
          slug: project.slug,
          name: project.name,
          roles: ['admin'],
          permissions: new Set([]),
        },
      };
      const settings = await updateTeamSettings({
        ctx: scoped,
        input: { sensitiveAttributes: ['age', 'sex', 'age'] },
      });
      expect(settings).toMatchObject({
        sensitiveAttributes: ['age', 'sex'],
        maxRolesPerPerson: 2,
        dsPerMle: { min: 5, max: 10 },
      });
      const again = await updateTeamSettings({
        ctx: scoped,
        input: { maxRolesPerPerson: 3, notNeeded: ['real-time-streaming'] },
      });
      expect(again).toMatchObject({
        sensitiveAttributes: ['age', 'sex'],
        maxRolesPerPerson: 3,
        notNeeded: ['real-time-streaming'],
      });
      await expect(
        updateTeamSettings({ ctx: scoped, input: { notNeeded: ['juggling'] } }),
      ).rejects.toMatchObject({
        code: 'bad_request',
        errors: [{ path: 'body.notNeeded.0' }],
      });
    });

    it('keeps the catalogue sections a replacement leaves out as the shipped ones', async () => {
      const admin = { ...ctx, actor: { ...ctx.actor, isAdmin: true } } as ServiceContext;
      const { backgrounds: _b, skills: _s, ...rolesOnly } = BUILTIN_ROLE_CATALOGUE;
      await replaceRoleCatalogue({
        ctx: admin,
        input: { ...rolesOnly, skills: [{ name: 'Kubernetes', aliases: ['kube'] }] },
      });
      const stored = await loadRoleCatalogue(services.db);
      expect(stored.skills).toEqual([{ name: 'Kubernetes', aliases: ['kube'] }]);
      expect(stored.backgrounds).toEqual(BUILTIN_ROLE_CATALOGUE.backgrounds);
      await replaceRoleCatalogue({ ctx: admin, input: BUILTIN_ROLE_CATALOGUE });
    });
  });

  describe(`migration 0002 on ${dialect}: a catalogue stored before it`, () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await openTestDatabase(dialect);
    });
    afterAll(() => database.dispose());

    it('lets product owners manage the team and marks admin and viewer as access roles', async () => {
      // A fresh schema, migrated by hand to 0001 only, holding the first catalogue format.
      const schema = database.schema;
      const fresh = schema ? `${schema}_old` : undefined;
      const { openDatabase, ensureSchema } = await import('../../src/db/database.ts');
      const old = fresh ? openDatabase({ url: database.url, schema: fresh, poolSize: 1 }) : openDatabase({});
      await ensureSchema(old, fresh);
      try {
        await m0001.up(old.db as never, dialect);
        const legacy = [
          { key: 'product-owner', permissions: ['project.read', 'goal.write'] },
          { key: 'admin', permissions: ['project.read', 'member.manage'] },
          { key: 'viewer', permissions: ['project.read'] },
        ];
        for (const [position, role] of legacy.entries()) {
          const definition = {
            ...role,
            name: role.key,
            purpose: 'x',
            lane: 'team',
            responsibilities: ['Do the work'],
          };
          await old.db
            .insertInto('roles')
            .values({ key: role.key, position, definition: JSON.stringify(definition), updated_at: 'now' })
            .execute();
        }
        await m0002.up(old.db as never, dialect);
        const catalogue = await loadRoleCatalogue(old.db);
        const byKey = Object.fromEntries(catalogue.roles.map((r) => [r.key, r]));
        expect(byKey['product-owner']!.permissions).toContain('member.manage');
        expect(byKey['product-owner']!.kind).toBe('team');
        expect(byKey.admin!.kind).toBe('access');
        expect(byKey.viewer!.kind).toBe('access');
        expect(byKey.viewer!.responsibilities[0]).toMatchObject({ key: 'do-the-work', title: 'Do the work' });
      } finally {
        if (fresh) {
          const { sql } = await import('kysely');
          await sql`drop schema if exists ${sql.id(fresh)} cascade`.execute(old.db);
        }
        await old.close();
      }
    });
  });
}
