import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestProject,
  DIALECTS,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { apiRunWithModel } from './registry-fixtures.ts';

/**
 * The permission list, role by role: ML engineers register versions; MLOps engineers
 * move aliases and manage deployments; approvals come only from the roles the policy names;
 * DevOps engineers read deployment health; viewers read. Each verb also meets a wrong role.
 */
for (const dialect of DIALECTS) {
  describe(`registry and serving permissions on ${dialect}`, () => {
    let t: TestApp;
    let base: string;
    const who: Record<string, TestUser> = {};
    const roles = [
      'ml-engineer',
      'mlops-engineer',
      'ai-ethicist',
      'product-owner',
      'devops-engineer',
      'data-scientist',
      'viewer',
    ];

    beforeAll(async () => {
      t = await startTestApp(dialect);
      const project = await createTestProject(t);
      for (const role of roles) who[role] = await t.userWithRoles(project, [role]);
      base = `/api/v1/projects/${project.slug}`;
      const runId = await apiRunWithModel(t, project.slug, who['ml-engineer']!.token);
      expect((await as('ml-engineer', 'POST', '/models', { name: 'credit' })).statusCode).toBe(201);
      for (let i = 0; i < 2; i++) {
        expect((await as('ml-engineer', 'POST', '/models/credit/versions', { runId })).statusCode).toBe(201);
      }
      expect(
        (await as('mlops-engineer', 'POST', '/models/credit/aliases/production/promote', { version: 1 }))
          .statusCode,
      ).toBe(200);
    });
    afterAll(() => t.close());

    const as = (role: string, method: string, path: string, body?: unknown) =>
      t.call(method, `${base}${path}`, {
        token: who[role]!.token,
        ...(body !== undefined ? { body } : {}),
      });
    const statusOf = async (role: string, method: string, path: string, body?: unknown) =>
      (await as(role, method, path, body)).statusCode;

    it('lets ML engineers register versions and refuses the roles that may not', async () => {
      for (const role of ['data-scientist', 'viewer', 'devops-engineer', 'ai-ethicist']) {
        const res = await as(role, 'POST', '/models/credit/versions', { runId: 'whatever' });
        expect(res.statusCode, role).toBe(403);
        expect(res.json().detail).toContain('model.register');
        expect(await statusOf(role, 'POST', '/models', { name: `m-${role}` }), role).toBe(403);
      }
    });

    it('lets MLOps engineers move aliases and roll back; refuses everyone else', async () => {
      for (const role of ['ml-engineer', 'devops-engineer', 'ai-ethicist', 'product-owner', 'viewer']) {
        expect(
          await statusOf(role, 'POST', '/models/credit/aliases/staging/promote', { version: 2 }),
          role,
        ).toBe(403);
        expect(await statusOf(role, 'POST', '/models/credit/aliases/production/rollback', {}), role).toBe(
          403,
        );
        expect(await statusOf(role, 'DELETE', '/models/credit/aliases/production'), role).toBe(403);
      }
      expect(
        await statusOf('mlops-engineer', 'POST', '/models/credit/aliases/staging/promote', { version: 2 }),
      ).toBe(200);
      const history = await as('viewer', 'GET', '/models/credit/history?alias=staging');
      expect(history.json().items).toHaveLength(1);
    });

    it('takes approvals only from the roles the policy names', async () => {
      expect(
        await statusOf('mlops-engineer', 'PUT', '/promotion-policies/release', {
          approvals: [{ role: 'ai-ethicist', count: 1 }],
        }),
      ).toBe(200);
      const decide = (role: string, extra: Record<string, unknown> = {}) =>
        as(role, 'POST', '/models/credit/versions/2/approvals', {
          alias: 'release',
          decision: 'approve',
          ...extra,
        });
      // The product owner and the MLOps engineer hold model.approve, but the policy names neither role.
      for (const role of ['product-owner', 'mlops-engineer']) {
        const res = await decide(role);
        expect(res.statusCode, role).toBe(403);
        expect(res.json().detail).toContain('ai-ethicist');
      }
      const claimed = await decide('mlops-engineer', { role: 'ai-ethicist' });
      expect(claimed.statusCode).toBe(403);
      expect(claimed.json().detail).toContain("do not hold the role 'ai-ethicist'");
      // A viewer lacks model.approve altogether.
      expect((await decide('viewer')).statusCode).toBe(403);
      const approved = await decide('ai-ethicist', { comment: 'reviewed' });
      expect(approved.statusCode).toBe(201);
      expect(approved.json()).toMatchObject({ role: 'ai-ethicist', comment: 'reviewed' });
      const gates = await as('viewer', 'GET', '/models/credit/aliases/release/gates?version=2');
      expect(gates.json().gates.every((g: { passed: boolean }) => g.passed)).toBe(true);
    });

    it('lets MLOps engineers manage deployments, DevOps engineers and viewers read their health, and refuses the rest', async () => {
      const create = (role: string, name: string) =>
        statusOf(role, 'POST', '/deployments', { name, model: 'credit', alias: 'production' });
      for (const role of ['viewer', 'data-scientist', 'ai-ethicist', 'product-owner']) {
        expect(await create(role, `perm-${role}`), role).toBe(403);
      }
      const name = `perm-${dialect}`;
      expect(await create('mlops-engineer', name)).toBe(201);
      for (const role of ['viewer', 'data-scientist', 'ai-ethicist']) {
        expect(await statusOf(role, 'PATCH', `/deployments/${name}`, { canaryPercent: 10 }), role).toBe(403);
        expect(await statusOf(role, 'DELETE', `/deployments/${name}`), role).toBe(403);
      }
      expect(await statusOf('mlops-engineer', 'PATCH', `/deployments/${name}`, { status: 'stopped' })).toBe(
        200,
      );
      for (const role of ['devops-engineer', 'viewer']) {
        const stats = await as(role, 'GET', `/deployments/${name}/stats`);
        expect(stats.statusCode, role).toBe(200);
        expect(stats.json()).toHaveProperty('health');
        expect(await statusOf(role, 'GET', `/deployments/${name}`), role).toBe(200);
        expect(await statusOf(role, 'GET', '/deployments'), role).toBe(200);
      }
    });

    it('lets viewers read the registry: models, versions, lineage, aliases, history, policies', async () => {
      for (const path of [
        '/models',
        '/models/credit',
        '/models/credit/versions',
        '/models/credit/versions/1/lineage',
        '/models/credit/aliases',
        '/models/credit/history',
        '/models/credit/aliases/production/gates?version=1',
      ]) {
        expect(await statusOf('viewer', 'GET', path), path).toBe(200);
      }
    });
  });
}
