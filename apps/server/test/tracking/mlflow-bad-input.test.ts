import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestProject,
  DIALECTS,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';

// The bad-input list through the MLflow API (Baton's own API and the core verbs
// have theirs in tracking-api.test.ts and tracking-store.test.ts).
for (const dialect of DIALECTS) {
  describe(`MLflow API bad input on ${dialect}`, () => {
    let t: TestApp;
    let project: { id: string; slug: string };
    let scientist: TestUser;
    let base: string;
    let port: number;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      project = await createTestProject(t);
      scientist = await t.userWithRoles(project, ['data-scientist']);
      base = `/projects/${project.slug}/api/2.0/mlflow`;
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as AddressInfo).port;
    });
    afterAll(() => t.close());

    const call = (path: string, body: unknown) =>
      t.app.inject({
        method: 'POST',
        url: `${base}/${path}`,
        headers: { authorization: `Bearer ${scientist.token}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const expectCode = async (path: string, body: unknown, status: number, code: string) => {
      const res = await call(path, body);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(status);
      expect(res.json().error_code).toBe(code);
      return res.json().message as string;
    };
    async function newRun() {
      const exp = (await call('experiments/create', { name: `bad-${Math.random()}` })).json();
      const run = (await call('runs/create', { experiment_id: exp.experiment_id })).json();
      return { experimentId: exp.experiment_id as string, runId: run.run.info.run_id as string };
    }

    it('refuses changing a logged param, and accepts logging the same value again', async () => {
      const { runId } = await newRun();
      expect((await call('runs/log-parameter', { run_id: runId, key: 'lr', value: '0.1' })).statusCode).toBe(
        200,
      );
      expect((await call('runs/log-parameter', { run_id: runId, key: 'lr', value: '0.1' })).statusCode).toBe(
        200,
      );
      const message = await expectCode(
        'runs/log-parameter',
        { run_id: runId, key: 'lr', value: '0.2' },
        400,
        'INVALID_PARAMETER_VALUE',
      );
      expect(message).toContain("'lr'");
      await expectCode(
        'runs/log-batch',
        {
          run_id: runId,
          params: [
            { key: 'depth', value: '3' },
            { key: 'depth', value: '4' },
          ],
        },
        400,
        'INVALID_PARAMETER_VALUE',
      );
      await expectCode(
        'runs/log-parameter',
        { run_id: runId, key: 'a/../../b', value: '1' },
        400,
        'INVALID_PARAMETER_VALUE',
      );
      await expectCode(
        'runs/set-tag',
        { run_id: runId, key: 'semi;colon', value: '1' },
        400,
        'INVALID_PARAMETER_VALUE',
      );
    });

    it('refuses metrics to finished, deleted and unknown runs, and keeps nothing of them', async () => {
      const { runId } = await newRun();
      const metric = { key: 'loss', value: 1, timestamp: 1, step: 0 };
      await expectCode(
        'runs/log-batch',
        { run_id: 'f'.repeat(32), metrics: [metric] },
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      await expectCode(
        'runs/log-metric',
        { run_id: 'f'.repeat(32), ...metric },
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      expect((await call('runs/update', { run_id: runId, status: 'FINISHED', end_time: 5 })).statusCode).toBe(
        200,
      );
      expect(
        await expectCode('runs/log-metric', { run_id: runId, ...metric }, 400, 'INVALID_PARAMETER_VALUE'),
      ).toContain('FINISHED');
      await expectCode(
        'runs/log-batch',
        { run_id: runId, metrics: [metric] },
        400,
        'INVALID_PARAMETER_VALUE',
      );
      // Tags may still be set on a finished run (a verdict after the fact).
      expect((await call('runs/set-tag', { run_id: runId, key: 'verdict', value: 'good' })).statusCode).toBe(
        200,
      );
      expect((await call('runs/delete', { run_id: runId })).statusCode).toBe(200);
      expect(
        await expectCode(
          'runs/set-tag',
          { run_id: runId, key: 'x', value: '1' },
          400,
          'INVALID_PARAMETER_VALUE',
        ),
      ).toContain('deleted');
      await expectCode(
        'runs/log-batch',
        { run_id: runId, metrics: [metric] },
        400,
        'INVALID_PARAMETER_VALUE',
      );
      const history = await t.app.inject({
        method: 'GET',
        url: `${base}/metrics/get-history?run_id=${runId}&metric_key=loss`,
        headers: { authorization: `Bearer ${scientist.token}` },
      });
      expect(history.json().metrics ?? []).toEqual([]);
    });

    it('keeps no partial artifact when an upload through the proxy is cut off', async () => {
      const { experimentId, runId } = await newRun();
      const file = `/projects/${project.slug}/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/model.bin`;
      await new Promise<void>((resolve) => {
        const req = http.request({
          host: '127.0.0.1',
          port,
          method: 'PUT',
          path: file,
          headers: {
            authorization: `Bearer ${scientist.token}`,
            'content-type': 'application/octet-stream',
            'content-length': String(8 * 1024 * 1024),
          },
        });
        req.on('error', () => resolve());
        req.on('close', () => resolve());
        req.write(Buffer.alloc(512 * 1024, 1), () => setTimeout(() => req.destroy(), 50));
      });
      // Give the server time to see the abort, then look from both sides.
      await new Promise((r) => setTimeout(r, 300));
      const auth = { authorization: `Bearer ${scientist.token}` };
      const get = await t.app.inject({ method: 'GET', url: file, headers: auth });
      expect(get.statusCode).toBe(404);
      const listed = await t.app.inject({
        method: 'GET',
        url: `${base}/artifacts/list?run_id=${runId}`,
        headers: auth,
      });
      expect(listed.json().files ?? []).toEqual([]);
      // The same path uploads whole afterwards.
      const put = await t.app.inject({
        method: 'PUT',
        url: file,
        headers: auth,
        payload: Buffer.alloc(1000, 2),
      });
      expect(put.statusCode, put.body).toBe(200);
      const again = await t.app.inject({ method: 'GET', url: file, headers: auth });
      expect(again.rawPayload.length).toBe(1000);
    });
  });
}
