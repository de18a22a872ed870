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
  describe(`serving on ${dialect}: predict, validation, canary, shadow, the log`, () => {
    let t: TestApp;
    let project: { id: string; slug: string };
    let mlops: TestUser;
    let viewer: TestUser;
    let dataEngineer: TestUser;
    let modelId: string;
    let v1: { id: string; version: number };
    let v2: { id: string; version: number };
    const base = (p: { slug: string }) => `/api/v1/projects/${p.slug}/deployments`;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      project = await createTestProject(t);
      mlops = await t.userWithRoles(project, ['mlops-engineer']);
      viewer = await t.userWithRoles(project, ['viewer']);
      dataEngineer = await t.userWithRoles(project, ['data-engineer']);
      modelId = await registerModel(t.services, project.id, 'credit');
      v1 = await addVersion(t.services, project.id, modelId, trainFixture({ features: F }));
      v2 = await addVersion(t.services, project.id, modelId, trainFixture({ features: F, flip: true }));
      await moveAlias(t.services, modelId, 'production', v1.id);
      await moveAlias(t.services, modelId, 'challenger', v2.id);
    });
    afterAll(() => t.close());

    const deploy = async (name: string, body: Record<string, unknown> = {}) => {
      const res = await t.call('POST', base(project), {
        token: mlops.token,
        body: { name, model: 'credit', alias: 'production', ...body },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const predict = (name: string, body: unknown, token: string | null = viewer.token) =>
      t.call('POST', `/serve/${name}/predict`, { ...(token ? { token } : {}), body });

    it('creates, lists and shows a deployment with the version its alias resolves to', async () => {
      const created = await deploy(`d-${dialect}-show`);
      expect(created).toMatchObject({
        alias: 'production',
        mode: 'none',
        status: 'active',
        current: { versionId: v1.id, version: 1 },
      });
      expect(created.config).toMatchObject({ maxRows: 1000, logPredictions: true, publicAccess: false });
      const list = await t.call('GET', base(project), { token: viewer.token });
      expect(list.json().items.map((d: { name: string }) => d.name)).toContain(`d-${dialect}-show`);
      const dup = await t.call('POST', base(project), {
        token: mlops.token,
        body: { name: `d-${dialect}-show`, model: 'credit', alias: 'production' },
      });
      expect(dup.statusCode).toBe(409);
      const noAlias = await t.call('POST', base(project), {
        token: mlops.token,
        body: { name: `d-${dialect}-x`, model: 'credit', alias: 'nope' },
      });
      expect(noAlias.statusCode).toBe(400);
      expect(noAlias.json().detail).toContain("alias 'nope'");
      const audit = await t.services.db
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', created.id)
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['deployment.create']);
    });

    it('answers records and columnar requests with the version, and they agree', async () => {
      const name = `d-${dialect}-pred`;
      await deploy(name);
      const rows = [record(F, 0.8), record(F, -0.8)];
      const byRecords = await predict(name, { records: rows });
      expect(byRecords.statusCode, byRecords.body).toBe(200);
      const answer = byRecords.json();
      expect(answer).toMatchObject({ model: 'credit', version: 1, variant: 'primary' });
      expect(answer.predictions).toHaveLength(2);
      expect(answer.predictions[0].label).toBe('yes');
      expect(answer.predictions[1].label).toBe('no');
      const p = answer.predictions[0].probabilities;
      expect(p.yes + p.no).toBeCloseTo(1, 5);
      const columns = Object.fromEntries(
        Object.keys(rows[0]!).map((k) => [k, rows.map((r) => r[k as keyof typeof r])]),
      );
      const byColumns = await predict(name, { columns });
      expect(byColumns.json().predictions).toEqual(answer.predictions);
      const byInputs = await predict(name, { inputs: rows });
      expect(byInputs.json().predictions).toEqual(answer.predictions);
    });

    it('refuses bad input with a 4xx that names the problem', async () => {
      const name = `d-${dialect}-bad`;
      await deploy(name, { config: { maxRows: 50, allowMissing: false } });
      const missing = await predict(name, { records: [{ x0: 1, x1: 2 }] });
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toMatchObject({ code: 'bad_request' });
      expect(missing.json().detail).toContain('missing columns: x2');
      const extra = await predict(name, { records: [record(F, 1, { zip: 'x', age: 3 })] });
      expect(extra.statusCode).toBe(400);
      expect(extra.json().detail).toContain('unknown columns: zip, age');
      const typed = await predict(name, { records: [record(F, 1, { x1: 'high' })] });
      expect(typed.statusCode).toBe(400);
      expect(typed.json().detail).toContain('records.0.x1 must be a number, got string');
      const nan = await predict(name, { columns: { x0: [1, null], x1: [1, 1], x2: [1, 1] } });
      expect(nan.statusCode).toBe(400);
      expect(nan.json().detail).toContain('columns.x0.1 is missing');
      const ragged = await predict(name, { columns: { x0: [1, 2], x1: [1], x2: [1, 1] } });
      expect(ragged.statusCode).toBe(400);
      const big = await predict(name, { records: Array.from({ length: 10_000 }, () => record(F)) });
      expect(big.statusCode).toBe(413);
      expect(big.json()).toMatchObject({ code: 'payload_too_large' });
      expect(big.json().detail).toContain('10000 rows');
      for (const body of [
        {},
        { records: [] },
        { records: {} },
        [1, 2],
        { records: [1] },
        { records: [record(F)], columns: {} },
        { columns: { x0: [], x1: [], x2: [] } },
        { columns: { x0: 1, x1: [1], x2: [1] } },
      ]) {
        const res = await predict(name, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
      }
      const notJson = await t.call('POST', `/serve/${name}/predict`, {
        token: viewer.token,
        body: '{"records": [NaN]}',
        headers: { 'content-type': 'application/json' },
      });
      expect(notJson.statusCode).toBe(400);
      // A deployment that allows missing values scores null as missing.
      const lenient = `d-${dialect}-lenient`;
      await deploy(lenient);
      expect((await predict(lenient, { records: [record(F, 1, { x0: null })] })).statusCode).toBe(200);
    });

    it('refuses callers without the right: 401 without a token, 404 outside the project, 403 for the wrong role', async () => {
      const name = `d-${dialect}-auth`;
      await deploy(name);
      expect((await predict(name, { records: [record(F)] }, null)).statusCode).toBe(401);
      expect((await predict('no-such-deployment', { records: [record(F)] }, null)).statusCode).toBe(401);
      const outsider = await t.user();
      expect((await predict(name, { records: [record(F)] }, outsider.token)).statusCode).toBe(404);
      expect((await predict(name, { records: [record(F)] }, 'baton_pat_wrong')).statusCode).toBe(401);
      const asViewer = await t.call('POST', base(project), {
        token: viewer.token,
        body: { name: 'x-viewer', model: 'credit', alias: 'production' },
      });
      expect(asViewer.statusCode).toBe(403);
      const patchViewer = await t.call('PATCH', `${base(project)}/${name}`, {
        token: viewer.token,
        body: { status: 'stopped' },
      });
      expect(patchViewer.statusCode).toBe(403);
      const logAsDataEngineer = await t.call('GET', `${base(project)}/${name}/predictions`, {
        token: dataEngineer.token,
      });
      expect(logAsDataEngineer.statusCode).toBe(403);
      // Public access lets anyone predict, the management API stays protected.
      await t.call('PATCH', `${base(project)}/${name}`, {
        token: mlops.token,
        body: { config: { publicAccess: true } },
      });
      await waitFor(async () => (await predict(name, { records: [record(F)] }, null)).statusCode === 200);
      // Stopping answers 503.
      await t.call('PATCH', `${base(project)}/${name}`, { token: mlops.token, body: { status: 'stopped' } });
      await waitFor(async () => (await predict(name, { records: [record(F)] })).statusCode === 503);
    });

    it('sends exactly the canary share to the challenger', async () => {
      const name = `d-${dialect}-canary`;
      await deploy(name, { challengerAlias: 'challenger', mode: 'canary', canaryPercent: 30 });
      const variants = { primary: 0, canary: 0 };
      for (let i = 0; i < 200; i++) {
        const res = await predict(name, { records: [record(F, 0.8)] });
        const body = res.json();
        variants[body.variant as 'primary' | 'canary']++;
        expect(body.version).toBe(body.variant === 'canary' ? 2 : 1);
        expect(body.predictions[0].label).toBe(body.variant === 'canary' ? 'no' : 'yes');
      }
      expect(variants).toEqual({ primary: 140, canary: 60 });
    });

    it('scores shadows without returning them, logs them, and reads/exports the log by window', async () => {
      const name = `d-${dialect}-shadow`;
      const created = await deploy(name, { challengerAlias: 'challenger', mode: 'shadow' });
      const from = Date.now();
      for (let i = 0; i < 20; i++) {
        const res = await predict(name, { records: [record(F, 0.8)] });
        expect(res.json()).toMatchObject({ variant: 'primary', version: 1 });
        expect(res.json().predictions[0].label).toBe('yes');
      }
      const server = (await t.app.batonServing.peek(name))!;
      await waitFor(async () => {
        await server.flushLog();
        const n = await t.services.db
          .selectFrom('prediction_log')
          .select('id')
          .where('deployment_id', '=', created.id)
          .execute();
        return n.length === 40;
      });
      const url = `${base(project)}/${name}/predictions?from=${from}&limit=15`;
      const page1 = (await t.call('GET', url, { token: mlops.token })).json();
      expect(page1.items).toHaveLength(15);
      expect(page1.nextCursor).not.toBeNull();
      const all = [...page1.items];
      let cursor = page1.nextCursor;
      while (cursor) {
        const page = (
          await t.call('GET', `${url}&cursor=${encodeURIComponent(cursor)}`, { token: mlops.token })
        ).json();
        all.push(...page.items);
        cursor = page.nextCursor;
      }
      expect(all).toHaveLength(40);
      const shadows = all.filter((e) => e.variant === 'shadow');
      expect(shadows).toHaveLength(20);
      expect(shadows.every((e) => e.versionId === v2.id && e.outputs[0].label === 'no')).toBe(true);
      const primaries = all.filter((e) => e.variant === 'primary');
      expect(primaries[0].inputs).toEqual([record(F, 0.8)]);
      expect(new Set(primaries.map((e) => e.requestId))).toEqual(new Set(shadows.map((e) => e.requestId)));
      const empty = (
        await t.call('GET', `${base(project)}/${name}/predictions?to=${from}`, { token: mlops.token })
      ).json();
      expect(empty.items).toEqual([]);
      const exported = await t.call('GET', `${base(project)}/${name}/predictions/export?from=${from}`, {
        token: mlops.token,
      });
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toContain('application/x-ndjson');
      const lines = exported.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines).toHaveLength(40);
      expect(lines.map((l) => l.id)).toEqual(all.map((e) => e.id));
      const stats = (await t.call('GET', `${base(project)}/${name}/stats`, { token: viewer.token })).json();
      expect(stats).toMatchObject({
        served: true,
        health: { state: 'ready', primary: { version: 1 }, challenger: { version: 2 } },
      });
      expect(stats.series).toHaveLength(60);
      expect(stats.series.reduce((s: number, p: { requests: number }) => s + p.requests, 0)).toBe(20);
    });

    it('combines concurrent requests into batches (batch size metric above 1)', async () => {
      const name = `d-${dialect}-batch`;
      await deploy(name, { config: { logPredictions: false } });
      expect((await predict(name, { records: [record(F)] })).statusCode).toBe(200);
      const results = await Promise.all(
        Array.from({ length: 64 }, (_, i) => predict(name, { records: [record(F, i % 2 ? 0.7 : -0.7)] })),
      );
      for (const [i, res] of results.entries())
        expect(res.json().predictions[0].label).toBe(i % 2 ? 'yes' : 'no');
      const metrics = (await t.call('GET', '/metrics')).body;
      const count = Number(
        new RegExp(`baton_serving_batch_rows_count\\{deployment="${name}"\\} (\\d+)`).exec(metrics)?.[1],
      );
      const sum = Number(
        new RegExp(`baton_serving_batch_rows_sum\\{deployment="${name}"\\} (\\d+)`).exec(metrics)?.[1],
      );
      expect(sum).toBe(65);
      expect(count).toBeLessThan(65);
      expect(sum / count).toBeGreaterThan(1);
      expect(metrics).toContain(
        `baton_serving_requests_total{deployment="${name}",variant="primary",status="200"} 65`,
      );
      expect(metrics).toContain(`baton_serving_log_queue_depth{deployment="${name}"}`);
    });

    it('deletes a deployment and keeps its log', async () => {
      const name = `d-${dialect}-del`;
      const created = await deploy(name);
      await predict(name, { records: [record(F)] });
      await (await t.app.batonServing.peek(name))!.flushLog();
      const del = await t.call('DELETE', `${base(project)}/${name}`, { token: mlops.token });
      expect(del.statusCode).toBe(200);
      expect((await t.call('GET', `${base(project)}/${name}`, { token: mlops.token })).statusCode).toBe(404);
      const kept = await t.services.db
        .selectFrom('prediction_log')
        .select('id')
        .where('deployment_id', '=', created.id)
        .execute();
      expect(kept).toHaveLength(1);
      await waitFor(async () => (await predict(name, { records: [record(F)] })).statusCode === 404);
    });
  });
}
