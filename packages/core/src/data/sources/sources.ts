import type { DataSource } from '@baton/contracts';
import type { Selectable } from 'kysely';
import { recordAudit } from '../../audit/record-audit.ts';
import { newId, nowIso } from '../../clock.ts';
import { actorName, executor, inTransaction, requireProject, type ServiceContext } from '../../context.ts';
import type { DataSourcesTable } from '../../db/data-schema.ts';
import { badRequest, notFound, ServiceError } from '../../errors.ts';
import { assertDatasetName } from '../create-dataset.ts';
import { SecretBox, SecretKeyError } from './secret-box.ts';

type SourceRow = Selectable<DataSourcesTable>;

/** The connection string with its password (and any password parameter) masked. */
export function maskConnectionString(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    for (const key of [...url.searchParams.keys()]) {
      if (/pass|secret|key|token/i.test(key)) url.searchParams.set(key, '***');
    }
    return url.toString();
  } catch {
    return 'postgres://***';
  }
}

const view = (row: SourceRow): DataSource => ({
  id: row.id,
  name: row.name,
  kind: 'postgres',
  display: row.display,
  createdAt: row.created_at,
  createdBy: row.created_by,
});

/**
 * Creates or replaces a PostgreSQL source. The connection string is a project secret: it is
 * stored for the import to use and never returned, logged or written to the audit log (the
 * audit entry holds the masked form).
 */
export async function putSource({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { source: string; connectionString: string };
}): Promise<DataSource> {
  const project = requireProject(ctx);
  assertDatasetName(input.source);
  try {
    new URL(input.connectionString);
  } catch {
    throw badRequest('the connection string is not a valid postgres:// URL');
  }
  const display = maskConnectionString(input.connectionString);
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const existing = await db
      .selectFrom('data_sources')
      .selectAll()
      .where('project_id', '=', project.id)
      .where('name', '=', input.source)
      .executeTakeFirst();
    const row: SourceRow = {
      id: existing?.id ?? newId(),
      project_id: project.id,
      name: input.source,
      kind: 'postgres',
      secret: secretBox(ctx).seal(input.connectionString),
      display,
      created_at: existing?.created_at ?? nowIso(),
      created_by: existing?.created_by ?? actorName(ctx.actor),
    };
    if (existing) {
      await db
        .updateTable('data_sources')
        .set({ secret: row.secret, display })
        .where('id', '=', row.id)
        .execute();
    } else {
      await db.insertInto('data_sources').values(row).execute();
    }
    await recordAudit(ctx, {
      action: existing ? 'data-source.update' : 'data-source.create',
      targetType: 'data-source',
      targetId: row.id,
      summary: `PostgreSQL source '${row.name}' ${existing ? 'replaced' : 'created'}`,
      after: { name: row.name, display },
    });
    return view(row);
  });
}

export async function listSources({
  ctx,
}: {
  ctx: ServiceContext;
  input?: undefined;
}): Promise<DataSource[]> {
  const rows = await executor(ctx)
    .selectFrom('data_sources')
    .selectAll()
    .where('project_id', '=', requireProject(ctx).id)
    .orderBy('name')
    .execute();
  return rows.map(view);
}

export async function deleteSource({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { source: string };
}): Promise<void> {
  const project = requireProject(ctx);
  await inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const row = await db
      .selectFrom('data_sources')
      .selectAll()
      .where('project_id', '=', project.id)
      .where('name', '=', input.source)
      .executeTakeFirst();
    if (!row) throw notFound('data source', input.source);
    await db.deleteFrom('data_sources').where('id', '=', row.id).execute();
    await recordAudit(ctx, {
      action: 'data-source.delete',
      targetType: 'data-source',
      targetId: row.id,
      summary: `PostgreSQL source '${row.name}' deleted`,
      before: { name: row.name, display: row.display },
    });
  });
}

/** The secret of a source, for the import only. */
export async function sourceSecret(ctx: ServiceContext, name: string): Promise<string> {
  const row = await executor(ctx)
    .selectFrom('data_sources')
    .select('secret')
    .where('project_id', '=', requireProject(ctx).id)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) throw notFound('data source', name);
  const box = secretBox(ctx);
  if (SecretBox.isSealed(row.secret)) {
    try {
      return box.open(row.secret);
    } catch (error) {
      if (!(error instanceof SecretKeyError)) throw error;
      throw badRequest(
        `the connection string of source '${name}' cannot be decrypted with this server's secret key (was BATON_SECRET_KEY or the key file changed?); put the source again`,
      );
    }
  }
  // Stored before secrets were encrypted: sealed now, on first use.
  await executor(ctx)
    .updateTable('data_sources')
    .set({ secret: box.seal(row.secret) })
    .where('project_id', '=', requireProject(ctx).id)
    .where('name', '=', name)
    .where('secret', '=', row.secret)
    .execute();
  return row.secret;
}

function secretBox(ctx: ServiceContext): SecretBox {
  const box = ctx.services.secrets;
  if (!box) throw new ServiceError('internal', 'no secret key is configured for project secrets');
  return box;
}
