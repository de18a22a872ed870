import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestProject,
  DIALECTS,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';

const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

for (const dialect of DIALECTS) {
  describe(`MLflow REST API 2.0 on ${dialect}`, () => {
    let t: TestApp;
    let project: { id: string; slug: string };
    let scientist: TestUser;
    let viewer: TestUser;
    let base: string;
    let auth: Record<string, string>;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      project = await createTestProject(t);
      scientist = await t.userWithRoles(project, ['data-scientist']);
      viewer = await t.userWithRoles(project, ['viewer']);
      base = `/projects/${project.slug}/api/2.0/mlflow`;
      auth = { authorization: basic(scientist.username, scientist.password) };
    });
    afterAll(() => t.close());

    const mlflow = (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) =>
      t.app.inject({
        method: method as 'POST',
        url: path.startsWith('/') ? path : `${base}/${path}`,
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await mlflow(method, path, body);
      expect(res.statusCode, `${method} ${path}: ${res.body}`).toBe(200);
      return res.json();
    };
    const error = async (method: string, path: string, body: unknown, status: number, code: string) => {
      const res = await mlflow(method, path, body);
      expect(res.statusCode, `${method} ${path}: ${res.body}`).toBe(status);
      expect(res.json().error_code).toBe(code);
      expect(typeof res.json().message).toBe('string');
      return res.json().message as string;
    };

    async function newRun(name = 'r') {
      const { experiment_id } = await ok('POST', 'experiments/create', { name: `${name}-${Math.random()}` });
      const { run } = await ok('POST', 'runs/create', {
        experiment_id,
        start_time: 1000,
        run_name: name,
        tags: [{ key: 'mlflow.source.name', value: 'train.py' }],
      });
      return { experimentId: experiment_id as string, runId: run.info.run_id as string, run };
    }

    it('walks an experiment and a run the way the mlflow client does', async () => {
      const { experiment_id } = await ok('POST', 'experiments/create', {
        name: 'churn',
        tags: [{ key: 'team', value: 'risk' }],
      });
      await error('POST', 'experiments/create', { name: 'churn' }, 400, 'RESOURCE_ALREADY_EXISTS');
      const byName = await ok('GET', 'experiments/get-by-name?experiment_name=churn');
      expect(byName.experiment).toMatchObject({
        experiment_id,
        name: 'churn',
        lifecycle_stage: 'active',
        artifact_location: `mlflow-artifacts:/${experiment_id}`,
        tags: [{ key: 'team', value: 'risk' }],
      });
      const { run } = await ok('POST', 'runs/create', { experiment_id, run_name: 'first', start_time: 5 });
      expect(run.info).toMatchObject({
        run_name: 'first',
        status: 'RUNNING',
        start_time: 5,
        lifecycle_stage: 'active',
      });
      expect(run.info.artifact_uri).toBe(`mlflow-artifacts:/${experiment_id}/${run.info.run_id}/artifacts`);
      const runId = run.info.run_id as string;
      await ok('POST', 'runs/log-batch', {
        run_id: runId,
        metrics: [
          { key: 'loss', value: 0.5, timestamp: 10, step: 0 },
          { key: 'loss', value: 'NaN', timestamp: 11, step: 1 },
          { key: 'auc', value: 0.91, timestamp: 11, step: 1 },
        ],
        params: [{ key: 'lr', value: '0.1' }],
        tags: [{ key: 'stage', value: 'dev' }],
      });
      await ok('POST', 'runs/log-metric', {
        run_id: runId,
        key: 'inf',
        value: 'Infinity',
        timestamp: 12,
        step: 0,
      });
      await ok('POST', 'runs/log-parameter', { run_uuid: runId, key: 'lr', value: '0.1' });
      const msg = await error(
        'POST',
        'runs/log-parameter',
        { run_id: runId, key: 'lr', value: '0.2' },
        400,
        'INVALID_PARAMETER_VALUE',
      );
      expect(msg).toContain('cannot be changed');
      await ok('POST', 'runs/set-tag', { run_id: runId, key: 'note', value: 'x' });
      await ok('POST', 'runs/delete-tag', { run_id: runId, key: 'note' });
      await error('POST', 'runs/delete-tag', { run_id: runId, key: 'note' }, 404, 'RESOURCE_DOES_NOT_EXIST');
      // GET with a JSON body, as some clients send it.
      const got = (await mlflow('GET', 'runs/get', { run_id: runId })).json();
      const metrics = Object.fromEntries(
        got.run.data.metrics.map((m: { key: string; value: unknown }) => [m.key, m.value]),
      );
      expect(metrics).toEqual({ loss: 'NaN', auc: 0.91, inf: 'Infinity' });
      expect(got.run.data.params).toEqual([{ key: 'lr', value: '0.1' }]);
      const history = await ok('GET', `metrics/get-history?run_id=${runId}&metric_key=loss`);
      expect(history.metrics).toEqual([
        { key: 'loss', value: 0.5, timestamp: 10, step: 0 },
        { key: 'loss', value: 'NaN', timestamp: 11, step: 1 },
      ]);
      // Search with repeated query keys (GET) and a JSON body (POST).
      const search = await ok(
        'GET',
        `experiments/search?max_results=10&filter=${encodeURIComponent("name = 'churn'")}`,
      );
      expect(search.experiments.map((e: { name: string }) => e.name)).toEqual(['churn']);
      const runs = await ok('POST', 'runs/search', {
        experiment_ids: [experiment_id],
        filter:
          "metrics.auc > 0.9 and params.lr = '0.1' and tags.stage = 'dev' and attributes.status = 'RUNNING'",
        order_by: ['metrics.auc DESC'],
      });
      expect(runs.runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toEqual([runId]);
      const viaGet = await ok(
        'GET',
        `runs/search?experiment_ids=${experiment_id}&experiment_ids=${experiment_id}&max_results=5`,
      );
      expect(viaGet.runs).toHaveLength(1);
      const bad = await error(
        'POST',
        'runs/search',
        { experiment_ids: [experiment_id], filter: 'metrics.auc >> 1' },
        400,
        'INVALID_PARAMETER_VALUE',
      );
      expect(bad).toContain('position 13');
      await ok('POST', 'runs/log-inputs', {
        run_id: runId,
        datasets: [
          {
            tags: [{ key: 'mlflow.data.context', value: 'train' }],
            dataset: { name: 'iris', digest: 'abc123', source_type: 'local', source: '{}' },
          },
        ],
      });
      await ok('POST', 'runs/log-model', {
        run_id: runId,
        model_json: JSON.stringify({
          artifact_path: 'model',
          flavors: {},
          utc_time_created: 'now',
          run_id: runId,
        }),
      });
      const after = await ok('GET', `runs/get?run_id=${runId}`);
      expect(after.run.inputs.dataset_inputs[0].dataset).toMatchObject({ name: 'iris', digest: 'abc123' });
      expect(
        JSON.parse(
          after.run.data.tags.find((x: { key: string }) => x.key === 'mlflow.log-model.history').value,
        ),
      ).toHaveLength(1);
      const updated = await ok('POST', 'runs/update', { run_id: runId, status: 'FINISHED', end_time: 99 });
      expect(updated.run_info).toMatchObject({ status: 'FINISHED', end_time: 99 });
      await error(
        'POST',
        'runs/log-metric',
        { run_id: runId, key: 'late', value: 1, timestamp: 1 },
        400,
        'INVALID_PARAMETER_VALUE',
      );
      await ok('POST', 'runs/delete', { run_id: runId });
      await error(
        'POST',
        'runs/set-tag',
        { run_id: runId, key: 'k', value: 'v' },
        400,
        'INVALID_PARAMETER_VALUE',
      );
      expect((await ok('POST', 'runs/search', { experiment_ids: [experiment_id] })).runs ?? []).toHaveLength(
        0,
      );
      expect(
        (await ok('POST', 'runs/search', { experiment_ids: [experiment_id], run_view_type: 'DELETED_ONLY' }))
          .runs,
      ).toHaveLength(1);
      await ok('POST', 'runs/restore', { run_id: runId });
      await ok('POST', 'experiments/update', { experiment_id, new_name: 'churn-2' });
      await ok('POST', 'experiments/set-experiment-tag', { experiment_id, key: 'owner', value: 'ana' });
      await ok('POST', 'experiments/delete', { experiment_id });
      expect(
        (await ok('GET', `experiments/get?experiment_id=${experiment_id}`)).experiment.lifecycle_stage,
      ).toBe('deleted');
      await ok('POST', 'experiments/restore', { experiment_id });
    });

    it("starts runs in experiment '0' (the project's Default experiment)", async () => {
      const { run } = await ok('POST', 'runs/create', { start_time: 1 });
      const def = await ok('GET', 'experiments/get-by-name?experiment_name=Default');
      expect(run.info.experiment_id).toBe(def.experiment.experiment_id);
    });

    it('uploads, lists, downloads and deletes artifacts through the proxy', async () => {
      const { experimentId, runId } = await newRun('art');
      const root = `/projects/${project.slug}/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts`;
      const put = await t.app.inject({
        method: 'PUT',
        url: `${root}/model/MLmodel`,
        headers: { ...auth, 'content-type': 'text/plain' },
        payload: 'flavors: {}',
      });
      expect(put.statusCode, put.body).toBe(200);
      // Bare root: the experiment in the path names the project.
      const empty = await t.app.inject({
        method: 'PUT',
        url: `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/empty.txt`,
        headers: auth,
      });
      expect(empty.statusCode, empty.body).toBe(200);
      const list = await t.app.inject({
        method: 'GET',
        url: `/projects/${project.slug}/api/2.0/mlflow-artifacts/artifacts?path=${experimentId}/${runId}/artifacts/model`,
        headers: auth,
      });
      expect(list.json()).toEqual({ files: [{ path: 'MLmodel', is_dir: false, file_size: 11 }] });
      const get = await t.app.inject({ method: 'GET', url: `${root}/model/MLmodel`, headers: auth });
      expect(get.body).toBe('flavors: {}');
      const listed = await ok('GET', `artifacts/list?run_id=${runId}`);
      expect(listed).toEqual({
        root_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
        files: [
          { path: 'empty.txt', is_dir: false, file_size: 0 },
          { path: 'model', is_dir: true },
        ],
      });
      for (const bad of ['../../x', 'a/%2e%2e/%2e%2e/b']) {
        const res = await t.app.inject({ method: 'PUT', url: `${root}/${bad}`, headers: auth, payload: 'x' });
        expect([400, 404], `${bad}: ${res.body}`).toContain(res.statusCode);
        expect(['INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST']).toContain(res.json().error_code);
      }
      const traversal = await t.app.inject({
        method: 'PUT',
        url: `${root}/a/%2E%2E/%2E%2E/%2E%2E/escape`,
        headers: auth,
        payload: 'x',
      });
      expect(traversal.statusCode, traversal.body).toBe(400);
      const del = await t.app.inject({ method: 'DELETE', url: `${root}/model`, headers: auth });
      expect(del.statusCode).toBe(200);
      const gone = await t.app.inject({ method: 'GET', url: `${root}/model/MLmodel`, headers: auth });
      expect(gone.json().error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    });

    it('refuses bad input with MLflow error codes', async () => {
      const { runId } = await newRun('bad');
      const bad = (body: object) =>
        error('POST', 'runs/log-batch', { run_id: runId, ...body }, 400, 'INVALID_PARAMETER_VALUE');
      await bad({ params: [{ key: 'bad key!', value: '1' }] });
      await bad({ params: [{ key: 'k'.repeat(251), value: '1' }] });
      await bad({ tags: [{ key: 'big', value: 'x'.repeat(1024 * 1024) }] });
      await bad({ metrics: [{ key: 'm', value: 'abc', timestamp: 1, step: 0 }] });
      await bad({ metrics: [{ key: 'm', value: true, timestamp: 1, step: 0 }] });
      await bad({
        metrics: Array.from({ length: 1001 }, (_, i) => ({ key: 'm', value: i, timestamp: 1, step: i })),
      });
      await bad({ params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: '1' })) });
      await bad({ tags: Array.from({ length: 101 }, (_, i) => ({ key: `t${i}`, value: '1' })) });
      await error('POST', 'runs/log-metric', { run_id: runId, key: 'm' }, 400, 'INVALID_PARAMETER_VALUE');
      await error('GET', 'runs/get?run_id=0000', undefined, 404, 'RESOURCE_DOES_NOT_EXIST');
      await error(
        'POST',
        'runs/log-metric',
        { run_id: 'nope', key: 'm', value: 1, timestamp: 1 },
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      await error('GET', 'runs/get', undefined, 400, 'INVALID_PARAMETER_VALUE');
      const malformed = await t.app.inject({
        method: 'POST',
        url: `${base}/runs/log-batch`,
        headers: { ...auth, 'content-type': 'application/json' },
        payload: '{nope',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error_code).toBe('MALFORMED_REQUEST');
      // Nothing of a refused batch was kept.
      const got = await ok('GET', `runs/get?run_id=${runId}`);
      expect(got.run.data.metrics ?? []).toEqual([]);
    });

    it('maps Basic and Bearer credentials to Baton users and applies their roles', async () => {
      const { experimentId } = await newRun('auth');
      const asViewer = { authorization: basic(viewer.username, viewer.password) };
      const read = await mlflow('GET', `experiments/get?experiment_id=${experimentId}`, undefined, asViewer);
      expect(read.statusCode).toBe(200);
      const write = await mlflow('POST', 'runs/create', { experiment_id: experimentId }, asViewer);
      expect(write.statusCode).toBe(403);
      expect(write.json().error_code).toBe('PERMISSION_DENIED');
      const bearer = await mlflow(
        'POST',
        'runs/create',
        { experiment_id: experimentId },
        { authorization: `Bearer ${scientist.token}` },
      );
      expect(bearer.statusCode).toBe(200);
      const tokenAsPassword = await mlflow(
        'GET',
        `experiments/get?experiment_id=${experimentId}`,
        undefined,
        {
          authorization: basic('anything', viewer.token),
        },
      );
      expect(tokenAsPassword.statusCode).toBe(200);
      const wrong = await mlflow('GET', `experiments/get?experiment_id=${experimentId}`, undefined, {
        authorization: basic(scientist.username, 'wrong-password'),
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error_code).toBe('UNAUTHENTICATED');
      expect(wrong.headers['www-authenticate']).toContain('Basic');
      const outsider = await t.user();
      const hidden = await mlflow(
        'POST',
        'experiments/search',
        {},
        { authorization: `Bearer ${outsider.token}` },
      );
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    });

    it('serves the bare root from the default project', async () => {
      const admin = await t.adminToken();
      const res = await mlflow(
        'POST',
        '/api/2.0/mlflow/experiments/create',
        { name: 'in-default' },
        { authorization: `Bearer ${admin}` },
      );
      expect(res.statusCode, res.body).toBe(200);
      const viaAjax = await mlflow(
        'GET',
        '/ajax-api/2.0/mlflow/experiments/get-by-name?experiment_name=in-default',
        undefined,
        {
          authorization: `Bearer ${admin}`,
        },
      );
      expect(viaAjax.json().experiment.experiment_id).toBe(res.json().experiment_id);
      // A member of another project sees nothing of it.
      const hidden = await mlflow(
        'GET',
        '/api/2.0/mlflow/experiments/get-by-name?experiment_name=in-default',
        undefined,
        auth,
      );
      expect(hidden.json().error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    });
  });
}
