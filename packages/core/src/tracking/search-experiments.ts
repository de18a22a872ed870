import type { Experiment, ViewType } from '@baton/contracts';
import { type RawBuilder, sql } from 'kysely';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { FilterError, parseFilter, parseOrderBy } from './search/filter-parser.ts';
import { decodePageToken, encodePageToken } from './search/page-token.ts';
import { stringComparison } from './search/run-filter-sql.ts';
import { type ExperimentRow, experimentView } from './tracking-repo.ts';

export interface SearchExperimentsInput {
  filter?: string | undefined;
  orderBy?: string[] | undefined;
  viewType?: ViewType | undefined;
  maxResults?: number | undefined;
  pageToken?: string | undefined;
}

const NUMERIC_COLUMNS: Record<string, string> = {
  creation_time: 'creation_time',
  last_update_time: 'last_update_time',
};
const STRING_COLUMNS: Record<string, string> = { name: 'name', experiment_id: 'id' };

function filterSql(ctx: ServiceContext, filter: string): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  try {
    for (const c of parseFilter(filter, 'attribute')) {
      const fail = (message: string): never => {
        throw new FilterError(message, c.position, filter);
      };
      if (c.entity === 'tag') {
        if (typeof c.value === 'number') fail(`tag '${c.key}' must be compared with a quoted string`);
        if (['>', '>=', '<', '<='].includes(c.op)) fail(`tags compare with =, !=, LIKE, ILIKE, IN or NOT IN`);
        out.push(
          sql`experiments.id in (select experiment_id from experiment_tags where key = ${c.key} and ${stringComparison(ctx.services.dialect, sql.ref('value'), c.op, c.value)})`,
        );
      } else if (c.entity === 'attribute' && STRING_COLUMNS[c.key]) {
        if (typeof c.value === 'number') fail(`'${c.key}' must be compared with a quoted string`);
        if (['>', '>=', '<', '<='].includes(c.op))
          fail(`'${c.key}' compares with =, !=, LIKE, ILIKE, IN or NOT IN`);
        out.push(
          stringComparison(
            ctx.services.dialect,
            sql.ref(`experiments.${STRING_COLUMNS[c.key]}`),
            c.op,
            c.value,
          ),
        );
      } else if (c.entity === 'attribute' && NUMERIC_COLUMNS[c.key]) {
        if (typeof c.value !== 'number' || ['LIKE', 'ILIKE', 'IN', 'NOT IN'].includes(c.op)) {
          fail(`'${c.key}' compares with a number (milliseconds)`);
        }
        out.push(
          sql`${sql.ref(`experiments.${NUMERIC_COLUMNS[c.key]}`)} ${sql.raw(c.op === '!=' ? '<>' : c.op)} ${c.value}`,
        );
      } else {
        fail(
          `experiments filter on name, creation_time, last_update_time or tags.<key>, not ${c.entity}s.${c.key}`,
        );
      }
    }
  } catch (error) {
    if (error instanceof FilterError)
      throw badRequest(error.message, [{ path: 'filter', message: error.message }]);
    throw error;
  }
  return out;
}

function orderSql(orderBy: string[]): RawBuilder<unknown>[] {
  return orderBy.map((raw) => {
    try {
      const term = parseOrderBy(raw);
      const column =
        term.entity === 'attribute' ? (STRING_COLUMNS[term.key] ?? NUMERIC_COLUMNS[term.key]) : undefined;
      if (!column) throw new FilterError(`cannot sort experiments by '${raw}'`, 0, raw);
      return sql`${sql.ref(`experiments.${column}`)} ${sql.raw(term.ascending ? 'asc' : 'desc')}`;
    } catch (error) {
      if (error instanceof FilterError)
        throw badRequest(`invalid order_by: ${error.message}`, [
          { path: 'order_by', message: error.message },
        ]);
      throw error;
    }
  });
}

/** Experiments of the project matching an MLflow filter (`name LIKE 'x%'`, `tags.team = 'a'`). */
export async function searchExperiments({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: SearchExperimentsInput;
}): Promise<{ experiments: Experiment[]; nextPageToken: string | null }> {
  const project = requireProject(ctx);
  const db = executor(ctx);
  const maxResults = input.maxResults ?? 1000;
  if (!Number.isSafeInteger(maxResults) || maxResults < 1 || maxResults > 50_000) {
    throw badRequest('max_results must be between 1 and 50000');
  }
  const offset = decodePageToken(input.pageToken);
  const viewType = input.viewType ?? 'ACTIVE_ONLY';
  const conditions = [
    sql`experiments.project_id = ${project.id}`,
    viewType === 'ALL'
      ? sql`1 = 1`
      : sql`experiments.lifecycle_stage = ${viewType === 'DELETED_ONLY' ? 'deleted' : 'active'}`,
    ...filterSql(ctx, input.filter ?? ''),
  ];
  const terms = [
    ...orderSql(input.orderBy ?? []),
    sql`experiments.creation_time desc`,
    sql`experiments.id asc`,
  ];
  const { rows } =
    await sql<ExperimentRow>`select experiments.* from experiments where ${sql.join(conditions, sql` and `)} order by ${sql.join(terms)} limit ${maxResults + 1} offset ${offset}`.execute(
      db,
    );
  const more = rows.length > maxResults;
  const page = more ? rows.slice(0, maxResults) : rows;
  return {
    experiments: await Promise.all(page.map((row) => experimentView(db, row))),
    nextPageToken: more ? encodePageToken(offset + maxResults) : null,
  };
}
