import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestProject,
  DIALECTS,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { apiRunWithModel } from './registry-fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`registry API on ${dialect}`, () => {
    let t: TestApp;
    let project: { id: string; slug: string };
    let engineer: TestUser;
    let mlops: TestUser;
    let ethicist: TestUser;
    let viewer: TestUser;
    let scientist: TestUser;
    let base: string;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      project = await createTestProject(t);
      engineer = await t.userWithRoles(project, ['ml-engineer']);
      mlops = await t.userWithRoles(project, ['mlops-engineer']);
      ethicist = await t.userWithRoles(project, ['ai-ethicist']);
      viewer = await t.userWithRoles(project, ['viewer']);
      scientist = await t.userWithRoles(project, ['data-scientist']);
      base = `/api/v1/projects/${project.slug}`;
    });
    afterAll(() => t.close());

    const call = (user: TestUser, method: string, path: string, body?: unknown) =>
      t.call(method, `${base}${path}`, { token: user.token, ...(body !== undefined ? { body } : {}) });

    it('walks the baton: register from a run, gate, approve, promote, roll back', async () => {
      const runId = await apiRunWithModel(t, project.slug, engineer.token, { roc_auc: 0.91 });
      const weakRun = await apiRunWithModel(t, project.slug, engineer.token, { roc_auc: 0.6 });
      expect((await call(engineer, 'POST', '/models', { name: 'credit' })).statusCode).toBe(201);
      const v1 = await call(engineer, 'POST', '/models/credit/versions', { runId: weakRun });
      expect(v1.statusCode).toBe(201);
      const v2 = await call(engineer, 'POST', '/models/credit/versions', { runId, description: 'better' });
      expect(v2.json()).toMatchObject({
        version: 2,
        runId,
        onnxDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      });

      // Only gate.manage holders declare policies.
      const policy = {
        metrics: [{ metric: 'roc_auc', op: '>=', value: 0.8 }],
        approvals: [
          { role: 'mlops-engineer', count: 1 },
          { role: 'ai-ethicist', count: 1 },
        ],
        hooks: ['product-requirements'],
      };
      expect((await call(engineer, 'PUT', '/promotion-policies/production', policy)).statusCode).toBe(403);
      expect(
        (
          await call(mlops, 'PUT', '/promotion-policies/production', {
            metrics: [{ metric: 'x', op: '~', value: 1 }],
          })
        ).statusCode,
      ).toBe(400);
      expect((await call(mlops, 'PUT', '/promotion-policies/production', policy)).statusCode).toBe(200);

      const blocked = await call(mlops, 'POST', '/models/credit/aliases/production/promote', { version: 1 });
      expect(blocked.statusCode).toBe(422);
      expect(blocked.json().code).toBe('gates_failed');
      expect(blocked.json().errors.map((e: { path: string }) => e.path)).toEqual([
        'metric:roc_auc>=0.8',
        'approval:mlops-engineer',
        'approval:ai-ethicist',
        'hook:product-requirements',
      ]);

      const gates = await call(viewer, 'GET', '/models/credit/aliases/production/gates?version=2');
      expect(gates.statusCode).toBe(200);
      expect(gates.json().gates.filter((g: { passed: boolean }) => !g.passed)).toHaveLength(3);

      // The author cannot approve; a viewer has no model.approve; the ethicist approves as ethicist.
      const own = await call(engineer, 'POST', '/models/credit/versions/2/approvals', {
        alias: 'production',
        decision: 'approve',
      });
      expect(own.statusCode).toBe(403);
      expect(
        (
          await call(viewer, 'POST', '/models/credit/versions/2/approvals', {
            alias: 'production',
            decision: 'approve',
          })
        ).statusCode,
      ).toBe(403);
      const approval = await call(ethicist, 'POST', '/models/credit/versions/2/approvals', {
        alias: 'production',
        decision: 'approve',
        comment: 'bias review done',
      });
      expect(approval.statusCode).toBe(201);
      expect(approval.json()).toMatchObject({
        approver: ethicist.username,
        role: 'ai-ethicist',
        comment: 'bias review done',
      });
      expect(
        (
          await call(mlops, 'POST', '/models/credit/versions/2/approvals', {
            alias: 'production',
            decision: 'approve',
          })
        ).statusCode,
      ).toBe(201);

      // Still blocked by the unregistered hook; drop it from the policy and promote.
      const still = await call(mlops, 'POST', '/models/credit/aliases/production/promote', { version: 2 });
      expect(still.json().errors).toEqual([
        { path: 'hook:product-requirements', message: 'check not available' },
      ]);
      await call(mlops, 'PUT', '/promotion-policies/production', { ...policy, hooks: [] });
      expect(
        (await call(engineer, 'POST', '/models/credit/aliases/production/promote', { version: 2 }))
          .statusCode,
      ).toBe(403);
      const moved = await call(mlops, 'POST', '/models/credit/aliases/production/promote', {
        version: 2,
        reason: 'Q3 release',
      });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({
        kind: 'promote',
        fromVersion: null,
        toVersion: 2,
        reason: 'Q3 release',
      });
      expect(moved.json().gateReport.passed).toBe(true);

      // An ungated alias moves freely; roll it back in one call.
      await call(mlops, 'POST', '/models/credit/aliases/champion/promote', { version: 1 });
      await call(mlops, 'POST', '/models/credit/aliases/champion/promote', { version: 2 });
      expect((await call(viewer, 'POST', '/models/credit/aliases/champion/rollback', {})).statusCode).toBe(
        403,
      );
      const back = await call(mlops, 'POST', '/models/credit/aliases/champion/rollback', {
        reason: 'latency regression',
      });
      expect(back.json()).toMatchObject({ kind: 'rollback', fromVersion: 2, toVersion: 1 });
      const history = await call(viewer, 'GET', '/models/credit/history?alias=champion');
      expect(history.json().items.map((m: { kind: string }) => m.kind)).toEqual([
        'rollback',
        'promote',
        'promote',
      ]);
      const model = await call(viewer, 'GET', '/models/credit');
      expect(model.json().aliases).toEqual({ champion: 1, production: 2 });
      const lineage = await call(viewer, 'GET', '/models/credit/versions/2/lineage');
      expect(lineage.json().run.id).toBe(runId);

      // A stale expected revision loses with 409 conflict.
      const stale = await call(mlops, 'POST', '/models/credit/aliases/champion/promote', {
        version: 2,
        expectedRevision: 1,
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('conflict');
    });

    it('answers two concurrent alias moves with one 200 and one 409, both recorded', async () => {
      const runId = await apiRunWithModel(t, project.slug, engineer.token);
      await call(engineer, 'POST', '/models', { name: 'race' });
      for (let i = 0; i < 3; i++) await call(engineer, 'POST', '/models/race/versions', { runId });
      await call(mlops, 'POST', '/models/race/aliases/live/promote', { version: 1 });
      const [a, b] = await Promise.all(
        [2, 3].map((version) =>
          call(mlops, 'POST', '/models/race/aliases/live/promote', { version, expectedRevision: 1 }),
        ),
      );
      expect([a!.statusCode, b!.statusCode].sort()).toEqual([200, 409]);
      const winner = (a!.statusCode === 200 ? a! : b!).json();
      const loser = (a!.statusCode === 409 ? a! : b!).json();
      expect(loser.code).toBe('conflict');
      const aliases = (await call(viewer, 'GET', '/models/race/aliases')).json();
      expect(aliases.items).toEqual([
        expect.objectContaining({ alias: 'live', version: winner.toVersion, revision: 2 }),
      ]);
      const history = (await call(viewer, 'GET', '/models/race/history?alias=live')).json();
      expect(history.items.map((m: { revision: number }) => m.revision)).toEqual([2, 1]);
      const audit = await t.services.db
        .selectFrom('audit_log')
        .select('action')
        .where('project_id', '=', project.id)
        .where('action', '=', 'alias.move.conflict')
        .execute();
      expect(audit.length).toBeGreaterThanOrEqual(1);
    });

    it('refuses bad input with stable codes', async () => {
      await call(engineer, 'POST', '/models', { name: 'other' });
      const runId = await apiRunWithModel(t, project.slug, scientist.token);
      const otherVersion = (await call(engineer, 'POST', '/models/other/versions', { runId })).json();
      await call(engineer, 'POST', '/models', { name: 'mine' });
      await call(engineer, 'POST', '/models/mine/versions', { runId });
      const cross = await call(mlops, 'POST', '/models/mine/aliases/production/promote', {
        version: otherVersion.id,
      });
      expect(cross.statusCode).toBe(400);
      expect(cross.json().detail).toContain("model 'other'");
      expect(
        (await call(mlops, 'POST', '/models/mine/aliases/production/promote', { version: 99 })).statusCode,
      ).toBe(404);
      expect(
        (await call(mlops, 'POST', '/models/mine/aliases/1bad/promote', { version: 1 })).statusCode,
      ).toBe(400);
      expect((await call(engineer, 'POST', '/models', { name: 'mine' })).json().code).toBe('conflict');
      expect((await call(engineer, 'POST', '/models', { name: 'a/b' })).statusCode).toBe(400);
      expect((await call(engineer, 'POST', '/models/mine/versions', {})).statusCode).toBe(400);
      expect((await call(engineer, 'POST', '/models/mine/versions', { runId: 'nope' })).statusCode).toBe(404);
      expect(
        (await call(viewer, 'GET', `/models?filter=${encodeURIComponent("name LIKE 'mi%'")}`))
          .json()
          .items.map((m: { name: string }) => m.name),
      ).toEqual(['mine']);
      expect(
        (await call(viewer, 'GET', `/models?filter=${encodeURIComponent('metrics.x > 1')}`)).statusCode,
      ).toBe(400);
      expect((await call(mlops, 'POST', '/models/mine/aliases/production/rollback', {})).statusCode).toBe(
        404,
      );

      // A run of another project cannot be registered here.
      const elsewhere = await createTestProject(t);
      const foreignEngineer = await t.userWithRoles(elsewhere, ['ml-engineer']);
      const foreignRun = await apiRunWithModel(t, elsewhere.slug, foreignEngineer.token);
      const foreign = await call(engineer, 'POST', '/models/mine/versions', { runId: foreignRun });
      expect(foreign.statusCode).toBe(404);

      // Approving without a policy that asks for approvals, and revoking someone else's approval.
      const noPolicy = await call(mlops, 'POST', '/models/mine/versions/1/approvals', {
        alias: 'staging',
        decision: 'approve',
      });
      expect(noPolicy.statusCode).toBe(400);
      await call(mlops, 'PUT', '/promotion-policies/staging', {
        approvals: [
          { role: 'mlops-engineer', count: 1 },
          { role: 'ai-ethicist', count: 1 },
        ],
      });
      const mine = (
        await call(mlops, 'POST', '/models/mine/versions/1/approvals', {
          alias: 'staging',
          decision: 'approve',
        })
      ).json();
      const theirs = await call(ethicist, 'POST', `/models/mine/versions/1/approvals/${mine.id}/revoke`);
      expect(theirs.statusCode).toBe(403);
      const revoked = await call(mlops, 'POST', `/models/mine/versions/1/approvals/${mine.id}/revoke`);
      expect(revoked.json().revokedBy).toBe(mlops.username);
      expect(
        (await call(mlops, 'POST', `/models/mine/versions/1/approvals/${mine.id}/revoke`)).statusCode,
      ).toBe(400);
      // The run's author (a data scientist) cannot approve either, even holding an approving role.
      const author = await t.userWithRoles(project, ['data-scientist', 'ai-ethicist']);
      const authorRun = await apiRunWithModel(t, project.slug, author.token);
      await call(engineer, 'POST', '/models/mine/versions', { runId: authorRun });
      const self = await call(author, 'POST', '/models/mine/versions/2/approvals', {
        alias: 'staging',
        decision: 'approve',
      });
      expect(self.statusCode).toBe(403);
      expect(self.json().detail).toContain('author');
    });
  });
}
