import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestProject,
  DIALECTS,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import {
  addVersion,
  moveAlias,
  record,
  registerModel,
  trainFixture,
  waitFor,
} from './support/registry-fixtures.ts';

const F = 3;

for (const dialect of DIALECTS) {
  describe(`hot swap on ${dialect}`, () => {
    let t: TestApp;
    let project: { id: string; slug: string };
    let mlops: TestUser;
    let url: string;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      project = await createTestProject(t);
      mlops = await t.userWithRoles(project, ['mlops-engineer']);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    });
    afterAll(() => t.close());

    const setup = async (name: string) => {
      const modelId = await registerModel(t.services, project.id, `m-${name}`);
      const v1 = await addVersion(t.services, project.id, modelId, trainFixture({ features: F }));
      const v2 = await addVersion(t.services, project.id, modelId, trainFixture({ features: F, flip: true }));
      await moveAlias(t.services, modelId, 'production', v1.id);
      const res = await t.call('POST', `/api/v1/projects/${project.slug}/deployments`, {
        token: mlops.token,
        body: { name, model: `m-${name}`, alias: 'production' },
      });
      expect(res.statusCode, res.body).toBe(201);
      return { modelId, v1, v2, deploymentId: res.json().id as string };
    };
    const predict = (name: string) =>
      fetch(`${url}/serve/${name}/predict`, {
        method: 'POST',
        headers: { authorization: `Bearer ${mlops.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ records: [record(F, 0.8)] }),
      });

    it('switches to the new version under concurrent traffic with zero failed requests', async () => {
      const name = `swap-${dialect}`;
      const { modelId, v2 } = await setup(name);
      expect((await predict(name)).status).toBe(200);
      const seen = new Set<number>();
      let failures = 0;
      let total = 0;
      let stop = false;
      const client = async () => {
        while (!stop) {
          const res = await predict(name);
          total++;
          if (res.status !== 200) failures++;
          else {
            const body = (await res.json()) as { version: number; predictions: { label: string }[] };
            seen.add(body.version);
            // Each answer is internally consistent: version 2 is the flipped model.
            if (body.predictions[0]!.label !== (body.version === 2 ? 'no' : 'yes')) failures++;
          }
        }
      };
      const clients = Array.from({ length: 8 }, client);
      await waitFor(() => total > 100);
      await moveAlias(t.services, modelId, 'production', v2.id);
      const movedAt = total;
      await waitFor(() => seen.has(2) && total > movedAt + 200, 15_000);
      stop = true;
      await Promise.all(clients);
      expect(failures).toBe(0);
      expect([...seen].sort()).toEqual([1, 2]);
      const server = (await t.app.batonServing.peek(name))!;
      expect(server.health()).toMatchObject({
        state: 'ready',
        primary: { version: 2 },
        swaps: 2,
        problem: null,
      });
    });

    it('keeps serving the old version when the new one is missing from the artifact store, and says so', async () => {
      const name = `gone-${dialect}`;
      const { modelId, v1 } = await setup(name);
      expect((await predict(name)).status).toBe(200);
      const v3 = await addVersion(
        t.services,
        project.id,
        modelId,
        trainFixture({ features: F, seed: 11, trees: 12 }),
      );
      expect(await t.services.artifacts.delete(v3.digest)).toBe(true);
      await moveAlias(t.services, modelId, 'production', v3.id);
      const server = (await t.app.batonServing.peek(name))!;
      await waitFor(() => server.health().problem !== null);
      expect(server.health()).toMatchObject({ state: 'degraded', primary: { versionId: v1.id, version: 1 } });
      expect(server.health().problem).toContain('missing from the artifact store');
      const res = await predict(name);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { version: number }).version).toBe(1);
      const stats = await t.call('GET', `/api/v1/projects/${project.slug}/deployments/${name}/stats`, {
        token: mlops.token,
      });
      expect(stats.json().health.problem).toContain('still serving version 1');
      const metrics = (await t.call('GET', '/metrics')).body;
      expect(metrics).toContain(`baton_serving_model_swaps_total{deployment="${name}",outcome="refused"} 1`);
      // A graph that onnxruntime refuses is kept out the same way.
      const broken = await t.services.artifacts.put(new Uint8Array([1, 2, 3, 4]));
      const v4 = await addVersion(t.services, project.id, modelId, trainFixture({ features: F }));
      await t.services.db
        .updateTable('model_versions')
        .set({ onnx_digest: broken.digest })
        .where('id', '=', v4.id)
        .execute();
      await moveAlias(t.services, modelId, 'production', v4.id);
      await waitFor(() => server.health().problem?.includes('version 4') ?? false);
      expect(server.health().primary?.version).toBe(1);
      expect((await predict(name)).status).toBe(200);
    });

    it('writes every queued prediction when the app closes cleanly', async () => {
      const other = await startTestApp(dialect);
      try {
        const p = await createTestProject(other);
        const user = await other.userWithRoles(p, ['mlops-engineer']);
        const modelId = await registerModel(other.services, p.id, 'flush');
        const v = await addVersion(other.services, p.id, modelId, trainFixture({ features: F }));
        await moveAlias(other.services, modelId, 'production', v.id);
        const created = await other.call('POST', `/api/v1/projects/${p.slug}/deployments`, {
          token: user.token,
          body: { name: `flush-${dialect}`, model: 'flush', alias: 'production' },
        });
        const id = created.json().id as string;
        await Promise.all(
          Array.from({ length: 300 }, () =>
            other.call('POST', `/serve/flush-${dialect}/predict`, {
              token: user.token,
              body: { records: [record(F)] },
            }),
          ),
        );
        const server = (await other.app.batonServing.peek(`flush-${dialect}`))!;
        expect(server.health().logQueueDepth).toBeGreaterThan(0);
        await other.app.close();
        const rows = await other.services.db
          .selectFrom('prediction_log')
          .select('id')
          .where('deployment_id', '=', id)
          .execute();
        expect(rows).toHaveLength(300);
      } finally {
        await other.close().catch(() => undefined);
      }
    });
  });
}
