import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestProject,
  DIALECTS,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { smallModelFiles } from './registry-fixtures.ts';

const basic = (u: TestUser) => `Basic ${Buffer.from(`${u.username}:${u.password}`).toString('base64')}`;

for (const dialect of DIALECTS) {
  describe(`MLflow model registry API on ${dialect}`, () => {
    let t: TestApp;
    let project: { id: string; slug: string };
    let engineer: TestUser;
    let mlops: TestUser;
    let base: string;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      project = await createTestProject(t);
      engineer = await t.userWithRoles(project, ['ml-engineer']);
      mlops = await t.userWithRoles(project, ['mlops-engineer']);
      base = `/projects/${project.slug}/api/2.0/mlflow`;
    });
    afterAll(() => t.close());

    const mlflow = (method: string, path: string, body?: unknown, as: TestUser = engineer) =>
      t.app.inject({
        method: method as 'POST',
        url: path.startsWith('/') ? path : `${base}/${path}`,
        headers: {
          authorization: basic(as),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
    const ok = async (method: string, path: string, body?: unknown, as?: TestUser) => {
      const res = await mlflow(method, path, body, as);
      expect(res.statusCode, `${method} ${path}: ${res.body}`).toBe(200);
      return res.json();
    };
    const error = async (
      method: string,
      path: string,
      body: unknown,
      status: number,
      code: string,
      as?: TestUser,
    ) => {
      const res = await mlflow(method, path, body, as);
      expect(res.statusCode, `${method} ${path}: ${res.body}`).toBe(status);
      expect(res.json().error_code).toBe(code);
      return res.json().message as string;
    };

    /** A run with `model/model.onnx` uploaded through the artifact proxy, as an MLflow client would. */
    async function runWithModel() {
      const { experiment_id } = await ok('POST', 'experiments/create', { name: `reg-${Math.random()}` });
      const { run } = await ok('POST', 'runs/create', { experiment_id });
      const runId = run.info.run_id as string;
      const files = smallModelFiles();
      for (const [name, body] of [
        ['model.onnx', files.onnx],
        ['signature.json', Buffer.from(files.signature)],
      ] as const) {
        const put = await t.app.inject({
          method: 'PUT',
          url: `/projects/${project.slug}/api/2.0/mlflow-artifacts/artifacts/${experiment_id}/${runId}/artifacts/model/${name}`,
          headers: { authorization: basic(engineer), 'content-type': 'application/octet-stream' },
          payload: body,
        });
        expect(put.statusCode, put.body).toBe(200);
      }
      return { experimentId: experiment_id as string, runId };
    }

    it('registers, reads, tags, renames and deletes in MLflow shapes', async () => {
      const created = await ok('POST', 'registered-models/create', {
        name: 'churn',
        description: 'who leaves',
        tags: [{ key: 'team', value: 'growth' }],
      });
      expect(created.registered_model).toMatchObject({
        name: 'churn',
        description: 'who leaves',
        user_id: engineer.username,
        tags: [{ key: 'team', value: 'growth' }],
        aliases: [],
      });
      expect(typeof created.registered_model.creation_timestamp).toBe('number');
      await error('POST', 'registered-models/create', { name: 'churn' }, 400, 'RESOURCE_ALREADY_EXISTS');
      await error('POST', 'registered-models/create', {}, 400, 'INVALID_PARAMETER_VALUE');
      await error('GET', 'registered-models/get?name=nope', undefined, 404, 'RESOURCE_DOES_NOT_EXIST');

      const { experimentId, runId } = await runWithModel();
      const source = `mlflow-artifacts:/${experimentId}/${runId}/artifacts/model`;
      const { model_version: mv } = await ok('POST', 'model-versions/create', {
        name: 'churn',
        source,
        run_id: runId,
        tags: [{ key: 'stage', value: 'candidate' }],
      });
      expect(mv).toMatchObject({
        name: 'churn',
        version: '1',
        source,
        run_id: runId,
        status: 'READY',
        current_stage: 'None',
        user_id: engineer.username,
        tags: [{ key: 'stage', value: 'candidate' }],
        aliases: [],
      });
      // The same registry: Baton's API sees the ONNX graph the MLflow registration found.
      const baton = await t.call('GET', `/api/v1/projects/${project.slug}/models/churn/versions/1`, {
        token: engineer.token,
      });
      expect(baton.json().onnxDigest).toMatch(/^[0-9a-f]{64}$/);
      await error(
        'POST',
        'model-versions/create',
        { name: 'missing', source },
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      await error('POST', 'model-versions/create', { name: 'churn' }, 400, 'INVALID_PARAMETER_VALUE');
      await error(
        'GET',
        'model-versions/get?name=churn&version=abc',
        undefined,
        400,
        'INVALID_PARAMETER_VALUE',
      );
      await error(
        'GET',
        'model-versions/get?name=churn&version=9',
        undefined,
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );

      const got = await ok('GET', 'model-versions/get?name=churn&version=1');
      expect(got.model_version.version).toBe('1');
      const uri = await ok('GET', 'model-versions/get-download-uri?name=churn&version=1');
      expect(uri).toEqual({ artifact_uri: source });

      await ok('POST', 'model-versions/set-tag', { name: 'churn', version: '1', key: 'k', value: 'v' });
      await ok('DELETE', 'model-versions/delete-tag', { name: 'churn', version: '1', key: 'stage' });
      const tagged = await ok('GET', 'model-versions/get', { name: 'churn', version: '1' });
      expect(tagged.model_version.tags).toEqual([{ key: 'k', value: 'v' }]);
      await ok('PATCH', 'model-versions/update', { name: 'churn', version: '1', description: 'first' });
      await ok('POST', 'registered-models/set-tag', { name: 'churn', key: 'owner', value: 'erin' });
      await ok('DELETE', 'registered-models/delete-tag', { name: 'churn', key: 'team' });
      await ok('PATCH', 'registered-models/update', { name: 'churn', description: 'who churns' });

      await ok('POST', 'model-versions/create', {
        name: 'churn',
        source: `runs:/${runId}/model`,
        run_id: runId,
      });
      const staged = await ok(
        'POST',
        'model-versions/transition-stage',
        { name: 'churn', version: '2', stage: 'production', archive_existing_versions: false },
        mlops,
      );
      expect(staged.model_version.current_stage).toBe('Production');
      await error(
        'POST',
        'model-versions/transition-stage',
        { name: 'churn', version: '2', stage: 'Staging' },
        403,
        'PERMISSION_DENIED',
      );
      await error(
        'POST',
        'model-versions/transition-stage',
        { name: 'churn', version: '2', stage: 'Live' },
        400,
        'INVALID_PARAMETER_VALUE',
        mlops,
      );
      const latest = await ok('POST', 'registered-models/get-latest-versions', {
        name: 'churn',
        stages: ['Production'],
      });
      expect(latest.model_versions.map((v: { version: string }) => v.version)).toEqual(['2']);
      const all = await ok('POST', 'registered-models/get-latest-versions', { name: 'churn' });
      expect(
        all.model_versions.map((v: { version: string; current_stage: string }) => [
          v.version,
          v.current_stage,
        ]),
      ).toEqual([
        ['1', 'None'],
        ['2', 'Production'],
      ]);

      const full = await ok('GET', 'registered-models/get?name=churn');
      expect(full.registered_model).toMatchObject({
        description: 'who churns',
        tags: [{ key: 'owner', value: 'erin' }],
      });
      expect(full.registered_model.latest_versions).toHaveLength(2);
      const search = await ok(
        'GET',
        `registered-models/search?filter=${encodeURIComponent("name LIKE 'chu%'")}`,
      );
      expect(search.registered_models.map((m: { name: string }) => m.name)).toEqual(['churn']);
      const versions = await ok(
        'GET',
        `model-versions/search?filter=${encodeURIComponent("name = 'churn'")}`,
      );
      expect(versions.model_versions.map((v: { version: string }) => v.version)).toEqual(['2', '1']);
      const byRun = await ok(
        'GET',
        `model-versions/search?filter=${encodeURIComponent(`run_id = '${runId}' and version_number = 1`)}`,
      );
      expect(byRun.model_versions).toHaveLength(1);
      await error(
        'GET',
        `model-versions/search?filter=${encodeURIComponent('metrics.x > 1')}`,
        undefined,
        400,
        'INVALID_PARAMETER_VALUE',
      );

      const renamed = await ok('POST', 'registered-models/rename', { name: 'churn', new_name: 'churn-v2' });
      expect(renamed.registered_model.name).toBe('churn-v2');
      await ok('DELETE', 'model-versions/delete', { name: 'churn-v2', version: '1' });
      await error(
        'GET',
        'model-versions/get?name=churn-v2&version=1',
        undefined,
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      await ok('DELETE', 'registered-models/delete', { name: 'churn-v2' });
      await error('GET', 'registered-models/get?name=churn-v2', undefined, 404, 'RESOURCE_DOES_NOT_EXIST');
    });

    it('sets aliases through the same gated, recorded move and resolves models:/name@alias', async () => {
      await ok('POST', 'registered-models/create', { name: 'fraud' });
      const { runId } = await runWithModel();
      await ok('POST', 'model-versions/create', {
        name: 'fraud',
        source: `runs:/${runId}/model`,
        run_id: runId,
      });
      await error(
        'POST',
        'registered-models/alias',
        { name: 'fraud', alias: 'champion', version: '1' },
        403,
        'PERMISSION_DENIED',
      );
      await ok('POST', 'registered-models/alias', { name: 'fraud', alias: 'champion', version: '1' }, mlops);
      const { model_version } = await ok('GET', 'registered-models/alias?name=fraud&alias=champion');
      expect(model_version).toMatchObject({ version: '1', aliases: ['champion'] });
      const model = await ok('GET', 'registered-models/get?name=fraud');
      expect(model.registered_model.aliases).toEqual([{ alias: 'champion', version: '1' }]);
      // models:/fraud@champion: the client downloads from the URI the alias's version gives.
      const { artifact_uri } = await ok('GET', 'model-versions/get-download-uri?name=fraud&version=1');
      const listed = await t.app.inject({
        method: 'GET',
        url: `/projects/${project.slug}/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(String(artifact_uri).replace('mlflow-artifacts:/', ''))}`,
        headers: { authorization: basic(engineer) },
      });
      expect(
        listed
          .json()
          .files.map((f: { path: string }) => f.path)
          .sort(),
      ).toEqual(['model.onnx', 'signature.json']);
      const history = await t.call('GET', `/api/v1/projects/${project.slug}/models/fraud/history`, {
        token: engineer.token,
      });
      expect(history.json().items[0]).toMatchObject({ kind: 'set', actor: mlops.username, toVersion: 1 });

      // A declared policy gates MLflow alias sets too.
      await t.call('PUT', `/api/v1/projects/${project.slug}/promotion-policies/production`, {
        token: mlops.token,
        body: { metrics: [{ metric: 'roc_auc', op: '>=', value: 0.8 }] },
      });
      const message = await error(
        'POST',
        'registered-models/alias',
        { name: 'fraud', alias: 'production', version: '1' },
        400,
        'INVALID_STATE',
        mlops,
      );
      expect(message).toContain('metric:roc_auc>=0.8');
      await error(
        'GET',
        'registered-models/alias?name=fraud&alias=production',
        undefined,
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );

      // A model a deployment serves cannot be deleted: INVALID_STATE, not RESOURCE_ALREADY_EXISTS.
      const served = await t.services.db
        .selectFrom('registered_models')
        .select('id')
        .where('project_id', '=', project.id)
        .where('name', '=', 'fraud')
        .executeTakeFirstOrThrow();
      await t.services.db
        .insertInto('deployments')
        .values({
          id: `dep-${dialect}`,
          project_id: project.id,
          name: `fraud-${dialect}-${Date.now()}`,
          model_id: served.id,
          alias: 'champion',
          challenger_alias: null,
          challenger_mode: 'none',
          canary_percent: 0,
          status: 'active',
          config_json: '{}',
          created_by: mlops.username,
          created_at: Date.now(),
          updated_at: Date.now(),
        })
        .execute();
      await error('DELETE', 'registered-models/delete', { name: 'fraud' }, 400, 'INVALID_STATE');
      await error(
        'DELETE',
        'registered-models/alias',
        { name: 'fraud', alias: 'champion' },
        400,
        'INVALID_STATE',
        mlops,
      );
      await error('DELETE', 'model-versions/delete', { name: 'fraud', version: '1' }, 400, 'INVALID_STATE');
      await t.services.db.deleteFrom('deployments').where('id', '=', `dep-${dialect}`).execute();

      await ok('DELETE', 'registered-models/alias', { name: 'fraud', alias: 'champion' }, mlops);
      await error(
        'GET',
        'registered-models/alias?name=fraud&alias=champion',
        undefined,
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      await error(
        'DELETE',
        'registered-models/alias',
        { name: 'fraud', alias: 'champion' },
        404,
        'RESOURCE_DOES_NOT_EXIST',
        mlops,
      );
    });
  });
}
