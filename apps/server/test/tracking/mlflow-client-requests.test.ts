import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestProject,
  DIALECTS,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';

// Requests exactly as the official mlflow Python client 2.17.2 sends them, recorded by
// scripts/mlflow-client-check.mjs against a real Baton (docs/mlflow-compatibility.md): each
// test here guards a place where that client once failed, without needing Python.

const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

for (const dialect of DIALECTS) {
  describe(`MLflow client requests on ${dialect}`, () => {
    let t: TestApp;
    let project: { id: string; slug: string };
    let writer: TestUser;
    let viewer: TestUser;
    let api: string;
    let artifacts: string;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      project = await createTestProject(t);
      writer = await t.userWithRoles(project, ['data-scientist', 'ml-engineer', 'mlops-engineer']);
      viewer = await t.userWithRoles(project, ['viewer']);
      api = `/projects/${project.slug}/api/2.0/mlflow`;
      artifacts = `/projects/${project.slug}/api/2.0/mlflow-artifacts`;
    });
    afterAll(() => t.close());

    const send = (method: string, url: string, body?: unknown, who: TestUser = writer) =>
      t.app.inject({
        method: method as 'POST',
        url,
        headers: {
          authorization: basic(who.username, who.password),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
    const ok = async (method: string, url: string, body?: unknown) => {
      const res = await send(method, url, body);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
      return res.json();
    };

    async function runWithModel() {
      const { experiment_id } = await ok('POST', `${api}/experiments/create`, { name: `e-${Math.random()}` });
      const { run } = await ok('POST', `${api}/runs/create`, {
        experiment_id,
        user_id: writer.username,
        run_name: 'pyfunc',
        start_time: 1796595228000,
        tags: [{ key: 'mlflow.runName', value: 'pyfunc' }],
      });
      const runId = run.info.run_id as string;
      const put = await t.app.inject({
        method: 'PUT',
        url: `${artifacts}/artifacts/${experiment_id}/${runId}/artifacts/model/MLmodel`,
        headers: { authorization: basic(writer.username, writer.password), 'content-type': 'text/plain' },
        payload: 'artifact_path: model\n',
      });
      expect(put.statusCode, put.body).toBe(200);
      return { experimentId: experiment_id as string, runId };
    }

    it('answers multipart-upload create with the NOT_IMPLEMENTED message the client falls back on', async () => {
      // MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD=true: the client first asks for a multipart upload,
      // and only a NOT_IMPLEMENTED whose message starts with this sentence makes it fall back to
      // one PUT; anything else (it once got a 404) fails log_artifact.
      const { experimentId, runId } = await runWithModel();
      const path = `${experimentId}/${runId}/artifacts`;
      const body = { path: '/tmp/mlflow-check-q3q06aju/mpu.bin', num_parts: 1 };
      for (const url of [`${artifacts}/mpu/create/${path}`, `/api/2.0/mlflow-artifacts/mpu/create/${path}`]) {
        const res = await send('POST', url, body);
        expect(res.statusCode, res.body).toBe(501);
        expect(res.json().error_code).toBe('NOT_IMPLEMENTED');
        expect(res.json().message).toMatch(
          /^Multipart upload is not supported for the current artifact repository/,
        );
      }
      for (const action of ['complete', 'abort']) {
        const res = await send('POST', `${artifacts}/mpu/${action}/${path}`, { ...body, upload_id: 'u' });
        expect(res.statusCode, res.body).toBe(501);
      }
      // Credentials and roles still come first.
      const denied = await send('POST', `${artifacts}/mpu/create/${path}`, body, viewer);
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error_code).toBe('PERMISSION_DENIED');
      const anonymous = await t.app.inject({
        method: 'POST',
        url: `${artifacts}/mpu/create/${path}`,
        payload: {},
      });
      expect(anonymous.statusCode).toBe(401);
      // The fallback: one PUT, then the file reads back whole.
      const bytes = Buffer.alloc(3 * 1024 * 1024, 7);
      const put = await t.app.inject({
        method: 'PUT',
        url: `${artifacts}/artifacts/${path}/mpu.bin`,
        headers: {
          authorization: basic(writer.username, writer.password),
          'content-type': 'application/octet-stream',
        },
        payload: bytes,
      });
      expect(put.statusCode, put.body).toBe(200);
      const got = await send('GET', `${artifacts}/artifacts/${path}/mpu.bin`);
      expect(got.rawPayload.equals(bytes)).toBe(true);
    });

    it('answers get-download-uri of a copied version (source models:/) with the storage location', async () => {
      // copy_model_version registers with source 'models:/<name>/<version>'; models:/ URIs
      // resolve through get-download-uri, which MLflow answers with the files' location.
      const { experimentId, runId } = await runWithModel();
      const source = `mlflow-artifacts:/${experimentId}/${runId}/artifacts/model`;
      const name = `pyfunc-${Math.random().toString(36).slice(2, 10)}`;
      await ok('POST', `${api}/registered-models/create`, { name });
      await ok('POST', `${api}/model-versions/create`, { name, source, run_id: runId });
      await ok('POST', `${api}/registered-models/alias`, { name, alias: 'prod', version: '1' });

      const copy = `copy-${name}`;
      await ok('POST', `${api}/registered-models/create`, { name: copy });
      const created = await ok('POST', `${api}/model-versions/create`, {
        name: copy,
        source: `models:/${name}/1`,
        run_id: runId,
        run_link: '',
        description: '',
      });
      expect(created.model_version).toMatchObject({ name: copy, version: '1', source: `models:/${name}/1` });
      const uri = await ok('GET', `${api}/model-versions/get-download-uri?name=${copy}&version=1`);
      expect(uri).toEqual({ artifact_uri: source });

      // A copy of a copy, and a copy by alias, resolve to the same files.
      await ok('POST', `${api}/model-versions/create`, {
        name: copy,
        source: `models:/${copy}/1`,
        run_id: runId,
      });
      await ok('POST', `${api}/model-versions/create`, { name: copy, source: `models:/${name}@prod` });
      for (const version of ['2', '3']) {
        expect(
          await ok('GET', `${api}/model-versions/get-download-uri?name=${copy}&version=${version}`),
        ).toEqual({
          artifact_uri: source,
        });
      }
      // A viewer reads it too; a version that is not there is still RESOURCE_DOES_NOT_EXIST.
      const read = await send(
        'GET',
        `${api}/model-versions/get-download-uri?name=${copy}&version=1`,
        undefined,
        viewer,
      );
      expect(read.json()).toEqual({ artifact_uri: source });
      const missing = await send('GET', `${api}/model-versions/get-download-uri?name=${copy}&version=9`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    });

    it('orders model versions most recently updated first when the client gives no order_by', async () => {
      // search_model_versions("name = '...'") sends no order_by; MLflow's default is
      // last_updated_timestamp DESC, name ASC, version_number DESC (Baton once gave version DESC).
      const { experimentId, runId } = await runWithModel();
      const name = `Credit Risk \u00fc ${Math.random().toString(36).slice(2, 10)}`;
      const source = `mlflow-artifacts:/${experimentId}/${runId}/artifacts/model`;
      await ok('POST', `${api}/registered-models/create`, { name });
      await ok('POST', `${api}/model-versions/create`, { name, source, run_id: runId });
      await new Promise((r) => setTimeout(r, 5));
      await ok('POST', `${api}/model-versions/create`, { name, source, run_id: runId });
      await new Promise((r) => setTimeout(r, 5));
      await ok('PATCH', `${api}/model-versions/update`, { name, version: '1', description: 'touched last' });
      const filter = encodeURIComponent(`name = '${name}'`).replace(/%20/g, '+');
      const search = await ok('GET', `${api}/model-versions/search?filter=${filter}&max_results=10000`);
      expect(search.model_versions.map((v: { version: string }) => v.version)).toEqual(['1', '2']);
      // An explicit order_by is still the client's.
      const byNumber = await ok(
        'GET',
        `${api}/model-versions/search?filter=${filter}&max_results=10000&order_by=version_number+DESC`,
      );
      expect(byNumber.model_versions.map((v: { version: string }) => v.version)).toEqual(['2', '1']);
    });
  });
}
