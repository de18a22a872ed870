import type { ModelAlias, ModelStage, ModelVersion, RegisteredModel } from '@baton/contracts';
import { type Executor, requireProject, type ServiceContext } from '../context.ts';
import type { ModelVersionsTable, RegisteredModelsTable } from '../db/registry-schema.ts';
import { badRequest, notFound } from '../errors.ts';

export type ModelRow = RegisteredModelsTable;
export type VersionRow = ModelVersionsTable;

export const newRegistryId = (): string => crypto.randomUUID().replace(/-/g, '');

const NAME = /^[^/:@\\]+$/;
export function assertModelName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '')
    throw badRequest('a model name must be a non-empty string');
  if (name.length > 256) throw badRequest('a model name has at most 256 characters');
  if (!NAME.test(name)) throw badRequest(`model name '${name}' cannot contain /, :, @ or \\`);
  return name;
}

const ALIAS = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;
export function assertAlias(alias: unknown): string {
  if (typeof alias !== 'string' || !ALIAS.test(alias)) {
    throw badRequest(
      `alias '${String(alias).slice(0, 80)}' is not valid: letters, digits, _ and -, starting with a letter or _, at most 63 characters`,
    );
  }
  if (/^v\d+$/i.test(alias)) throw badRequest(`alias '${alias}' reads as a version number; pick another`);
  return alias;
}

export function assertTags(tags: Record<string, string> | undefined): [string, string][] {
  const out = Object.entries(tags ?? {});
  for (const [key, value] of out) {
    if (key === '' || key.length > 250)
      throw badRequest(`tag key '${key.slice(0, 40)}' must have 1-250 characters`);
    if (typeof value !== 'string') throw badRequest(`tag '${key}' needs a string value`);
    if (value.length > 5000) throw badRequest(`tag '${key}' has more than 5000 characters`);
  }
  return out;
}

/** The registered model of the project with this name (or id). */
export async function findModel(ctx: ServiceContext, db: Executor, ref: string): Promise<ModelRow> {
  const project = requireProject(ctx);
  const row =
    (await db
      .selectFrom('registered_models')
      .selectAll()
      .where('project_id', '=', project.id)
      .where('name', '=', ref)
      .executeTakeFirst()) ??
    (await db
      .selectFrom('registered_models')
      .selectAll()
      .where('project_id', '=', project.id)
      .where('id', '=', ref)
      .executeTakeFirst());
  if (!row) throw notFound('registered model', ref);
  return row;
}

/** A version by number (`3`, `v3`) or by alias (`@production`). */
export async function findVersion(
  _ctx: ServiceContext,
  db: Executor,
  model: ModelRow,
  ref: string | number,
): Promise<VersionRow> {
  const text = String(ref).trim();
  if (text.startsWith('@')) {
    const alias = text.slice(1);
    const row = await db
      .selectFrom('model_aliases')
      .innerJoin('model_versions', 'model_versions.id', 'model_aliases.version_id')
      .selectAll('model_versions')
      .where('model_aliases.model_id', '=', model.id)
      .where('model_aliases.alias', '=', alias)
      .executeTakeFirst();
    if (!row) throw notFound(`alias of model '${model.name}'`, alias);
    return row;
  }
  if (/^[0-9a-f]{32}$/.test(text)) {
    // A version id: it must be a version of this model, not of another one.
    const row = await db.selectFrom('model_versions').selectAll().where('id', '=', text).executeTakeFirst();
    if (!row || row.project_id !== model.project_id) throw notFound(`version of model '${model.name}'`, text);
    if (row.model_id !== model.id) {
      const other = await db
        .selectFrom('registered_models')
        .select('name')
        .where('id', '=', row.model_id)
        .executeTakeFirst();
      throw badRequest(
        `version ${row.version} ('${text}') is a version of model '${other?.name ?? row.model_id}', not of '${model.name}'`,
      );
    }
    return row;
  }
  const number = Number(text.replace(/^v/i, ''));
  if (!Number.isSafeInteger(number) || number < 1) {
    throw badRequest(`'${text.slice(0, 40)}' is not a version number (1, 2, ...) or an alias (@name)`);
  }
  const row = await db
    .selectFrom('model_versions')
    .selectAll()
    .where('model_id', '=', model.id)
    .where('version', '=', number)
    .executeTakeFirst();
  if (!row) throw notFound(`version of model '${model.name}'`, String(number));
  return row;
}

