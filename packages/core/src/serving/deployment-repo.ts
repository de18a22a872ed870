import { type Deployment, type ServingConfig, servingConfigSchema } from '@baton/contracts';
import { type Executor, requireProject, type ServiceContext } from '../context.ts';
import type { DeploymentsTable } from '../db/registry-schema.ts';
import { notFound } from '../errors.ts';

export type DeploymentRow = DeploymentsTable;

export const newServingId = (): string => crypto.randomUUID().replace(/-/g, '');

/** The stored settings, with defaults filled in (older rows may lack newer fields). */
export const parseServingConfig = (json: string): ServingConfig =>
  servingConfigSchema.parse(JSON.parse(json || '{}'));

/** The deployment of the context's project with this name (or id). */
export async function findDeployment(ctx: ServiceContext, db: Executor, ref: string): Promise<DeploymentRow> {
  const project = requireProject(ctx);
  const row = await db
    .selectFrom('deployments')
    .selectAll()
    .where('project_id', '=', project.id)
    .where((eb) => eb.or([eb('name', '=', ref), eb('id', '=', ref)]))
    .executeTakeFirst();
  if (!row) throw notFound('deployment', ref);
  return row;
}

export interface AliasTarget {
  versionId: string;
  version: number;
  revision: number;
}

/** Where an alias of a model points now, or null when it is unset. */
export async function resolveAlias(
  db: Executor,
  modelId: string,
  alias: string,
): Promise<AliasTarget | null> {
  const row = await db
    .selectFrom('model_aliases')
    .innerJoin('model_versions', 'model_versions.id', 'model_aliases.version_id')
    .select(['model_versions.id as versionId', 'model_versions.version as version', 'model_aliases.revision'])
    .where('model_aliases.model_id', '=', modelId)
    .where('model_aliases.alias', '=', alias)
    .executeTakeFirst();
  return row
    ? { versionId: row.versionId, version: Number(row.version), revision: Number(row.revision) }
    : null;
}

export async function deploymentView(db: Executor, row: DeploymentRow): Promise<Deployment> {
  const model = await db
    .selectFrom('registered_models')
    .select('name')
    .where('id', '=', row.model_id)
    .executeTakeFirst();
  const current = await resolveAlias(db, row.model_id, row.alias);
  const challenger = row.challenger_alias ? await resolveAlias(db, row.model_id, row.challenger_alias) : null;
  const served = (t: AliasTarget | null) => (t ? { versionId: t.versionId, version: t.version } : null);
  return {
    id: row.id,
    name: row.name,
    model: model?.name ?? row.model_id,
    alias: row.alias,
    challengerAlias: row.challenger_alias,
    mode: row.challenger_mode as Deployment['mode'],
    canaryPercent: Number(row.canary_percent),
    status: row.status as Deployment['status'],
    config: parseServingConfig(row.config_json),
    current: served(current),
    challenger: served(challenger),
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
