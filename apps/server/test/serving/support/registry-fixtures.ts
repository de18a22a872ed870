import { randomUUID } from 'node:crypto';
import type { Services } from '@baton/core';
import {
  categoricalColumn,
  columnTable,
  createRng,
  exportModelOnnx,
  fitModel,
  numericColumn,
} from '@baton/ml';

// Registry rows written directly (the registry verbs are another lane's): a registered
// model, versions whose ONNX graphs sit in the artifact store, and alias moves.

export interface ExportedFixture {
  onnx: Uint8Array;
  signature: ReturnType<typeof exportModelOnnx>['signature'];
}

/**
 * A small GBDT classifier on numeric `x0..x{n-1}` (+ categorical `city` when asked). `flip`
 * inverts the label rule, so two fixtures answer visibly differently on the same rows.
 */
export function trainFixture(
  options: {
    features?: number;
    trees?: number;
    depth?: number;
    city?: boolean;
    flip?: boolean;
    seed?: number;
  } = {},
): ExportedFixture {
  const features = options.features ?? 3;
  const n = 300;
  const rng = createRng(options.seed ?? 7);
  const cols = Array.from({ length: features }, () => new Float64Array(n));
  const city: string[] = [];
  const label: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let f = 0; f < features; f++) {
      const v = rng.next() * 2 - 1;
      cols[f]![i] = v;
      s += v * (f % 2 === 0 ? 1 : -0.5);
    }
    city.push(i % 3 === 0 ? 'Oslo' : 'Lima');
    const positive = s > 0;
    label.push(positive !== (options.flip ?? false) ? 'yes' : 'no');
  }
  const table = columnTable([
    ...cols.map((c, f) => numericColumn(`x${f}`, c)),
    ...(options.city ? [categoricalColumn('city', city)] : []),
    categoricalColumn('label', label),
  ]);
  const model = fitModel({
    table,
    target: 'label',
    task: 'classification',
    learner: { kind: 'gbdt', params: { nTrees: options.trees ?? 10, maxDepth: options.depth ?? 3, seed: 1 } },
  });
  return exportModelOnnx(model);
}

export async function registerModel(services: Services, projectId: string, name: string): Promise<string> {
  const id = randomUUID().replace(/-/g, '');
  const now = Date.now();
  await services.db
    .insertInto('registered_models')
    .values({
      id,
      project_id: projectId,
      name,
      description: '',
      created_by: 'test',
      creation_time: now,
      last_update_time: now,
    })
    .execute();
  return id;
}

export interface FixtureVersion {
  id: string;
  version: number;
  digest: string;
}

export async function addVersion(
  services: Services,
  projectId: string,
  modelId: string,
  exported: ExportedFixture,
): Promise<FixtureVersion> {
  const ref = await services.artifacts.put(exported.onnx);
  const last = await services.db
    .selectFrom('model_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('model_id', '=', modelId)
    .executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  const id = randomUUID().replace(/-/g, '');
  const now = Date.now();
  await services.db
    .insertInto('model_versions')
    .values({
      id,
      model_id: modelId,
      project_id: projectId,
      version,
      run_id: null,
      source: 'upload',
      onnx_digest: ref.digest,
      signature_json: JSON.stringify(exported.signature),
      dataset_version_id: null,
      status: 'READY',
      stage: 'None',
      description: '',
      created_by: 'test',
      creation_time: now,
      last_update_time: now,
    })
    .execute();
  return { id, version, digest: ref.digest };
}

/** Points an alias at a version, growing its revision (what a promotion does). */
export async function moveAlias(
  services: Services,
  modelId: string,
  alias: string,
  versionId: string,
): Promise<void> {
  await services.db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom('model_aliases')
      .select(['revision', 'version_id'])
      .where('model_id', '=', modelId)
      .where('alias', '=', alias)
      .executeTakeFirst();
    const revision = Number(current?.revision ?? 0) + 1;
    const now = Date.now();
    if (current) {
      await tx
        .updateTable('model_aliases')
        .set({ version_id: versionId, revision, updated_at: now })
        .where('model_id', '=', modelId)
        .where('alias', '=', alias)
        .execute();
    } else {
      await tx
        .insertInto('model_aliases')
        .values({
          model_id: modelId,
          alias,
          version_id: versionId,
          revision,
          updated_by: 'test',
          updated_at: now,
        })
        .execute();
    }
    await tx
      .insertInto('alias_moves')
      .values({
        id: randomUUID(),
        model_id: modelId,
        alias,
        from_version_id: current?.version_id ?? null,
        to_version_id: versionId,
        kind: 'promote',
        reason: 'test',
        gate_report_json: null,
        actor_id: 'test',
        created_at: now,
        revision,
      })
      .execute();
  });
}

export const record = (features: number, value = 0.5, extra: Record<string, unknown> = {}) => ({
  ...Object.fromEntries(Array.from({ length: features }, (_, f) => [`x${f}`, f % 2 === 0 ? value : -value])),
  ...extra,
});

/** Polls until `check` passes or the deadline ends (no fixed sleeps). */
export async function waitFor(check: () => Promise<boolean> | boolean, deadlineMs = 10_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, 20));
  }
}
