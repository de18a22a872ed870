import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalArtifactStore } from '../../src/artifacts/local-artifact-store.ts';
import type { ServiceContext, Services } from '../../src/context.ts';
import {
  createExperiment,
  createRun,
  getMetricHistory,
  getRun,
  logBatch,
  logInputs,
  searchRuns,
  updateRun,
} from '../../src/tracking/index.ts';
import { createProject } from '../jobs/factories.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.ts';

for (const dialect of DIALECTS) {
  describe(`tracking metric logging and dataset search on ${dialect}`, () => {
    let database: TestDatabase;
    let ctx: ServiceContext;
    let other: ServiceContext;
    let home: string;

    beforeAll(async () => {
      database = await openTestDatabase(dialect);
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-tracking-fast-'));
      const services: Services = {
        db: database.db,
        dialect,
        artifacts: await createLocalArtifactStore(home),
        logger: pino({ level: 'silent' }),
      };
      const actor = { kind: 'user', userId: 'u1', username: 'alice', isAdmin: false } as const;
      const project = await createProject(database.db);
      const second = await createProject(database.db);
      const scope = (p: typeof project) => ({ ...p, name: p.slug, roles: [], permissions: new Set<never>() });
      ctx = { services, actor, project: scope(project), logger: services.logger };
      other = { services, actor, project: scope(second), logger: services.logger };
    });
    afterAll(async () => {
      await database.dispose();
      fs.rmSync(home, { recursive: true, force: true });
    });

    it('logs metrics-only batches atomically and refuses deleted, finished and foreign runs', async () => {
      const exp = await createExperiment({ ctx, input: { name: `fast-${dialect}` } });
      const run = await createRun({ ctx, input: { experiment: exp.id } });
      await logBatch({
        ctx,
        input: {
          run: run.info.id,
          metrics: [
            { key: 'loss', value: 0.5, step: 2, timestamp: 10 },
            { key: 'loss', value: 'Infinity', step: 1, timestamp: 11 },
            { key: 'loss', value: Number.NaN, step: 3, timestamp: 5 },
            { key: 'acc', value: '-Infinity', step: 0, timestamp: 1 },
          ],
        },
      });
      // An older point does not replace the latest one.
      await logBatch({ ctx, input: { run: run.info.id, metrics: [{ key: 'loss', value: 9, step: 1 }] } });
      const view = await getRun({ ctx, input: { run: run.info.id } });
      const latest = Object.fromEntries(view.metrics.map((m) => [m.key, m]));
      expect(latest.loss).toMatchObject({ step: 3, timestamp: 5 });
      expect(Number.isNaN(latest.loss!.value)).toBe(true);
      expect(latest.acc!.value).toBe(Number.NEGATIVE_INFINITY);
      const history = await getMetricHistory({ ctx, input: { run: run.info.id, key: 'loss' } });
      expect(history.points.map((p) => p.value)).toEqual([Number.POSITIVE_INFINITY, 9, 0.5, Number.NaN]);

      // The same run id seen from another project does not exist there.
      await expect(
        logBatch({ ctx: other, input: { run: run.info.id, metrics: [{ key: 'x', value: 1 }] } }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await updateRun({ ctx, input: { run: run.info.id, lifecycleStage: 'deleted' } });
      await expect(
        logBatch({ ctx, input: { run: run.info.id, metrics: [{ key: 'x', value: 1 }] } }),
      ).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('deleted') });
      await updateRun({ ctx, input: { run: run.info.id, lifecycleStage: 'active', status: 'KILLED' } });
      await expect(
        logBatch({ ctx, input: { run: run.info.id, metrics: [{ key: 'x', value: 1 }] } }),
      ).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('KILLED') });
      // Nothing of the refused batches was stored.
      expect((await getMetricHistory({ ctx, input: { run: run.info.id, key: 'x' } })).total).toBe(0);
      expect((await getRun({ ctx, input: { run: run.info.id } })).metrics.map((m) => m.key).sort()).toEqual([
        'acc',
        'loss',
      ]);
    });

    it('pages through a metric order across values, NaN and missing ones', async () => {
      const exp = await createExperiment({ ctx, input: { name: `bands-${dialect}` } });
      const values = [0.3, Number.NaN, 0.1, undefined, 0.2, Number.NaN, undefined, 0.2];
      for (const [i, value] of values.entries()) {
        const run = await createRun({
          ctx,
          input: { experiment: exp.id, name: `b${i}`, startTime: 1000 + i },
        });
        const metrics = [{ key: 'other', value: i }];
        if (value !== undefined) metrics.push({ key: 'score', value });
        await logBatch({ ctx, input: { run: run.info.id, metrics } });
      }
      const order = async (orderBy: string[], maxResults: number, filter = '') => {
        const names: string[] = [];
        let pageToken: string | undefined;
        do {
          const page = await searchRuns({
            ctx,
            input: { experimentIds: [exp.id], filter, orderBy, maxResults, pageToken },
          });
          names.push(...page.runs.map((r) => r.info.name));
          pageToken = page.nextPageToken ?? undefined;
        } while (pageToken);
        return names;
      };
      // Ties on the value fall back to the newest start first; NaN, then missing, sort last.
      const desc = ['b0', 'b7', 'b4', 'b2', 'b5', 'b1', 'b6', 'b3'];
      const asc = ['b2', 'b7', 'b4', 'b0', 'b5', 'b1', 'b6', 'b3'];
      for (const size of [1, 2, 3, 100]) {
        expect(await order(['metrics.score DESC'], size)).toEqual(desc);
        expect(await order(['metrics.score'], size)).toEqual(asc);
      }
      // A second term breaks ties before the start time does.
      expect(await order(['metrics.score DESC', 'metrics.other ASC'], 2)).toEqual([
        'b0',
        'b4',
        'b7',
        'b2',
        'b1',
        'b5',
        'b3',
        'b6',
      ]);
      expect(await order(['metrics.score DESC'], 2, 'metrics.other >= 2')).toEqual([
        'b7',
        'b4',
        'b2',
        'b5',
        'b6',
        'b3',
      ]);
    });

    it('filters runs on datasets.name, datasets.digest and datasets.context', async () => {
      const exp = await createExperiment({ ctx, input: { name: `datasets-${dialect}` } });
      const runs: string[] = [];
      const inputs = [
        { name: 'iris', digest: 'd1', context: 'training' },
        { name: 'iris', digest: 'd2', context: 'eval' },
        { name: 'wine', digest: 'd3', context: 'training' },
      ];
      for (const [i, d] of inputs.entries()) {
        const run = await createRun({ ctx, input: { experiment: exp.id, name: `r${i}` } });
        runs.push(run.info.id);
        await logInputs({
          ctx,
          input: {
            run: run.info.id,
            datasets: [
              { name: d.name, digest: d.digest, tags: [{ key: 'mlflow.data.context', value: d.context }] },
            ],
          },
        });
      }
      await createRun({ ctx, input: { experiment: exp.id, name: 'no-inputs' } });
      const names = async (filter: string) =>
        (
          await searchRuns({
            ctx,
            input: { experimentIds: [exp.id], filter, orderBy: ['attributes.run_name'] },
          })
        ).runs.map((r) => r.info.name);
      expect(await names("datasets.name = 'iris'")).toEqual(['r0', 'r1']);
      expect(await names("datasets.digest IN ('d1', 'd3')")).toEqual(['r0', 'r2']);
      expect(await names("datasets.context = 'training'")).toEqual(['r0', 'r2']);
      expect(await names("datasets.name LIKE 'w%' and datasets.context = 'training'")).toEqual(['r2']);
      expect(await names("dataset.context ILIKE 'EVAL'")).toEqual(['r1']);
      expect(await names("datasets.name != 'iris'")).toEqual(['r2']);
      await expect(searchRuns({ ctx, input: { filter: "datasets.size = '1'" } })).rejects.toMatchObject({
        code: 'bad_request',
        message: expect.stringContaining('datasets.name'),
      });
      await expect(searchRuns({ ctx, input: { filter: 'datasets.name > 3' } })).rejects.toMatchObject({
        code: 'bad_request',
      });
    });
  });
}