export async function modelView(db: Executor, row: ModelRow): Promise<RegisteredModel> {
  const [tags, aliases, latest] = await Promise.all([
    db.selectFrom('registered_model_tags').select(['key', 'value']).where('model_id', '=', row.id).execute(),
    db
      .selectFrom('model_aliases')
      .innerJoin('model_versions', 'model_versions.id', 'model_aliases.version_id')
      .select(['model_aliases.alias', 'model_versions.version'])
      .where('model_aliases.model_id', '=', row.id)
      .execute(),
    db
      .selectFrom('model_versions')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('model_id', '=', row.id)
      .executeTakeFirst(),
  ]);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdBy: row.created_by,
    creationTime: Number(row.creation_time),
    lastUpdateTime: Number(row.last_update_time),
    tags: Object.fromEntries(tags.map((t) => [t.key, t.value])),
    aliases: Object.fromEntries(aliases.map((a) => [a.alias, Number(a.version)])),
    latestVersion: latest?.v === null || latest?.v === undefined ? null : Number(latest.v),
  };
}

/** Where a version's files can be fetched: the run's artifact folder for `runs:/` sources. */
function downloadUri(row: VersionRow, artifactUris: Map<string, string>): string {
  const m = /^runs:\/([^/]+)\/?(.*)$/.exec(row.source);
  const root = m ? artifactUris.get(m[1]!) : undefined;
  if (!m || !root) return row.source;
  return m[2] ? `${root.replace(/\/+$/, '')}/${m[2]}` : root;
}

export async function versionViews(
  db: Executor,
  model: ModelRow,
  rows: VersionRow[],
): Promise<ModelVersion[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const runIds = [...new Set(rows.flatMap((r) => /^runs:\/([^/]+)/.exec(r.source)?.[1] ?? []))];
  const [tags, aliases, runs] = await Promise.all([
    db.selectFrom('model_version_tags').selectAll().where('version_id', 'in', ids).execute(),
    db.selectFrom('model_aliases').select(['alias', 'version_id']).where('version_id', 'in', ids).execute(),
    runIds.length > 0
      ? db.selectFrom('runs').select(['id', 'artifact_uri']).where('id', 'in', runIds).execute()
      : Promise.resolve([]),
  ]);
  const artifactUris = new Map(runs.map((r) => [r.id, r.artifact_uri]));
  return rows.map((row) => ({
    id: row.id,
    modelName: model.name,
    version: Number(row.version),
    runId: row.run_id,
    source: row.source,
    onnxDigest: row.onnx_digest,
    signature: row.signature_json === null ? null : (JSON.parse(row.signature_json) as unknown),
    datasetVersionId: row.dataset_version_id,
    status: row.status,
    stage: row.stage as ModelStage,
    description: row.description,
    createdBy: row.created_by,
    creationTime: Number(row.creation_time),
    lastUpdateTime: Number(row.last_update_time),
    tags: Object.fromEntries(tags.filter((t) => t.version_id === row.id).map((t) => [t.key, t.value])),
    aliases: aliases
      .filter((a) => a.version_id === row.id)
      .map((a) => a.alias)
      .sort(),
    downloadUri: downloadUri(row, artifactUris),
  }));
}

export async function versionView(db: Executor, model: ModelRow, row: VersionRow): Promise<ModelVersion> {
  const [view] = await versionViews(db, model, [row]);
  return view!;
}

export async function aliasViews(db: Executor, modelId: string): Promise<ModelAlias[]> {
  const rows = await db
    .selectFrom('model_aliases')
    .innerJoin('model_versions', 'model_versions.id', 'model_aliases.version_id')
    .select([
      'model_aliases.alias',
      'model_aliases.version_id',
      'model_aliases.revision',
      'model_aliases.updated_by',
      'model_aliases.updated_at',
      'model_versions.version',
    ])
    .where('model_aliases.model_id', '=', modelId)
    .orderBy('model_aliases.alias')
    .execute();
  return rows.map((r) => ({
    alias: r.alias,
    version: Number(r.version),
    versionId: r.version_id,
    revision: Number(r.revision),
    updatedBy: r.updated_by,
    updatedAt: Number(r.updated_at),
  }));
}

/** Marks the model as changed (MLflow's last_updated_timestamp). */
export async function touchModel(db: Executor, modelId: string, now = Date.now()): Promise<void> {
  await db
    .updateTable('registered_models')
    .set({ last_update_time: now })
    .where('id', '=', modelId)
    .execute();
}
