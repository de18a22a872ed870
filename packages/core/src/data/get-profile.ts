import type { DatasetProfile } from '@baton/contracts';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { findDataset, findVersion } from './dataset-repo.ts';

export interface ProfileAnswer {
  status: 'pending' | 'ready' | 'failed';
  profile: DatasetProfile | null;
  error: string | null;
}

/** A version's profile; `pending` until its profile job has run. */
export async function getProfile({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { dataset: string; version: string };
}): Promise<ProfileAnswer> {
  const db = executor(ctx);
  const dataset = await findDataset(db, requireProject(ctx).id, input.dataset);
  const version = await findVersion(db, dataset, input.version);
  const row = await db
    .selectFrom('dataset_profiles')
    .selectAll()
    .where('version_id', '=', version.id)
    .executeTakeFirst();
  if (!row) return { status: 'pending', profile: null, error: null };
  if (row.profile_json === null) return { status: 'failed', profile: null, error: row.error };
  return { status: 'ready', profile: JSON.parse(row.profile_json) as DatasetProfile, error: null };
}
