import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Permission } from '@baton/contracts';
import { exportModelOnnx, fitModel, tableFromRecords } from '@baton/ml';
import { pino } from 'pino';
import { createLocalArtifactStore } from '../../src/artifacts/local-artifact-store.ts';
import { newId, nowIso } from '../../src/clock.ts';
import type { ServiceContext, Services } from '../../src/context.ts';
import type { Dialect } from '../../src/db/database.ts';
import {
  createExperiment,
  createRun,
  logBatch,
  putRunArtifact,
  updateRun,
} from '../../src/tracking/index.ts';
import { createProject } from '../jobs/factories.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

export interface RegistryWorld {
  database: TestDatabase;
  services: Services;
  project: { id: string; slug: string };
  /** A context acting as `username` holding `roles` (with the permissions given). */
  as(username: string, roles?: string[], permissions?: Permission[]): ServiceContext;
  dispose(): Promise<void>;
}

export async function openRegistryWorld(dialect: Dialect, poolSize?: number): Promise<RegistryWorld> {
  const database = await openTestDatabase(dialect, poolSize ? { poolSize } : {});
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-registry-'));
  const services: Services = {
    db: database.db,
    dialect,
    artifacts: await createLocalArtifactStore(home),
    logger: pino({ level: 'silent' }),
  };
  const project = await createProject(database.db);
  return {
    database,
    services,
    project,
    as: (username, roles = [], permissions = []) => ({
      services,
      actor: { kind: 'user', userId: `id-${username}`, username, isAdmin: false },
      project: { ...project, name: project.slug, roles, permissions: new Set(permissions) },
      logger: services.logger,
    }),
    dispose: async () => {
      await database.dispose();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

let onnxCache: { onnx: Uint8Array; signature: unknown } | undefined;

/** A small real model (logistic regression on a toy table) exported to ONNX. */
export function smallOnnx(): { onnx: Uint8Array; signature: unknown } {
  if (onnxCache) return onnxCache;
  const rows = Array.from({ length: 40 }, (_, i) => ({
    x: i % 10,
    city: i % 3 === 0 ? 'a' : 'b',
    y: i % 10 > 4 ? 'yes' : 'no',
  }));
  const table = tableFromRecords(rows, { x: 'numeric', city: 'categorical', y: 'categorical' });
  const model = fitModel({ table, target: 'y', task: 'classification', learner: { kind: 'logistic' } });
  const exported = exportModelOnnx(model);
  onnxCache = { onnx: exported.onnx, signature: exported.signature };
  return onnxCache;
}

/** A validated (or not) dataset version row in the project. */
export async function datasetVersion(world: RegistryWorld, validation: string): Promise<string> {
  const db = world.database.db;
  const datasetId = newId();
  await db
    .insertInto('datasets')
    .values({
      id: datasetId,
      project_id: world.project.id,
      name: `credit-${datasetId.slice(0, 6)}`,
      description: '',
      created_at: nowIso(),
      created_by: 'test',
    })
    .execute();
  const id = newId();
  await db
    .insertInto('dataset_versions')
    .values({
      id,
      dataset_id: datasetId,
      project_id: world.project.id,
      number: 1,
      digest: 'd'.repeat(64),
      size_bytes: 1,
      row_count: 1,
      columns_json: '[]',
      parent_number: null,
      schema_diff_json: null,
      source_json: '{}',
      validation,
      profile_status: 'done',
      message: '',
      created_at: nowIso(),
      created_by: 'test',
    })
    .execute();
  return id;
}

/** A finished run by `ctx`'s user with model.onnx + signature.json, metrics and a dataset input. */
export async function runWithModel(
  ctx: ServiceContext,
  options: { metrics?: Record<string, number>; datasetVersionId?: string; withOnnx?: boolean } = {},
): Promise<string> {
  const exp = await createExperiment({ ctx, input: { name: `exp-${newId().slice(0, 8)}` } });
  const run = await createRun({ ctx, input: { experiment: exp.id } });
  const runId = run.info.id;
  const metrics = Object.entries(options.metrics ?? {}).map(([key, value]) => ({
    key,
    value,
    step: 0,
    timestamp: Date.now(),
  }));
  if (metrics.length) await logBatch({ ctx, input: { run: runId, metrics } });
  if (options.withOnnx !== false) {
    const { onnx, signature } = smallOnnx();
    await putRunArtifact({
      ctx,
      input: { run: runId, path: 'model.onnx', body: Readable.from([Buffer.from(onnx)]) },
    });
    await putRunArtifact({
      ctx,
      input: {
        run: runId,
        path: 'signature.json',
        body: Readable.from([Buffer.from(JSON.stringify(signature))]),
      },
    });
  }
  if (options.datasetVersionId) {
    await ctx.services.db
      .insertInto('run_inputs')
      .values({
        id: newId(),
        run_id: runId,
        name: 'train',
        digest: '',
        source_type: 'baton',
        source: '',
        schema: '',
        profile: '',
        tags_json: JSON.stringify([{ key: 'mlflow.data.context', value: 'training' }]),
        dataset_version_id: options.datasetVersionId,
        created_at: nowIso(),
      })
      .execute();
  }
  await updateRun({ ctx, input: { run: runId, status: 'FINISHED' } });
  return runId;
}
