import { type Dataset, datasetNameSchema } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId, nowIso } from '../clock.ts';
import { actorName, executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { badRequest, conflict } from '../errors.ts';
import { type DatasetRow, datasetView } from './dataset-repo.ts';

export interface CreateDatasetInput {
  name: string;
  description?: string;
}

/** Dataset and suite names share one rule; `what` names which one was wrong. */
export function assertDatasetName(name: string, what: 'dataset' | 'suite' = 'dataset'): void {
  const parsed = datasetNameSchema.safeParse(name);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'invalid name';
    throw badRequest(`invalid ${what} name '${name.slice(0, 80)}': ${message}`, [{ path: what, message }]);
  }
}

async function insertDataset(ctx: ServiceContext, input: CreateDatasetInput): Promise<DatasetRow> {
  const project = requireProject(ctx);
  const row: DatasetRow = {
    id: newId(),
    project_id: project.id,
    name: input.name,
    description: input.description ?? '',
    created_at: nowIso(),
    created_by: actorName(ctx.actor),
  };
  await executor(ctx).insertInto('datasets').values(row).execute();
  await recordAudit(ctx, {
    action: 'dataset.create',
    targetType: 'dataset',
    targetId: row.id,
    summary: `dataset '${row.name}' created`,
    after: { name: row.name, description: row.description },
  });
  return row;
}

/** Creates an empty dataset; its name is also its table name in SQL queries. */
export async function createDataset({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateDatasetInput;
}): Promise<Dataset> {
  assertDatasetName(input.name);
  const project = requireProject(ctx);
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const existing = await db
      .selectFrom('datasets')
      .select('id')
      .where('project_id', '=', project.id)
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (existing) throw conflict(`a dataset named '${input.name}' already exists in this project`);
    return datasetView(db, await insertDataset(ctx, input));
  });
}

/** The dataset of that name, created (and audited) when missing: ingesting into a new name creates it. */
export async function ensureDataset(ctx: ServiceContext, name: string): Promise<DatasetRow> {
  assertDatasetName(name);
  const project = requireProject(ctx);
  const db = executor(ctx);
  const found = await db
    .selectFrom('datasets')
    .selectAll()
    .where('project_id', '=', project.id)
    .where('name', '=', name)
    .executeTakeFirst();
  return found ?? insertDataset(ctx, { name });
}
