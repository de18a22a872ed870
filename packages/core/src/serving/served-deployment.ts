import type { ModelSignature } from '@baton/ml';
import type { Executor } from '../context.ts';
import { type DeploymentRow, resolveAlias } from './deployment-repo.ts';

// What a serving process reads, by deployment name and without an actor: the process is
// authorised by configuration, and each predict request is authorised on its own.

export interface ServedDeployment {
  row: DeploymentRow;
  projectSlug: string;
}

export async function findServedDeployment(db: Executor, name: string): Promise<ServedDeployment | null> {
  const row = await db.selectFrom('deployments').selectAll().where('name', '=', name).executeTakeFirst();
  if (!row) return null;
  const project = await db
    .selectFrom('projects')
    .select('slug')
    .where('id', '=', row.project_id)
    .executeTakeFirst();
  return { row, projectSlug: project?.slug ?? '' };
}

export interface ServedVersion {
  versionId: string;
  version: number;
  onnxDigest: string | null;
  signature: ModelSignature | null;
}

export async function findServedVersion(db: Executor, versionId: string): Promise<ServedVersion | null> {
  const row = await db
    .selectFrom('model_versions')
    .select(['id', 'version', 'onnx_digest', 'signature_json'])
    .where('id', '=', versionId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    versionId: row.id,
    version: Number(row.version),
    onnxDigest: row.onnx_digest,
    signature: row.signature_json ? (JSON.parse(row.signature_json) as ModelSignature) : null,
  };
}

/** The alias revisions a serving process polls: one cheap indexed read per alias. */
export { resolveAlias };
