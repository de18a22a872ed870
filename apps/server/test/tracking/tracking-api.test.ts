import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatonApiError, type BatonClient, createBatonClient } from '@baton/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestProject,
  DIALECTS,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';

for (const dialect of DIALECTS) {
  describe(`tracking through Baton's API and the SDK on ${dialect}`, () => {
    let t: TestApp;
    let project: { id: string; slug: string };
    let researcher: TestUser;
    let viewer: TestUser;
    let client: BatonClient;
    let port: number;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      project = await createTestProject(t);
      researcher = await t.userWithRoles(project, ['ml-researcher']);
      viewer = await t.userWithRoles(project, ['viewer']);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as AddressInfo).port;
      client = createBatonClient({ baseUrl: `http://127.0.0.1:${port}`, token: researcher.token });
    });
    afterAll(() => t.close());

    it('logs a run with batching, artifacts and a dataset-version check, then ends it', async () => {
      const exp = await client.tracking.createExperiment(project.slug, 'sdk-exp', { team: 'a' });
      const run = await client.tracking.startRun(project.slug, exp.name, {
        name: 'gbm-1',
        flushIntervalMs: 0,
      });
      run.logParams({ lr: 0.1, depth: 6 });
      for (let step = 0; step < 2500; step++) run.logMetric('loss', 1 / (step + 1), step);
      run.logMetric('odd', Number.NaN, 0);
      run.setTag('stage', 'dev');
      await run.flush();
      await run.logArtifact('model/weights.bin', new Uint8Array([1, 2, 3]));
      const info = await run.end();
      expect(info.status).toBe('FINISHED');
      const got = await client.tracking.getRun(project.slug, run.id);
      expect(got.params).toEqual({ lr: '0.1', depth: '6' });
      expect(got.tags.stage).toBe('dev');
      expect(Object.fromEntries(got.metrics.map((m) => [m.key, m.value]))).toEqual({
        loss: 1 / 2500,
        odd: 'NaN',
      });
      const history = await client.tracking.metricHistory(project.slug, run.id, 'loss', 100);
      expect(history).toMatchObject({ total: 2500, downsampled: true });
      expect(history.points).toHaveLength(100);
      expect(history.points[0]?.step).toBe(0);
      expect(history.points.at(-1)?.step).toBe(2499);
      const files = await client.tracking.listArtifacts(project.slug, run.id, 'model');
      expect(files.files).toEqual([{ path: 'model/weights.bin', isDir: false, size: 3 }]);
      const bytes = new Uint8Array(
        await (
          await client.tracking.downloadArtifact(project.slug, run.id, 'model/weights.bin')
        ).arrayBuffer(),
      );
      expect([...bytes]).toEqual([1, 2, 3]);
      const search = await client.tracking.searchRuns(project.slug, {
        filter: "params.depth = '6' and metrics.loss < 0.01",
      });
      expect(search.runs.map((r) => r.info.id)).toEqual([run.id]);
      await expect(
        client.tracking.logInputs(project.slug, run.id, [{ dataset: 'missing', version: 1 }]),
      ).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('answers bad input with 400 and a message that points at the problem', async () => {
      const exp = await client.tracking.createExperiment(project.slug, 'bad-input');
      const run = await client.tracking.createRun(project.slug, exp.id);
      const bad = await t.call('POST', `/api/v1/projects/${project.slug}/runs/search`, {
        token: researcher.token,
        body: { filter: "metrics.auc > 0.8 or params.a = '1'" },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'bad_request', errors: [{ path: 'filter' }] });
      expect(bad.json().detail).toContain('position 18');
      const traversal = await t.call(
        'PUT',
        `/api/v1/projects/${project.slug}/runs/${run.info.id}/artifacts?path=../../etc/passwd`,
        {
          token: researcher.token,
          headers: { 'content-type': 'application/octet-stream' },
          body: 'x',
        },
      );
      expect(traversal.statusCode).toBe(400);
      const unknown = await t.call('GET', `/api/v1/projects/${project.slug}/runs/nope`, {
        token: researcher.token,
      });
      expect(unknown.statusCode).toBe(404);
    });

    it('rejects the wrong role: a viewer reads but cannot write, an outsider sees nothing', async () => {
      const exp = await client.tracking.createExperiment(project.slug, 'roles');
      const run = await client.tracking.createRun(project.slug, exp.id);
      const asViewer = createBatonClient({ baseUrl: `http://127.0.0.1:${port}`, token: viewer.token });
      expect((await asViewer.tracking.getRun(project.slug, run.info.id)).info.id).toBe(run.info.id);
      const denied = await asViewer.tracking
        .logBatch(project.slug, run.info.id, { metrics: [{ key: 'm', value: 1 }] })
        .catch((e: unknown) => e);
      expect(denied).toBeInstanceOf(BatonApiError);
      expect((denied as BatonApiError).code).toBe('forbidden');
      const outsider = await t.user();
      const asOutsider = createBatonClient({ baseUrl: `http://127.0.0.1:${port}`, token: outsider.token });
      await expect(asOutsider.tracking.listExperiments(project.slug)).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('keeps no partial artifact when the client disconnects mid-upload', async () => {
      const exp = await client.tracking.createExperiment(project.slug, 'disconnect');
      const run = await client.tracking.createRun(project.slug, exp.id);
      const closed = new Promise<void>((resolve) => {
        const req = http.request({
          host: '127.0.0.1',
          port,
          method: 'PUT',
          path: `/api/v1/projects/${project.slug}/runs/${run.info.id}/artifacts?path=partial.bin`,
          headers: {
            authorization: `Bearer ${researcher.token}`,
            'content-type': 'application/octet-stream',
            'content-length': String(10 * 1024 * 1024),
          },
        });
        req.on('error', () => resolve());
        req.on('close', () => resolve());
        req.write(Buffer.alloc(256 * 1024, 7), () => req.destroy());
      });
      await closed;
      // Poll with a deadline: the server notices the abort asynchronously.
      const deadline = Date.now() + 5000;
      let files: { path: string }[] = [];
      while (Date.now() < deadline) {
        files = (await client.tracking.listArtifacts(project.slug, run.info.id)).files;
        const stored = await t.services.db
          .selectFrom('run_artifacts')
          .select('path')
          .where('run_id', '=', run.info.id)
          .execute();
        if (stored.length === 0 && files.length === 0) break;
        await new Promise((r) => setImmediate(r));
      }
      expect(files).toEqual([]);
    });
  });
}
