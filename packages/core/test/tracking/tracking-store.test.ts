import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalArtifactStore } from '../../src/artifacts/local-artifact-store.ts';
import type { ServiceContext, Services } from '../../src/context.ts';
import {
  createExperiment,
  createRun,
  deleteRunTag,
  getMetricHistory,
  getRun,
  listRunArtifacts,
  logBatch,
  logInputs,
  openRunArtifact,
  putRunArtifact,
  searchExperiments,
  searchRuns,
  updateExperiment,
  updateRun,
} from '../../src/tracking/index.ts';
import { createProject } from '../jobs/factories.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.ts';

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

for (const dialect of DIALECTS) {
  describe(`tracking store on ${dialect}`, () => {
    let database: TestDatabase;
    let ctx: ServiceContext;
    let home: string;

    beforeAll(async () => {
      database = await openTestDatabase(dialect);
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-tracking-'));
      const services: Services = {
        db: database.db,
        dialect,
        artifacts: await createLocalArtifactStore(home),
        logger: pino({ level: 'silent' }),
      };
      const project = await createProject(database.db);
      ctx = {
        services,
        actor: { kind: 'user', userId: 'u1', username: 'alice', isAdmin: false },
        project: { ...project, name: project.slug, roles: [], permissions: new Set() },
        logger: services.logger,
      };
    });
    afterAll(async () => {
      await database.dispose();
      fs.rmSync(home, { recursive: true, force: true });
    });

    it('keeps NaN and +/-Infinity through a round trip, and the latest point per key', async () => {
      const exp = await createExperiment({ ctx, input: { name: `nan-${dialect}` } });
      const run = await createRun({ ctx, input: { experiment: exp.id } });
      await logBatch({
        ctx,
        input: {
          run: run.info.id,
          metrics: [
            { key: 'a', value: Number.NaN, step: 0, timestamp: 1 },
            { key: 'a', value: Number.POSITIVE_INFINITY, step: 1, timestamp: 2 },
            { key: 'a', value: '-Infinity', step: 2, timestamp: 3 },
            { key: 'b', value: 0.25, step: 5, timestamp: 1 },
          ],
        },
      });
      await logBatch({
        ctx,
        input: { run: run.info.id, metrics: [{ key: 'b', value: 9, step: 1, timestamp: 9 }] },
      });
      const history = await getMetricHistory({ ctx, input: { run: run.info.id, key: 'a' } });
      expect(history.points.map((p) => p.value)).toEqual([
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ]);
      const got = await getRun({ ctx, input: { run: run.info.id } });
      const latest = Object.fromEntries(got.metrics.map((m) => [m.key, m.value]));
      // b's step-5 point stays the latest even though a step-1 point came later.
      expect(latest).toEqual({ a: Number.NEGATIVE_INFINITY, b: 0.25 });
    });

    it('stores metric values bit for bit', async () => {
      const exp = await createExperiment({ ctx, input: { name: `exact-${dialect}` } });
      const run = await createRun({ ctx, input: { experiment: exp.id } });
      let seed = 7;
      const next = () => {
        seed = (seed * 16807) % 2147483647;
        return seed / 2147483647;
      };
      const values = Array.from({ length: 500 }, (_, i) => (next() - 0.5) * 10 ** ((i % 40) - 20));
      values.push(0.1, 1 / 3, Number.MAX_VALUE, Number.MIN_VALUE, -0.0000123456789, 2 ** 53 + 2, 5e-324);
      await logBatch({
        ctx,
        input: { run: run.info.id, metrics: values.map((value, step) => ({ key: 'v', value, step })) },
      });
      const history = await getMetricHistory({ ctx, input: { run: run.info.id, key: 'v' } });
      expect(history.points.map((p) => p.value)).toEqual(values);
    });

    it('treats params as immutable and refuses writes to finished and deleted runs', async () => {
      const exp = await createExperiment({ ctx, input: { name: `params-${dialect}` } });
      const run = await createRun({ ctx, input: { experiment: exp.id, name: 'p' } });
      await logBatch({ ctx, input: { run: run.info.id, params: [{ key: 'lr', value: '0.1' }] } });
      await logBatch({ ctx, input: { run: run.info.id, params: [{ key: 'lr', value: '0.1' }] } });
      await expect(
        logBatch({
          ctx,
          input: {
            run: run.info.id,
            params: [{ key: 'lr', value: '0.2' }],
            metrics: [{ key: 'm', value: 1 }],
          },
        }),
      ).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('cannot be changed') });
      // Nothing of the refused batch was kept.
      expect((await getMetricHistory({ ctx, input: { run: run.info.id, key: 'm' } })).total).toBe(0);
      await expect(
        logBatch({
          ctx,
          input: {
            run: run.info.id,
            params: [
              { key: 'x', value: '1' },
              { key: 'x', value: '2' },
            ],
          },
        }),
      ).rejects.toMatchObject({ code: 'bad_request' });
      await updateRun({ ctx, input: { run: run.info.id, status: 'FINISHED' } });
      await expect(
        logBatch({ ctx, input: { run: run.info.id, metrics: [{ key: 'm', value: 1 }] } }),
      ).rejects.toMatchObject({
        message: expect.stringContaining('FINISHED'),
      });
      await logBatch({ ctx, input: { run: run.info.id, tags: [{ key: 'verdict', value: 'best' }] } });
      await updateRun({ ctx, input: { run: run.info.id, lifecycleStage: 'deleted' } });
      await expect(
        logBatch({ ctx, input: { run: run.info.id, tags: [{ key: 't', value: '1' }] } }),
      ).rejects.toMatchObject({
        message: expect.stringContaining('deleted'),
      });
      await updateRun({ ctx, input: { run: run.info.id, lifecycleStage: 'active' } });
      await deleteRunTag({ ctx, input: { run: run.info.id, key: 'verdict' } });
      expect((await getRun({ ctx, input: { run: run.info.id } })).tags.verdict).toBeUndefined();
    });

    it('refuses bad keys, long values, non-numbers and batches over the limits', async () => {
      const exp = await createExperiment({ ctx, input: { name: `bad-${dialect}` } });
      const run = await createRun({ ctx, input: { experiment: exp.id } });
      const bad = (input: Omit<Parameters<typeof logBatch>[0]['input'], 'run'>) =>
        expect(logBatch({ ctx, input: { run: run.info.id, ...input } })).rejects.toMatchObject({
          code: 'bad_request',
        });
      await bad({ params: [{ key: 'a;drop', value: '1' }] });
      await bad({ params: [{ key: '../x', value: '1' }] });
      await bad({ params: [{ key: 'k'.repeat(251), value: '1' }] });
      await bad({ tags: [{ key: 't', value: 'x'.repeat(1024 * 1024) }] });
      await bad({ metrics: [{ key: 'm', value: 'abc' }] });
      await bad({ metrics: Array.from({ length: 1001 }, (_, i) => ({ key: 'm', value: i })) });
      await bad({ params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: '1' })) });
      await bad({ tags: Array.from({ length: 101 }, (_, i) => ({ key: `t${i}`, value: '1' })) });
      await expect(
        logBatch({ ctx, input: { run: 'nope', metrics: [{ key: 'm', value: 1 }] } }),
      ).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('searches runs with filters, order and page tokens', async () => {
      const exp = await createExperiment({ ctx, input: { name: `search-${dialect}` } });
      for (let i = 0; i < 12; i++) {
        const run = await createRun({
          ctx,
          input: { experiment: exp.id, name: `Run-${i}`, startTime: 1000 + i },
        });
        await logBatch({
          ctx,
          input: {
            run: run.info.id,
            metrics: [{ key: 'auc', value: i === 11 ? Number.NaN : i / 10 }],
            params: [{ key: 'lr', value: i % 2 ? '0.1' : '0.01' }],
            tags: [{ key: 'team', value: i < 6 ? 'Alpha' : 'beta' }],
          },
        });
        if (i % 3 === 0) await updateRun({ ctx, input: { run: run.info.id, status: 'FINISHED' } });
      }
      const names = async (filter: string, orderBy: string[] = []) =>
        (await searchRuns({ ctx, input: { experimentIds: [exp.id], filter, orderBy } })).runs.map(
          (r) => r.info.name,
        );
      expect(await names('metrics.auc > 0.8', ['metrics.auc DESC'])).toEqual(['Run-10', 'Run-9']);
      expect(await names("metrics.auc >= 0.5 and params.lr = '0.1'", ['metrics.auc'])).toEqual([
        'Run-5',
        'Run-7',
        'Run-9',
      ]);
      expect(
        await names("tags.team LIKE 'A%' and attributes.status = 'FINISHED'", ['start_time ASC']),
      ).toEqual(['Run-0', 'Run-3']);
      expect((await names("tags.team LIKE 'a%'")).length).toBe(0);
      expect((await names("tags.team ILIKE 'a%'")).length).toBe(6);
      expect(await names("attributes.run_name IN ('Run-1', 'Run-2')", ['attributes.run_name DESC'])).toEqual([
        'Run-2',
        'Run-1',
      ]);
      expect((await names("params.lr NOT IN ('0.1') and metrics.auc != 0")).length).toBe(5);
      // NaN and missing sort last both ways.
      const asc = await names('', ['metrics.auc ASC']);
      expect(asc.at(-1)).toBe('Run-11');
      expect((await names('', ['metrics.auc DESC'])).at(-1)).toBe('Run-11');
      const pages: string[] = [];
      let token: string | undefined;
      do {
        const page = await searchRuns({
          ctx,
          input: { experimentIds: [exp.id], maxResults: 5, pageToken: token },
        });
        pages.push(...page.runs.map((r) => r.info.name));
        token = page.nextPageToken ?? undefined;
      } while (token);
      expect(pages.length).toBe(12);
      expect(new Set(pages).size).toBe(12);
      await expect(searchRuns({ ctx, input: { filter: "metrics.auc > 'x'" } })).rejects.toMatchObject({
        code: 'bad_request',
        message: expect.stringContaining('position 0'),
      });
      await expect(searchRuns({ ctx, input: { pageToken: 'garbage' } })).rejects.toMatchObject({
        code: 'bad_request',
      });
    });

    it('searches, renames, deletes and restores experiments', async () => {
      const exp = await createExperiment({
        ctx,
        input: { name: `lifecycle-${dialect}`, tags: { team: 'x' } },
      });
      await expect(createExperiment({ ctx, input: { name: exp.name } })).rejects.toMatchObject({
        code: 'conflict',
      });
      const found = await searchExperiments({
        ctx,
        input: { filter: `name = '${exp.name}' and tags.team = 'x'` },
      });
      expect(found.experiments.map((e) => e.id)).toEqual([exp.id]);
      await updateExperiment({ ctx, input: { experiment: exp.id, lifecycleStage: 'deleted' } });
      expect(
        (await searchExperiments({ ctx, input: { filter: `name = '${exp.name}'` } })).experiments,
      ).toEqual([]);
      expect(
        (
          await searchExperiments({
            ctx,
            input: { filter: `name = '${exp.name}'`, viewType: 'DELETED_ONLY' },
          })
        ).experiments,
      ).toHaveLength(1);
      const renamed = await updateExperiment({
        ctx,
        input: { experiment: exp.id, lifecycleStage: 'active', name: `${exp.name}-2` },
      });
      expect(renamed).toMatchObject({ name: `${exp.name}-2`, lifecycleStage: 'active' });
    });

    it('stores artifacts whole or not at all, and refuses traversal', async () => {
      const exp = await createExperiment({ ctx, input: { name: `art-${dialect}` } });
      const run = await createRun({ ctx, input: { experiment: exp.id } });
      await putRunArtifact({
        ctx,
        input: { run: run.info.id, path: 'model/weights.bin', body: Readable.from([Buffer.from('abc')]) },
      });
      await putRunArtifact({
        ctx,
        input: { run: run.info.id, path: 'notes.txt', body: Readable.from([Buffer.from('hi')]) },
      });
      expect(await listRunArtifacts({ ctx, input: { run: run.info.id } })).toEqual([
        { path: 'model', isDir: true, size: null },
        { path: 'notes.txt', isDir: false, size: 2 },
      ]);
      expect(await listRunArtifacts({ ctx, input: { run: run.info.id, path: 'model' } })).toEqual([
        { path: 'model/weights.bin', isDir: false, size: 3 },
      ]);
      expect(
        await text(
          (await openRunArtifact({ ctx, input: { run: run.info.id, path: 'model/weights.bin' } })).stream,
        ),
      ).toBe('abc');
      for (const bad of ['../escape', 'a/../../b', '/etc/passwd', 'a\\..\\b']) {
        await expect(
          putRunArtifact({
            ctx,
            input: { run: run.info.id, path: bad, body: Readable.from([Buffer.from('x')]) },
          }),
        ).rejects.toMatchObject({ code: 'bad_request' });
      }
      // A body that fails half-way (a client gone) leaves nothing behind.
      const broken = new Readable({
        read() {
          this.push(Buffer.alloc(1024, 1));
          this.destroy(new Error('client went away'));
        },
      });
      await expect(
        putRunArtifact({ ctx, input: { run: run.info.id, path: 'partial.bin', body: broken } }),
      ).rejects.toThrow();
      const names = (await listRunArtifacts({ ctx, input: { run: run.info.id } })).map((f) => f.path);
      expect(names).not.toContain('partial.bin');
    });

    it('records dataset inputs, checking Baton dataset versions', async () => {
      const exp = await createExperiment({ ctx, input: { name: `inputs-${dialect}` } });
      const run = await createRun({ ctx, input: { experiment: exp.id } });
      await expect(
        logInputs({
          ctx,
          input: {
            run: run.info.id,
            datasets: [{ name: '', digest: '', baton: { dataset: 'nope', version: 1 } }],
          },
        }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await logInputs({
        ctx,
        input: { run: run.info.id, datasets: [{ name: 'iris', digest: 'abc', sourceType: 'local' }] },
      });
      // A version of the data lane, referenced by dataset name and number.
      const project = ctx.project!;
      const at = new Date().toISOString();
      await database.db
        .insertInto('datasets')
        .values({
          id: `ds-${dialect}`,
          project_id: project.id,
          name: 'loans',
          description: '',
          created_at: at,
          created_by: 't',
        })
        .execute();
      await database.db
        .insertInto('dataset_versions')
        .values({
          id: `dv-${dialect}`,
          dataset_id: `ds-${dialect}`,
          project_id: project.id,
          number: 1,
          digest: 'f'.repeat(64),
          size_bytes: 1,
          row_count: 1,
          columns_json: '[]',
          parent_number: null,
          schema_diff_json: null,
          source_json: '{}',
          validation: 'passed',
          profile_status: 'done',
          message: '',
          created_at: at,
          created_by: 't',
        })
        .execute();
      await logInputs({
        ctx,
        input: {
          run: run.info.id,
          datasets: [{ name: '', digest: '', baton: { dataset: 'loans', version: 1 } }],
        },
      });
      const got = await getRun({ ctx, input: { run: run.info.id } });
      expect(got.inputs).toHaveLength(2);
      expect(got.inputs).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'iris',
            digest: 'abc',
            sourceType: 'local',
            datasetVersionId: null,
          }),
          expect.objectContaining({
            name: 'loans',
            digest: 'f'.repeat(64),
            sourceType: 'baton',
            source: 'baton:loans@1',
            datasetVersionId: `dv-${dialect}`,
          }),
        ]),
      );
      // The data lane now sees the version as used by the run.
      const refs = await database.db
        .selectFrom('dataset_version_refs')
        .selectAll()
        .where('ref_id', '=', run.info.id)
        .execute();
      expect(refs).toMatchObject([{ version_id: `dv-${dialect}`, ref_type: 'run' }]);
    });
  });
}
