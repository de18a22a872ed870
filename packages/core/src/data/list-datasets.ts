import type { Dataset } from '@baton/contracts';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { datasetView, findDataset } from './dataset-repo.ts';

/** The project's datasets, by name, each with its latest version. */
export async function listDatasets({ ctx }: { ctx: ServiceContext; input?: undefined }): Promise<Dataset[]> {
  const db = executor(ctx);
  const rows = await db
    .selectFrom('datasets')
    .selectAll()
    .where('project_id', '=', requireProject(ctx).id)
    .orderBy('name')
    .execute();
  return Promise.all(rows.map((row) => datasetView(db, row)));
}

/** One dataset by name. */
export async function getDataset({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { dataset: string };
}): Promise<Dataset> {
  const db = executor(ctx);
  return datasetView(db, await findDataset(db, requireProject(ctx).id, input.dataset));
}
