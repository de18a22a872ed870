import { bootstrapAdmin, openDatabase } from '@baton/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  createTestProject,
  DIALECTS,
  startTestApp,
  type TestApp,
} from './support/test-app.ts';

for (const dialect of DIALECTS) {
  describe(`identity, team and audit on ${dialect}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(() => t.close());

    async function browserLogin(username: string, password: string) {
      const res = await t.call('POST', '/api/v1/auth/login', { body: { username, password } });
      expect(res.statusCode, res.body).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'baton_session')!;
      return { cookie: `baton_session=${cookie.value}`, csrf: res.json().csrfToken as string };
    }

    it('stores passwords as argon2id and API tokens only as hashes', async () => {
      const user = await t.user();
      const row = await t.services.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const tokens = await t.services.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('user_id', '=', user.id)
        .execute();
      expect(tokens).toHaveLength(1);
      expect(JSON.stringify(tokens)).not.toContain(user.token);
      const listed = await t.call('GET', '/api/v1/tokens', { token: user.token });
      expect(listed.body).not.toContain(user.token);
      expect(listed.json().items[0].prefix).toBe(user.token.slice(0, 16));
    });

    it('ends a session on logout and other sessions on a password change', async () => {
      const user = await t.user();
      const a = await browserLogin(user.username, user.password);
      const b = await browserLogin(user.username, user.password);
      const changed = await t.call('POST', '/api/v1/auth/password', {
        headers: { cookie: a.cookie, 'x-baton-csrf': a.csrf },
        body: { currentPassword: user.password, newPassword: 'a-new-password' },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect((await t.call('GET', '/api/v1/auth/me', { headers: { cookie: a.cookie } })).statusCode).toBe(
        200,
      );
      expect((await t.call('GET', '/api/v1/auth/me', { headers: { cookie: b.cookie } })).json().code).toBe(
        'unauthenticated',
      );
      const out = await t.call('POST', '/api/v1/auth/logout', {
        headers: { cookie: a.cookie, 'x-baton-csrf': a.csrf },
      });
      expect(out.statusCode).toBe(200);
      expect((await t.call('GET', '/api/v1/auth/me', { headers: { cookie: a.cookie } })).statusCode).toBe(
        401,
      );
      await browserLogin(user.username, 'a-new-password');
    });

    it('generates and returns an admin password once on a first start without one', async () => {
      const database = openDatabase({ sqlitePath: ':memory:' });
      const { migrateToLatest } = await import('@baton/core');
      await migrateToLatest(database);
      const services = { ...t.services, db: database.db, dialect: database.dialect };
      const first = await bootstrapAdmin(services, undefined);
      expect(first.created).toBe(true);
      expect(first.generatedPassword?.length).toBeGreaterThanOrEqual(20);
      expect(await bootstrapAdmin(services, undefined)).toEqual({ created: false });
      await database.close();
    });

    it('manages a team: two roles, role changes, the last admin stays', async () => {
      const project = await createTestProject(t);
      const person = await t.user();
      const token = project.ownerToken;
      const url = `/api/v1/projects/${project.slug}/members/${person.username}`;
      const added = await t.call('PUT', url, { token, body: { roles: ['ml-engineer', 'mlops-engineer'] } });
      expect(added.statusCode, added.body).toBe(200);
      expect(added.json().roles).toEqual(['ml-engineer', 'mlops-engineer']);
      const asPerson = await t.call('GET', `/api/v1/projects/${project.slug}`, { token: person.token });
      expect(asPerson.json().myPermissions).toEqual(expect.arrayContaining(['model.promote', 'model.train']));
      expect(asPerson.json().myPermissions).not.toContain('member.manage');

      const me = (await t.call('GET', '/api/v1/auth/me', { token })).json();
      const ownerName = me.user.username;
      const demote = await t.call('PUT', `/api/v1/projects/${project.slug}/members/${ownerName}`, {
        token,
        body: { roles: ['viewer'] },
      });
      expect(demote.statusCode).toBe(409);
      const remove = await t.call('DELETE', `/api/v1/projects/${project.slug}/members/${ownerName}`, {
        token,
      });
      expect(remove.statusCode).toBe(409);
      const removed = await t.call('DELETE', url, { token });
      expect(removed.statusCode).toBe(200);
      const members = (await t.call('GET', `/api/v1/projects/${project.slug}/members`, { token })).json()
        .items;
      expect(members.map((m: { username: string }) => m.username)).toEqual([ownerName]);
    });

    it('treats the role catalogue as data: an admin edit changes what a role may do', async () => {
      const admin = await t.adminToken();
      const project = await createTestProject(t);
      const viewer = await t.userWithRoles(project, ['viewer']);
      const newcomer = await t.user();
      const target = `/api/v1/projects/${project.slug}/members/${newcomer.username}`;
      expect(
        (await t.call('PUT', target, { token: viewer.token, body: { roles: ['viewer'] } })).statusCode,
      ).toBe(403);

      const catalogue = (await t.call('GET', '/api/v1/roles', { token: admin })).json();
      const edited = structuredClone(catalogue);
      edited.roles.find((r: { key: string }) => r.key === 'viewer').permissions.push('member.manage');
      const put = await t.call('PUT', '/api/v1/roles', { token: admin, body: edited });
      expect(put.statusCode, put.body).toBe(200);
      expect(
        (await t.call('PUT', target, { token: viewer.token, body: { roles: ['viewer'] } })).statusCode,
      ).toBe(200);

      // A role still held cannot be dropped; nothing changes when the edit is refused.
      const dropped = {
        ...catalogue,
        roles: catalogue.roles.filter((r: { key: string }) => r.key !== 'viewer'),
      };
      const refused = await t.call('PUT', '/api/v1/roles', { token: admin, body: dropped });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().detail).toContain("'viewer'");
      const unknownPermission = structuredClone(catalogue);
      unknownPermission.roles[0].permissions.push('world.destroy');
      expect(
        (await t.call('PUT', '/api/v1/roles', { token: admin, body: unknownPermission })).statusCode,
      ).toBe(400);
      // Restore the shipped catalogue for the other tests.
      expect((await t.call('PUT', '/api/v1/roles', { token: admin, body: catalogue })).statusCode).toBe(200);
    });

    it('writes every mutation to the audit log, readable by admins only', async () => {
      const project = await createTestProject(t);
      const person = await t.user();
      const token = project.ownerToken;
      await t.call('PUT', `/api/v1/projects/${project.slug}/members/${person.username}`, {
        token,
        body: { roles: ['data-engineer'] },
      });
      await t.call('PUT', `/api/v1/projects/${project.slug}/members/${person.username}`, {
        token,
        body: { roles: ['data-engineer', 'data-scientist'] },
      });
      await t.call('PATCH', `/api/v1/projects/${project.slug}`, { token, body: { name: 'Renamed' } });
      const log = (await t.call('GET', `/api/v1/projects/${project.slug}/audit`, { token })).json();
      const actions = log.items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(['project.update', 'member.update', 'member.add', 'project.create']);
      const update = log.items[1];
      expect(update.before).toEqual({ roles: ['data-engineer'] });
      expect(update.after).toEqual({ roles: ['data-engineer', 'data-scientist'] });
      expect(update.actorName).not.toBe('anonymous');
      expect(update.requestId).toBeTruthy();
      expect(log.items[0].before).toEqual({ name: `Project ${project.slug}`, description: '' });

      const page = (await t.call('GET', `/api/v1/projects/${project.slug}/audit?limit=2`, { token })).json();
      expect(page.items).toHaveLength(2);
      const rest = (
        await t.call('GET', `/api/v1/projects/${project.slug}/audit?limit=10&cursor=${page.nextCursor}`, {
          token,
        })
      ).json();
      expect(rest.items.map((e: { action: string }) => e.action)).toEqual(['member.add', 'project.create']);

      expect((await t.call('GET', '/api/v1/audit', { token: person.token })).statusCode).toBe(403);
      const all = await t.call('GET', '/api/v1/audit?action=member.add', { token: await t.adminToken() });
      expect(all.statusCode).toBe(200);
      expect(all.json().items.every((e: { action: string }) => e.action === 'member.add')).toBe(true);
    });

    it('signs in as the bootstrapped admin', async () => {
      const session = await browserLogin('admin', ADMIN_PASSWORD);
      const me = (await t.call('GET', '/api/v1/auth/me', { headers: { cookie: session.cookie } })).json();
      expect(me.user.isAdmin).toBe(true);
      expect(me.authMethod).toBe('session');
      expect(me.csrfToken).toBe(session.csrf);
    });
  });
}
