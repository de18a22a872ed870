import type { ModelLineage } from '@baton/contracts';
import { executor, type ServiceContext } from '../context.ts';
import { findModel, findVersion } from './registry-repo.ts';

/** Dataset version -> run -> model version -> the deployments serving it (through an alias). */
export async function versionLineage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { model: string; version: string | number };
}): Promise<ModelLineage> {
  const db = executor(ctx);
  const model = await findModel(ctx, db, input.model);
  const version = await findVersion(ctx, db, model, input.version);
  const [dv, run, aliases, deployments] = await Promise.all([
    version.dataset_version_id
      ? db
          .selectFrom('dataset_versions')
          .innerJoin('datasets', 'datasets.id', 'dataset_versions.dataset_id')
          .select([
            'dataset_versions.id',
            'dataset_versions.number',
            'dataset_versions.validation',
            'datasets.name',
          ])
          .where('dataset_versions.id', '=', version.dataset_version_id)
          .executeTakeFirst()
      : undefined,
    version.run_id
      ? db
          .selectFrom('runs')
          .select(['id', 'name', 'experiment_id', 'status', 'user_id'])
          .where('id', '=', version.run_id)
          .executeTakeFirst()
      : undefined,
    db.selectFrom('model_aliases').select('alias').where('version_id', '=', version.id).execute(),
    db
      .selectFrom('deployments')
      .select(['id', 'name', 'alias', 'challenger_alias', 'status'])
      .where('model_id', '=', model.id)
      .execute(),
  ]);
  const mine = new Set(aliases.map((a) => a.alias));
  return {
    datasetVersion: dv
      ? { id: dv.id, dataset: dv.name, number: Number(dv.number), validation: dv.validation }
      : null,
    run: run
      ? {
          id: run.id,
          name: run.name,
          experimentId: run.experiment_id,
          status: run.status,
          userId: run.user_id,
        }
      : null,
    version: { id: version.id, modelName: model.name, version: Number(version.version) },
    deployments: deployments.flatMap((d) => {
      if (mine.has(d.alias))
        return [{ id: d.id, name: d.name, alias: d.alias, status: d.status, role: 'primary' }];
      if (d.challenger_alias && mine.has(d.challenger_alias))
        return [{ id: d.id, name: d.name, alias: d.challenger_alias, status: d.status, role: 'challenger' }];
      return [];
    }),
  };
}
