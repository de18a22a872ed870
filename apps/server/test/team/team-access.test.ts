import type { RoleCatalogue } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestProject,
  DIALECTS,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';

// "Only admins and product owners/managers edit the team; everyone in the project reads it."
const EDITORS = ['admin', 'product-owner', 'product-manager'];

for (const dialect of DIALECTS) {
  describe(`team lane access on ${dialect}`, () => {
    let t: TestApp;
    let project: { id: string; slug: string; ownerToken: string };
    let catalogue: RoleCatalogue;
    const byRole = new Map<string, TestUser>();
    let subject: TestUser;
    let outsider: TestUser;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      project = await createTestProject(t);
      catalogue = (await t.call('GET', '/api/v1/roles', { token: await t.adminToken() })).json();
      for (const role of catalogue.roles) byRole.set(role.key, await t.userWithRoles(project, [role.key]));
      subject = await t.userWithRoles(project, ['data-scientist']);
      outsider = await t.user();
    });
    afterAll(() => t.close());

    const base = () => `/api/v1/projects/${project.slug}`;
    const edits = () => [
      {
        method: 'PATCH',
        url: `${base()}/people/${subject.username}`,
        body: { skills: [{ skill: 'SQL', level: 3 }] },
      },
      { method: 'PATCH', url: `${base()}/team/settings`, body: { sensitiveAttributes: ['age'] } },
      { method: 'PUT', url: `${base()}/members/${subject.username}`, body: { roles: ['data-scientist'] } },
    ];
    const reads = () => [
      `${base()}/people`,
      `${base()}/people/${subject.username}`,
      `${base()}/people/${subject.username}/role-fit`,
      `${base()}/team/health`,
      `${base()}/team/settings`,
      `${base()}/members`,
    ];

    it('lets admins, product owners and product managers edit the team', async () => {
      for (const role of EDITORS) {
        for (const edit of edits()) {
          const res = await t.call(edit.method, edit.url, {
            token: byRole.get(role)!.token,
            body: edit.body,
          });
          expect(res.statusCode, `${role} ${edit.method} ${edit.url}: ${res.body}`).toBe(200);
        }
      }
    });

    it('refuses every other role, naming the permission', async () => {
      const others = catalogue.roles.map((r) => r.key).filter((key) => !EDITORS.includes(key));
      expect(others).toEqual(
        expect.arrayContaining(['data-scientist', 'ml-engineer', 'mlops-engineer', 'ai-ethicist', 'viewer']),
      );
      for (const role of others) {
        for (const edit of edits()) {
          const res = await t.call(edit.method, edit.url, {
            token: byRole.get(role)!.token,
            body: edit.body,
          });
          expect(res.statusCode, `${role} ${edit.method} ${edit.url}`).toBe(403);
          expect(res.json()).toMatchObject({
            code: 'forbidden',
            detail: expect.stringContaining("'member.manage'"),
          });
        }
      }
      // The refused edits changed nothing.
      const settings = await t.call('GET', `${base()}/team/settings`, { token: byRole.get('viewer')!.token });
      expect(settings.json().sensitiveAttributes).toEqual(['age']);
    });

    it('lets everyone in the project read the team, its role fit and its health', async () => {
      for (const role of catalogue.roles.map((r) => r.key)) {
        for (const url of reads()) {
          const res = await t.call('GET', url, { token: byRole.get(role)!.token });
          expect(res.statusCode, `${role} GET ${url}`).toBe(200);
        }
      }
    });

    it('hides the team from someone outside the project', async () => {
      for (const url of reads()) {
        const res = await t.call('GET', url, { token: outsider.token });
        expect(res.statusCode, url).toBe(404);
        expect(res.json().code).toBe('not_found');
      }
      for (const edit of edits()) {
        const res = await t.call(edit.method, edit.url, { token: outsider.token, body: edit.body });
        expect(res.statusCode).toBe(404);
      }
    });

    it('lets a Baton administrator who is not a member edit the team', async () => {
      for (const edit of edits()) {
        const res = await t.call(edit.method, edit.url, { token: await t.adminToken(), body: edit.body });
        expect(res.statusCode, `${edit.method} ${edit.url}: ${res.body}`).toBe(200);
      }
    });

    it('keeps importing the role catalogue for Baton administrators, even from a project admin', async () => {
      const { yaml } = (
        await t.call('GET', '/api/v1/roles/export', { token: byRole.get('viewer')!.token })
      ).json();
      for (const role of ['admin', 'product-owner', 'viewer']) {
        const res = await t.call('POST', '/api/v1/roles/import', {
          token: byRole.get(role)!.token,
          body: { yaml, dryRun: true },
        });
        expect(res.statusCode, role).toBe(403);
        expect(res.json().code).toBe('forbidden');
      }
    });

    it('lets every signed-in user keep their own profile and fit a candidate, and nobody anonymous', async () => {
      const me = byRole.get('viewer')!;
      const res = await t.call('PATCH', '/api/v1/me/profile', {
        token: me.token,
        body: { background: 'PhD', skills: [{ skill: 'pytorch', level: 4 }] },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        background: 'researcher/PhD',
        skills: [{ skill: 'PyTorch', level: 4 }],
      });
      const fit = await t.call('POST', '/api/v1/role-fit', {
        token: outsider.token,
        body: { background: 'data analyst' },
      });
      expect(fit.statusCode).toBe(200);
      for (const [method, url] of [
        ['GET', '/api/v1/me/profile'],
        ['POST', '/api/v1/role-fit'],
        ['GET', '/api/v1/roles/export'],
      ] as const) {
        const anonymous = await t.call(method, url, { body: method === 'POST' ? { text: 'x' } : undefined });
        expect(anonymous.statusCode, url).toBe(401);
      }
    });

    it('writes an audit entry for every team edit, in the project log', async () => {
      const res = await t.call('GET', `${base()}/audit?limit=500`, { token: project.ownerToken });
      const actions = new Set((res.json().items as { action: string }[]).map((e) => e.action));
      expect([...actions]).toEqual(
        expect.arrayContaining(['profile.update', 'team.settings.update', 'member.update']),
      );
    });
  });
}
