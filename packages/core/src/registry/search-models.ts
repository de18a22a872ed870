import type { RegisteredModel } from '@baton/contracts';
import { type RawBuilder, sql } from 'kysely';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { FilterError, parseFilter, parseOrderBy } from '../tracking/search/filter-parser.ts';
import { decodePageToken, encodePageToken } from '../tracking/search/page-token.ts';
import { stringComparison } from '../tracking/search/run-filter-sql.ts';
import { type ModelRow, modelView } from './registry-repo.ts';

export interface SearchModelsInput {
  filter?: string | undefined;
  orderBy?: string[] | undefined;
  maxResults?: number | undefined;
  pageToken?: string | undefined;
}

const ORDER_COLUMNS: Record<string, string> = {
  name: 'name',
  creation_time: 'creation_time',
  creation_timestamp: 'creation_time',
  last_update_time: 'last_update_time',
  last_updated_timestamp: 'last_update_time',
};
const WITHOUT_RANGE = ['>', '>=', '<', '<='];

function filterSql(ctx: ServiceContext, filter: string): RawBuilder<unknown>[] {
  const dialect = ctx.services.dialect;
  try {
    return parseFilter(filter, 'attribute').map((c) => {
      const fail = (message: string): never => {
        throw new FilterError(message, c.position, filter);
      };
      if (typeof c.value === 'number') fail(`'${c.key}' must be compared with a quoted string`);
      if (WITHOUT_RANGE.includes(c.op)) fail(`'${c.key}' compares with =, !=, LIKE, ILIKE, IN or NOT IN`);
      if (c.entity === 'tag') {
        return sql`registered_models.id in (select model_id from registered_model_tags where key = ${c.key} and ${stringComparison(dialect, sql.ref('value'), c.op, c.value)})`;
      }
      if (c.entity === 'attribute' && c.key === 'name') {
        return stringComparison(dialect, sql.ref('registered_models.name'), c.op, c.value);
      }
      return fail(`registered models filter on name or tags.<key>, not ${c.entity}s.${c.key}`);
    });
  } catch (error) {
    if (error instanceof FilterError)
      throw badRequest(error.message, [{ path: 'filter', message: error.message }]);
    throw error;
  }
}

function orderSql(orderBy: string[]): RawBuilder<unknown>[] {
  return orderBy.map((raw) => {
    try {
      const term = parseOrderBy(raw);
      const column = term.entity === 'attribute' ? ORDER_COLUMNS[term.key] : undefined;
      if (!column) throw new FilterError(`cannot sort registered models by '${raw}'`, 0, raw);
      return sql`${sql.ref(`registered_models.${column}`)} ${sql.raw(term.ascending ? 'asc' : 'desc')}`;
    } catch (error) {
      if (error instanceof FilterError)
        throw badRequest(`invalid order_by: ${error.message}`, [
          { path: 'order_by', message: error.message },
        ]);
      throw error;
    }
  });
}

/** Registered models of the project matching an MLflow filter (`name LIKE 'churn%'`, `tags.team = 'a'`). */
export async function searchRegisteredModels({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: SearchModelsInput;
}): Promise<{ models: RegisteredModel[]; nextPageToken: string | null }> {
  const project = requireProject(ctx);
  const db = executor(ctx);
  const maxResults = input.maxResults ?? 100;
  if (!Number.isSafeInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
    throw badRequest('max_results must be between 1 and 1000');
  }
  const offset = decodePageToken(input.pageToken);
  const conditions = [
    sql`registered_models.project_id = ${project.id}`,
    ...filterSql(ctx, input.filter ?? ''),
  ];
  const terms = [...orderSql(input.orderBy ?? []), sql`registered_models.name asc`];
  const { rows } =
    await sql<ModelRow>`select registered_models.* from registered_models where ${sql.join(conditions, sql` and `)} order by ${sql.join(terms)} limit ${maxResults + 1} offset ${offset}`.execute(
      db,
    );
  const more = rows.length > maxResults;
  const page = more ? rows.slice(0, maxResults) : rows;
  return {
    models: await Promise.all(page.map((row) => modelView(db, row))),
    nextPageToken: more ? encodePageToken(offset + maxResults) : null,
  };
}
