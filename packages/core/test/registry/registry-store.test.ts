import type { Permission } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/context.ts';
import { ServiceError } from '../../src/errors.ts';
import {
  aliasHistory,
  createRegisteredModel,
  decideApproval,
  deleteAlias,
  deleteRegisteredModel,
  evaluateGates,
  getModelVersion,
  getRegisteredModel,
  listAliases,
  promoteAlias,
  putPromotionPolicy,
  registerModelVersion,
  registerPromotionCheck,
  revokeApproval,
  rollbackAlias,
  searchRegisteredModels,
  unregisterPromotionCheck,
  updateRegisteredModel,
  versionLineage,
} from '../../src/registry/index.ts';
import { DIALECTS } from '../support/databases.ts';
import { datasetVersion, openRegistryWorld, type RegistryWorld, runWithModel } from './registry-fixtures.ts';

const ALL: Permission[] = ['model.read', 'model.register', 'model.promote', 'model.approve', 'gate.manage'];

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ServiceError) return error.code;
    throw error;
  }
  return 'ok';
}

for (const dialect of DIALECTS) {
  describe(`registry store on ${dialect}`, () => {
    let world: RegistryWorld;
    let engineer: ServiceContext;
    let mlops: ServiceContext;
    let ethicist: ServiceContext;

    beforeAll(async () => {
      world = await openRegistryWorld(dialect, 6);
      engineer = world.as('erin', ['ml-engineer'], ['model.read', 'model.register']);
      mlops = world.as('max', ['mlops-engineer'], ALL);
      ethicist = world.as('eve', ['ai-ethicist'], ['model.read', 'model.approve']);
    });
    afterAll(async () => {
      await world.dispose();
    });

    it('creates, searches, renames, tags and describes registered models', async () => {
      await createRegisteredModel({ ctx: engineer, input: { name: 'churn-a', tags: { team: 'growth' } } });
      await createRegisteredModel({ ctx: engineer, input: { name: 'fraud-a', tags: { team: 'risk' } } });
      expect(await codeOf(createRegisteredModel({ ctx: engineer, input: { name: 'churn-a' } }))).toBe(
        'conflict',
      );
      expect(await codeOf(createRegisteredModel({ ctx: engineer, input: { name: 'a/b' } }))).toBe(
        'bad_request',
      );
      const byName = await searchRegisteredModels({ ctx: engineer, input: { filter: "name LIKE 'churn%'" } });
      expect(byName.models.map((m) => m.name)).toEqual(['churn-a']);
      const byTag = await searchRegisteredModels({ ctx: engineer, input: { filter: "tags.team = 'risk'" } });
      expect(byTag.models.map((m) => m.name)).toEqual(['fraud-a']);
      expect(
        await codeOf(searchRegisteredModels({ ctx: engineer, input: { filter: 'metrics.auc > 1' } })),
      ).toBe('bad_request');
      const renamed = await updateRegisteredModel({
        ctx: engineer,
        input: {
          model: 'fraud-a',
          name: 'fraud-b',
          description: 'card fraud',
          tags: { tier: '1' },
          removeTags: ['team'],
        },
      });
      expect(renamed).toMatchObject({ name: 'fraud-b', description: 'card fraud', tags: { tier: '1' } });
      expect(await codeOf(getRegisteredModel({ ctx: engineer, input: { model: 'fraud-a' } }))).toBe(
        'not_found',
      );
    });

    it('registers versions from a run with ONNX digest, signature and dataset lineage', async () => {
      const dv = await datasetVersion(world, 'validated');
      const runId = await runWithModel(engineer, { metrics: { roc_auc: 0.9 }, datasetVersionId: dv });
      const v1 = await registerModelVersion({
        ctx: engineer,
        input: { model: 'lineage', runId, createModel: true },
      });
      expect(v1.version).toBe(1);
      expect(v1.onnxDigest).toMatch(/^[0-9a-f]{64}$/);
      expect(v1.signature).toMatchObject({ inputs: expect.any(Array) });
      expect(v1.datasetVersionId).toBe(dv);
      expect(v1.source).toBe(`runs:/${runId}`);
      expect(v1.downloadUri).toContain(runId);
      const v2 = await registerModelVersion({ ctx: engineer, input: { model: 'lineage', runId } });
      expect(v2.version).toBe(2);
      await world.database.db
        .insertInto('deployments')
        .values({
          id: `dep-${dialect}`,
          project_id: world.project.id,
          name: `lineage-${dialect}-${Date.now()}`,
          model_id: (await getRegisteredModel({ ctx: engineer, input: { model: 'lineage' } })).id,
          alias: 'production',
          challenger_alias: null,
          challenger_mode: 'none',
          canary_percent: 0,
          status: 'active',
          config_json: '{}',
          created_by: 'max',
          created_at: Date.now(),
          updated_at: Date.now(),
        })
        .execute();
      await promoteAlias({ ctx: mlops, input: { model: 'lineage', alias: 'production', version: 1 } });
      const lineage = await versionLineage({ ctx: engineer, input: { model: 'lineage', version: 1 } });
      expect(lineage.datasetVersion?.id).toBe(dv);
      expect(lineage.run?.id).toBe(runId);
      expect(lineage.deployments.map((d) => d.alias)).toEqual(['production']);
      // A served model cannot be deleted.
      expect(await codeOf(deleteRegisteredModel({ ctx: engineer, input: { model: 'lineage' } }))).toBe(
        'conflict',
      );
      await world.database.db.deleteFrom('deployments').where('id', '=', `dep-${dialect}`).execute();
      await deleteRegisteredModel({ ctx: engineer, input: { model: 'lineage' } });
      expect(await codeOf(getRegisteredModel({ ctx: engineer, input: { model: 'lineage' } }))).toBe(
        'not_found',
      );
    });

    it('refuses a run without ONNX, a run of another project, and keeps MLflow sources as given', async () => {
      const bare = await runWithModel(engineer, { withOnnx: false });
      expect(
        await codeOf(
          registerModelVersion({ ctx: engineer, input: { model: 'bare', runId: bare, createModel: true } }),
        ),
      ).toBe('bad_request');
      const other = await openRegistryWorld(dialect);
      const foreignRun = await runWithModel(other.as('erin', [], ['model.register']));
      await other.dispose();
      expect(
        await codeOf(registerModelVersion({ ctx: engineer, input: { model: 'bare', runId: foreignRun } })),
      ).toBe('not_found');
      const mlflow = await registerModelVersion({
        ctx: engineer,
        input: { model: 'bare', source: 's3://bucket/model', requireOnnx: false },
      });
      expect(mlflow).toMatchObject({ onnxDigest: null, runId: null, source: 's3://bucket/model' });
      const viaRun = await registerModelVersion({
        ctx: engineer,
        input: { model: 'bare', source: `runs:/${bare}/model`, requireOnnx: false },
      });
      expect(viaRun).toMatchObject({ onnxDigest: null, runId: bare });
    });

    it('promotes, keeps every move in the history, rolls back and deletes aliases', async () => {
      const runId = await runWithModel(engineer);
      await registerModelVersion({ ctx: engineer, input: { model: 'moves', runId, createModel: true } });
      await registerModelVersion({ ctx: engineer, input: { model: 'moves', runId } });
      await promoteAlias({
        ctx: mlops,
        input: { model: 'moves', alias: 'champion', version: 1, reason: 'first' },
      });
      const second = await promoteAlias({
        ctx: mlops,
        input: { model: 'moves', alias: 'champion', version: 2, reason: 'better' },
      });
      expect(second).toMatchObject({ fromVersion: 1, toVersion: 2, kind: 'promote', revision: 2 });
      const back = await rollbackAlias({
        ctx: mlops,
        input: { model: 'moves', alias: 'champion', reason: 'incident' },
      });
      expect(back).toMatchObject({ fromVersion: 2, toVersion: 1, kind: 'rollback', revision: 3 });
      expect(
        (await getModelVersion({ ctx: engineer, input: { model: 'moves', version: '@champion' } })).version,
      ).toBe(1);
      const history = await aliasHistory({ ctx: engineer, input: { model: 'moves', alias: 'champion' } });
      expect(history.map((h) => [h.kind, h.fromVersion, h.toVersion, h.actor, h.reason])).toEqual([
        ['rollback', 2, 1, 'max', 'incident'],
        ['promote', 1, 2, 'max', 'better'],
        ['promote', null, 1, 'max', 'first'],
      ]);
      await deleteAlias({ ctx: mlops, input: { model: 'moves', alias: 'champion' } });
      expect(await listAliases({ ctx: engineer, input: { model: 'moves' } })).toEqual([]);
      expect(await codeOf(rollbackAlias({ ctx: mlops, input: { model: 'moves', alias: 'champion' } }))).toBe(
        'not_found',
      );
      const again = await promoteAlias({
        ctx: mlops,
        input: { model: 'moves', alias: 'champion', version: 2 },
      });
      expect(again.revision).toBe(5);
      expect(await codeOf(rollbackAlias({ ctx: mlops, input: { model: 'moves', alias: 'champion' } }))).toBe(
        'bad_request',
      );
    });

    it('refuses to promote a version of another model', async () => {
      const runId = await runWithModel(engineer);
      await registerModelVersion({ ctx: engineer, input: { model: 'mine', runId, createModel: true } });
      const theirs = await registerModelVersion({
        ctx: engineer,
        input: { model: 'theirs', runId, createModel: true },
      });
      const error = await promoteAlias({
        ctx: mlops,
        input: { model: 'mine', alias: 'production', version: theirs.id },
      }).catch((e: unknown) => e as ServiceError);
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).code).toBe('bad_request');
      expect((error as ServiceError).message).toContain("model 'theirs'");
      expect(await listAliases({ ctx: engineer, input: { model: 'mine' } })).toEqual([]);
    });

    it('lists every failing gate, then passes once metrics, data, approvals and hooks hold', async () => {
      const bad = await datasetVersion(world, 'failed');
      const good = await datasetVersion(world, 'validated');
      const weakRun = await runWithModel(engineer, { metrics: { roc_auc: 0.7 }, datasetVersionId: bad });
      const strongRun = await runWithModel(engineer, {
        metrics: { roc_auc: 0.85, log_loss: 0.3 },
        datasetVersionId: good,
      });
      await registerModelVersion({
        ctx: engineer,
        input: { model: 'gated', runId: weakRun, createModel: true },
      });
      await registerModelVersion({ ctx: engineer, input: { model: 'gated', runId: strongRun } });
      await putPromotionPolicy({
        ctx: mlops,
        input: {
          alias: 'production',
          policy: {
            metrics: [
              { metric: 'roc_auc', op: '>=', value: 0.8 },
              { metric: 'log_loss', op: '<', value: 0.5 },
            ],
            requireValidatedData: true,
            approvals: [
              { role: 'mlops-engineer', count: 1 },
              { role: 'ai-ethicist', count: 1 },
            ],
            hooks: ['fairness', 'never-registered'],
          },
        },
      });
      registerPromotionCheck('fairness', async ({ version }) => ({
        passed: Number(version.version) === 2,
        reason: `fairness audit of v${version.version}`,
      }));
      try {
        const blocked = await promoteAlias({
          ctx: mlops,
          input: { model: 'gated', alias: 'production', version: 1 },
        }).catch((e: unknown) => e as ServiceError);
        expect((blocked as ServiceError).code).toBe('gates_failed');
        expect((blocked as ServiceError).errors?.map((e) => e.path).sort()).toEqual(
          [
            'approval:ai-ethicist',
            'approval:mlops-engineer',
            'data:validated',
            'hook:fairness',
            'hook:never-registered',
            'metric:log_loss<0.5',
            'metric:roc_auc>=0.8',
          ].sort(),
        );
        expect(
          (blocked as ServiceError).errors?.find((e) => e.path === 'hook:never-registered')?.message,
        ).toBe('check not available');
        // Author cannot approve their own version; wrong roles are refused.
        expect(
          await codeOf(
            decideApproval({
              ctx: world.as('erin', ['ml-engineer', 'mlops-engineer'], ALL),
              input: { model: 'gated', version: 2, alias: 'production', decision: 'approve' },
            }),
          ),
        ).toBe('forbidden');
        expect(
          await codeOf(
            decideApproval({
              ctx: ethicist,
              input: {
                model: 'gated',
                version: 2,
                alias: 'production',
                decision: 'approve',
                role: 'mlops-engineer',
              },
            }),
          ),
        ).toBe('forbidden');
        const reject = await decideApproval({
          ctx: ethicist,
          input: {
            model: 'gated',
            version: 2,
            alias: 'production',
            decision: 'reject',
            comment: 'needs a bias review',
          },
        });
        const withReject = await evaluateGates({
          ctx: engineer,
          input: { model: 'gated', version: 2, alias: 'production' },
        });
        expect(withReject.gates.find((g) => g.gate === 'approval:rejections')?.reason).toContain(
          'needs a bias review',
        );
        await revokeApproval({ ctx: ethicist, input: { model: 'gated', version: 2, approval: reject.id } });
        await decideApproval({
          ctx: ethicist,
          input: { model: 'gated', version: 2, alias: 'production', decision: 'approve', comment: 'ok' },
        });
        await decideApproval({
          ctx: mlops,
          input: { model: 'gated', version: 2, alias: 'production', decision: 'approve' },
        });
        const report = await evaluateGates({
          ctx: engineer,
          input: { model: 'gated', version: 2, alias: 'production' },
        });
        expect(report.gates.filter((g) => !g.passed).map((g) => g.gate)).toEqual(['hook:never-registered']);
        registerPromotionCheck('never-registered', async () => ({ passed: true, reason: 'now available' }));
        const moved = await promoteAlias({
          ctx: mlops,
          input: { model: 'gated', alias: 'production', version: 2, reason: 'gates pass' },
        });
        expect(moved.gateReport?.passed).toBe(true);
        expect(moved.gateReport?.gates).toHaveLength(7);
        const audit = await world.database.db
          .selectFrom('audit_log')
          .select('action')
          .where('project_id', '=', world.project.id)
          .where('action', 'in', [
            'alias.promote.blocked',
            'model.approve',
            'model.reject',
            'model.approval.revoke',
          ])
          .execute();
        expect(new Set(audit.map((a) => a.action))).toEqual(
          new Set(['alias.promote.blocked', 'model.approve', 'model.reject', 'model.approval.revoke']),
        );
      } finally {
        unregisterPromotionCheck('fairness');
        unregisterPromotionCheck('never-registered');
      }
    });

    it('lets exactly one of two concurrent moves win; the loser gets a conflict and is audited', async () => {
      const runId = await runWithModel(engineer);
      for (let i = 0; i < 3; i++)
        await registerModelVersion({ ctx: engineer, input: { model: 'race', runId, createModel: true } });
      await promoteAlias({ ctx: mlops, input: { model: 'race', alias: 'live', version: 1 } });
      for (let round = 0; round < 5; round++) {
        const [current] = await listAliases({ ctx: engineer, input: { model: 'race' } });
        const others = [1, 2, 3].filter((v) => v !== current!.version);
        const results = await Promise.allSettled(
          others.map((version) =>
            promoteAlias({
              ctx: mlops,
              input: { model: 'race', alias: 'live', version, expectedRevision: current!.revision },
            }),
          ),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(((lost[0] as PromiseRejectedResult).reason as ServiceError).code).toBe('conflict');
        const winner = (won[0] as PromiseFulfilledResult<{ toVersion: number; revision: number }>).value;
        const [after] = await listAliases({ ctx: engineer, input: { model: 'race' } });
        expect(after).toMatchObject({ version: winner.toVersion, revision: current!.revision + 1 });
      }
      const history = await aliasHistory({ ctx: engineer, input: { model: 'race' } });
      expect(history.map((h) => h.revision)).toEqual([6, 5, 4, 3, 2, 1]);
      const conflicts = await world.database.db
        .selectFrom('audit_log')
        .select('summary')
        .where('project_id', '=', world.project.id)
        .where('action', '=', 'alias.move.conflict')
        .execute();
      expect(conflicts.length).toBe(5);
    });

    it('lets concurrent moves without an expected revision serialise without losing an update', async () => {
      const runId = await runWithModel(engineer);
      for (let i = 0; i < 4; i++)
        await registerModelVersion({ ctx: engineer, input: { model: 'race2', runId, createModel: true } });
      const results = await Promise.allSettled(
        [1, 2, 3, 4].map((version) =>
          promoteAlias({ ctx: mlops, input: { model: 'race2', alias: 'staging', version } }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled').length;
      for (const r of results)
        if (r.status === 'rejected') expect((r.reason as ServiceError).code).toBe('conflict');
      const history = await aliasHistory({ ctx: engineer, input: { model: 'race2' } });
      // Every winner is in the history with consecutive revisions; the alias is at the last one.
      expect(history).toHaveLength(won);
      expect(history.map((h) => h.revision)).toEqual(Array.from({ length: won }, (_, i) => won - i));
      const [alias] = await listAliases({ ctx: engineer, input: { model: 'race2' } });
      expect(alias).toMatchObject({ revision: won, version: history[0]!.toVersion });
    });
  });
}
