import type { ColumnRole, Dataset } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { columnTags, datasetView, findDataset, latestVersion, parseColumns } from './dataset-repo.ts';

/**
 * Replaces the column role tags of a dataset (target, feature, identifier, timestamp,
 * sensitive); later lanes read them. Tagged columns must exist in the latest version, and
 * at most one column may be the target.
 */
export async function setColumnTags({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { dataset: string; tags: Record<string, ColumnRole[]> };
}): Promise<Dataset> {
  const project = requireProject(ctx);
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const dataset = await findDataset(db, project.id, input.dataset);
    const latest = await latestVersion(db, dataset.id);
    const known = new Set(latest ? parseColumns(latest).map((c) => c.name) : []);
    const errors = Object.keys(input.tags)
      .filter((name) => !known.has(name))
      .map((name) => ({ path: `body.tags.${name}`, message: `no column '${name}' in the latest version` }));
    const targets = Object.entries(input.tags).filter(([, roles]) => roles.includes('target'));
    if (targets.length > 1)
      errors.push({ path: 'body.tags', message: 'at most one column may be the target' });
    if (errors.length > 0) throw badRequest(errors.map((e) => e.message).join('; '), errors);
    const before = await columnTags(db, dataset.id);
    await db.deleteFrom('dataset_column_tags').where('dataset_id', '=', dataset.id).execute();
    const rows = Object.entries(input.tags)
      .filter(([, roles]) => roles.length > 0)
      .map(([name, roles]) => ({
        dataset_id: dataset.id,
        column_name: name,
        roles_json: JSON.stringify([...new Set(roles)]),
      }));
    if (rows.length > 0) await db.insertInto('dataset_column_tags').values(rows).execute();
    await recordAudit(ctx, {
      action: 'dataset.tags.set',
      targetType: 'dataset',
      targetId: dataset.id,
      summary: `column tags of dataset '${dataset.name}' set`,
      before,
      after: input.tags,
    });
    return datasetView(db, dataset);
  });
}
