import type { ModelVersion } from '@baton/contracts';
import { type RawBuilder, sql } from 'kysely';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { FilterError, parseFilter, parseOrderBy } from '../tracking/search/filter-parser.ts';
import { decodePageToken, encodePageToken } from '../tracking/search/page-token.ts';
import { stringComparison } from '../tracking/search/run-filter-sql.ts';
import { type ModelRow, type VersionRow, versionViews } from './registry-repo.ts';

const STRING_COLUMNS: Record<string, string> = {
  name: 'registered_models.name',
  run_id: 'model_versions.run_id',
  source_path: 'model_versions.source',
  source: 'model_versions.source',
  current_stage: 'model_versions.stage',
};
const NUMBER_COLUMNS: Record<string, string> = {
  version_number: 'model_versions.version',
  creation_timestamp: 'model_versions.creation_time',
  last_updated_timestamp: 'model_versions.last_update_time',
};

function filterSql(ctx: ServiceContext, filter: string): RawBuilder<unknown>[] {
  const dialect = ctx.services.dialect;
  try {
    return parseFilter(filter, 'attribute').map((c) => {
      const fail = (message: string): never => {
        throw new FilterError(message, c.position, filter);
      };
      const ranged = ['>', '>=', '<', '<='].includes(c.op);
      if (c.entity === 'tag') {
        if (typeof c.value === 'number' || ranged)
          fail(`tags compare with a quoted string: =, !=, LIKE, ILIKE, IN`);
        return sql`model_versions.id in (select version_id from model_version_tags where key = ${c.key} and ${stringComparison(dialect, sql.ref('value'), c.op, c.value)})`;
      }
      if (c.entity === 'attribute' && STRING_COLUMNS[c.key]) {
        if (typeof c.value === 'number' || ranged) fail(`'${c.key}' compares with a quoted string`);
        return stringComparison(dialect, sql.ref(STRING_COLUMNS[c.key]!), c.op, c.value);
      }
      if (c.entity === 'attribute' && NUMBER_COLUMNS[c.key]) {
        const n = typeof c.value === 'string' ? Number(c.value) : c.value;
        if (typeof n !== 'number' || Number.isNaN(n) || ['LIKE', 'ILIKE', 'IN', 'NOT IN'].includes(c.op))
          fail(`'${c.key}' compares with a number`);
        return sql`${sql.ref(NUMBER_COLUMNS[c.key]!)} ${sql.raw(c.op === '!=' ? '<>' : c.op)} ${n}`;
      }
      return fail(
        `model versions filter on name, run_id, source_path, version_number or tags.<key>, not '${c.key}'`,
      );
    });
  } catch (error) {
    if (error instanceof FilterError)
      throw badRequest(error.message, [{ path: 'filter', message: error.message }]);
    throw error;
  }
}

/** Model versions of the project matching an MLflow filter (`name = 'churn'`, `run_id = '...'`). */
export async function searchModelVersions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    filter?: string | undefined;
    orderBy?: string[] | undefined;
    maxResults?: number | undefined;
    pageToken?: string | undefined;
  };
}): Promise<{ versions: ModelVersion[]; nextPageToken: string | null }> {
  const project = requireProject(ctx);
  const db = executor(ctx);
  const maxResults = input.maxResults ?? 10_000;
  if (!Number.isSafeInteger(maxResults) || maxResults < 1 || maxResults > 200_000)
    throw badRequest('max_results must be between 1 and 200000');
  const offset = decodePageToken(input.pageToken);
  const order = (input.orderBy ?? []).map((raw) => {
    try {
      const t = parseOrderBy(raw);
      const column = STRING_COLUMNS[t.key] ?? NUMBER_COLUMNS[t.key];
      if (t.entity !== 'attribute' || !column)
        throw new FilterError(`cannot sort model versions by '${raw}'`, 0, raw);
      return sql`${sql.ref(column)} ${sql.raw(t.ascending ? 'asc' : 'desc')}`;
    } catch (error) {
      if (error instanceof FilterError) throw badRequest(`invalid order_by: ${error.message}`);
      throw error;
    }
  });
  const conditions = [sql`model_versions.project_id = ${project.id}`, ...filterSql(ctx, input.filter ?? '')];
  const terms = [...order, sql`registered_models.name asc`, sql`model_versions.version desc`];
  const { rows } = await sql<
    VersionRow & { model_name: string }
  >`select model_versions.*, registered_models.name as model_name from model_versions join registered_models on registered_models.id = model_versions.model_id where ${sql.join(conditions, sql` and `)} order by ${sql.join(terms)} limit ${maxResults + 1} offset ${offset}`.execute(
    db,
  );
  const more = rows.length > maxResults;
  const page = more ? rows.slice(0, maxResults) : rows;
  const out: ModelVersion[] = [];
  for (const row of page) {
    const model = { id: row.model_id, name: row.model_name } as ModelRow;
    out.push(...(await versionViews(db, model, [row])));
  }
  return { versions: out, nextPageToken: more ? encodePageToken(offset + maxResults) : null };
}
