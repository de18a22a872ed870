import { recordAudit } from '../../audit/record-audit.ts';
import { executor, inTransaction, requireProject, type ServiceContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findDataset } from '../dataset-repo.ts';
import { type Suite, suiteView } from './suite-view.ts';

/** A dataset's quality suites, by name. */
export async function listSuites({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { dataset: string };
}): Promise<Suite[]> {
  const db = executor(ctx);
  const dataset = await findDataset(db, requireProject(ctx).id, input.dataset);
  const rows = await db
    .selectFrom('quality_suites')
    .selectAll()
    .where('dataset_id', '=', dataset.id)
    .orderBy('name')
    .execute();
  return rows.map(suiteView);
}

/** Deletes a suite; results it produced stay with their versions. */
export async function deleteSuite({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { dataset: string; suite: string };
}): Promise<void> {
  const project = requireProject(ctx);
  await inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const dataset = await findDataset(db, project.id, input.dataset);
    const row = await db
      .selectFrom('quality_suites')
      .selectAll()
      .where('dataset_id', '=', dataset.id)
      .where('name', '=', input.suite)
      .executeTakeFirst();
    if (!row) throw notFound(`quality suite of dataset '${dataset.name}'`, input.suite);
    await db.deleteFrom('quality_suites').where('id', '=', row.id).execute();
    await recordAudit(ctx, {
      action: 'quality-suite.delete',
      targetType: 'quality-suite',
      targetId: row.id,
      summary: `quality suite '${row.name}' of dataset '${dataset.name}' deleted`,
      before: JSON.parse(row.definition_json) as unknown,
    });
  });
}
