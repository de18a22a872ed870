import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestProject,
  DIALECTS,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';

// The rest of the bad-input list through the MLflow API, beside mlflow-bad-input.test.ts:
// key rules, 1 MB values, non-numbers, MLflow's batch limits and artifact path traversal. Each
// refused request keeps nothing, whichever write path (metrics-only fast path or the general
// one) the batch would have taken.
for (const dialect of DIALECTS) {
  describe(`MLflow API limits and malformed values on ${dialect}`, () => {
    let t: TestApp;
    let scientist: TestUser;
    let base: string;
    let artifacts: string;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      const project = await createTestProject(t);
      scientist = await t.userWithRoles(project, ['data-scientist']);
      base = `/projects/${project.slug}/api/2.0/mlflow`;
      artifacts = `/projects/${project.slug}/api/2.0/mlflow-artifacts/artifacts`;
    });
    afterAll(() => t.close());

    const auth = () => ({ authorization: `Bearer ${scientist.token}` });
    const call = (path: string, body: unknown) =>
      t.app.inject({
        method: 'POST',
        url: `${base}/${path}`,
        headers: { ...auth(), 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const refused = async (path: string, body: unknown, pattern: RegExp) => {
      const res = await call(path, body);
      expect(res.statusCode, `${path}: ${res.body.slice(0, 300)}`).toBe(400);
      expect(res.json().error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(res.json().message).toMatch(pattern);
    };
    async function newRun() {
      const exp = (await call('experiments/create', { name: `limits-${Math.random()}` })).json();
      const run = (await call('runs/create', { experiment_id: exp.experiment_id })).json();
      return { experimentId: exp.experiment_id as string, runId: run.run.info.run_id as string };
    }
    const storedRun = async (runId: string) =>
      (await t.app.inject({ method: 'GET', url: `${base}/runs/get?run_id=${runId}`, headers: auth() })).json()
        .run;
    const metric = (i: number) => ({ key: `m${i % 50}`, value: i, timestamp: 1, step: i });

    it('refuses keys with illegal characters or over 250 characters, for metrics, params and tags', async () => {
      const { runId } = await newRun();
      const long = 'k'.repeat(251);
      await refused('runs/log-metric', { run_id: runId, key: long, value: 1 }, /more than the limit of 250/);
      await refused('runs/log-parameter', { run_id: runId, key: long, value: '1' }, /limit of 250/);
      await refused('runs/set-tag', { run_id: runId, key: long, value: '1' }, /limit of 250/);
      await refused('runs/log-metric', { run_id: runId, key: 'loss$', value: 1 }, /invalid metric key/);
      await refused('runs/log-metric', { run_id: runId, key: '/abs', value: 1 }, /relative path/);
      // One bad key in a full batch: nothing of the batch is kept.
      const metrics = Array.from({ length: 1000 }, (_, i) => metric(i));
      metrics[700] = { ...metric(700), key: 'bad key!' };
      await refused('runs/log-batch', { run_id: runId, metrics }, /invalid metric key 'bad key!'/);
      expect((await storedRun(runId)).data.metrics ?? []).toEqual([]);
      // Exactly 250 characters is allowed.
      const ok = await call('runs/log-metric', { run_id: runId, key: 'k'.repeat(250), value: 1 });
      expect(ok.statusCode, ok.body).toBe(200);
    });

    it('refuses 1 MB tag and param values with a clear message, and stores nothing of them', async () => {
      const { runId } = await newRun();
      const mb = 'x'.repeat(1024 * 1024);
      await refused(
        'runs/set-tag',
        { run_id: runId, key: 'notes', value: mb },
        /more than the limit of 8000/,
      );
      await refused(
        'runs/log-batch',
        { run_id: runId, tags: [{ key: 'notes', value: mb }], metrics: [metric(1)] },
        /limit of 8000/,
      );
      await refused('runs/log-parameter', { run_id: runId, key: 'blob', value: mb }, /limit of 6000/);
      const run = await storedRun(runId);
      expect(run.data.tags?.find((tag: { key: string }) => tag.key === 'notes')).toBeUndefined();
      expect(run.data.params ?? []).toEqual([]);
      expect(run.data.metrics ?? []).toEqual([]);
    });

    it('refuses metric values, steps and timestamps that are not numbers', async () => {
      const { runId } = await newRun();
      for (const value of ['abc', '', true, {}, [1], '1e999x']) {
        await refused('runs/log-metric', { run_id: runId, key: 'loss', value }, /not a number/);
      }
      await refused(
        'runs/log-metric',
        { run_id: runId, key: 'loss' },
        /Missing value for required parameter 'value'/,
      );
      await refused(
        'runs/log-metric',
        { run_id: runId, key: 'loss', value: 1, step: 'two' },
        /step .* integer/,
      );
      await refused('runs/log-metric', { run_id: runId, key: 'loss', value: 1, step: 1.5 }, /integer/);
      await refused('runs/log-metric', { run_id: runId, key: 'loss', value: 1, timestamp: 'now' }, /integer/);
      const metrics = Array.from({ length: 1000 }, (_, i) => metric(i));
      metrics[999] = { ...metric(999), value: 'oops' as unknown as number };
      await refused('runs/log-batch', { run_id: runId, metrics }, /'m49' has value "oops"/);
      expect((await storedRun(runId)).data.metrics ?? []).toEqual([]);
      // Numbers sent as strings, and NaN / Infinity spelled out, are numbers.
      for (const value of ['0.5', 'NaN', 'Infinity', '-Infinity']) {
        const res = await call('runs/log-metric', { run_id: runId, key: 'loss', value, step: 1 });
        expect(res.statusCode, res.body).toBe(200);
      }
    });

    it("refuses batches over MLflow's limits (1,000 metrics, 100 params, 100 tags) whole", async () => {
      const { runId } = await newRun();
      const over = (n: number, f: (i: number) => object) => Array.from({ length: n }, (_, i) => f(i));
      await refused('runs/log-batch', { run_id: runId, metrics: over(1001, metric) }, /at most 1000 metrics/);
      await refused(
        'runs/log-batch',
        { run_id: runId, params: over(101, (i) => ({ key: `p${i}`, value: '1' })) },
        /at most 100 params/,
      );
      await refused(
        'runs/log-batch',
        { run_id: runId, tags: over(101, (i) => ({ key: `t${i}`, value: '1' })) },
        /at most 100 tags/,
      );
      await refused(
        'runs/log-batch',
        {
          run_id: runId,
          metrics: over(950, metric),
          params: over(60, (i) => ({ key: `p${i}`, value: '1' })),
        },
        /at most 1000 metrics, params and tags together/,
      );
      const run = await storedRun(runId);
      expect(run.data.metrics ?? []).toEqual([]);
      expect(run.data.params ?? []).toEqual([]);
      // At the limits exactly, the batch is accepted.
      const ok = await call('runs/log-batch', {
        run_id: runId,
        metrics: over(800, metric),
        params: over(100, (i) => ({ key: `p${i}`, value: '1' })),
        tags: over(100, (i) => ({ key: `t${i}`, value: '1' })),
      });
      expect(ok.statusCode, ok.body).toBe(200);
    });

    it('refuses params and metrics to a finished run, and anything to a deleted one, through log-batch', async () => {
      const { runId } = await newRun();
      expect((await call('runs/update', { run_id: runId, status: 'KILLED' })).statusCode).toBe(200);
      await refused('runs/log-batch', { run_id: runId, params: [{ key: 'lr', value: '1' }] }, /KILLED/);
      await refused('runs/log-parameter', { run_id: runId, key: 'lr', value: '1' }, /KILLED/);
      expect((await call('runs/delete', { run_id: runId })).statusCode).toBe(200);
      await refused('runs/log-batch', { run_id: runId, tags: [{ key: 'a', value: '1' }] }, /deleted/);
      await refused('runs/log-metric', { run_id: runId, key: 'loss', value: 1 }, /deleted/);
    });

    it('refuses path traversal in artifact paths through the artifact proxy and artifacts/list', async () => {
      const { experimentId, runId } = await newRun();
      const root = `${artifacts}/${experimentId}/${runId}/artifacts`;
      for (const path of [
        '../../secret.txt',
        '..%2F..%2Fsecret.txt',
        'a/%2e%2e/%2e%2e/%2e%2e/x',
        'a\\..\\..\\x',
      ]) {
        const put = await t.app.inject({
          method: 'PUT',
          url: `${root}/${path}`,
          headers: { ...auth(), 'content-type': 'application/octet-stream' },
          payload: 'x',
        });
        expect(put.statusCode, `PUT ${path}: ${put.body}`).toBe(400);
        expect(put.json().error_code).toBe('INVALID_PARAMETER_VALUE');
        const get = await t.app.inject({ method: 'GET', url: `${root}/${path}`, headers: auth() });
        expect([400, 404], `GET ${path}: ${get.statusCode}`).toContain(get.statusCode);
      }
      const listed = await t.app.inject({
        method: 'GET',
        url: `${base}/artifacts/list?run_id=${runId}&path=${encodeURIComponent('../..')}`,
        headers: auth(),
      });
      expect(listed.statusCode, listed.body).toBe(400);
      expect(listed.json().error_code).toBe('INVALID_PARAMETER_VALUE');
      // Nothing was written anywhere under the run.
      const all = await t.app.inject({
        method: 'GET',
        url: `${base}/artifacts/list?run_id=${runId}`,
        headers: auth(),
      });
      expect(all.json().files ?? []).toEqual([]);
    });
  });
}
