import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from '../../db/database.ts';
import { badRequest } from '../../errors.ts';
import {
  type Clause,
  type Comparator,
  FilterError,
  type OrderTerm,
  parseFilter,
  parseOrderBy,
} from './filter-parser.ts';

// Compiles parsed clauses to SQL fragments that run unchanged on SQLite and PostgreSQL. Each
// metric/param/tag clause is `runs.id in (select run_id ...)` so an index on the side table
// answers it; sorting by a metric joins its latest value once.

const NUMERIC: Comparator[] = ['=', '!=', '>', '>=', '<', '<='];
const STRING: Comparator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];

const STRING_ATTRIBUTES: Record<string, string> = {
  status: 'status',
  run_name: 'name',
  'run name': 'name',
  run_id: 'id',
  run_uuid: 'id',
  user_id: 'user_id',
  artifact_uri: 'artifact_uri',
  lifecycle_stage: 'lifecycle_stage',
};
const NUMERIC_ATTRIBUTES: Record<string, string> = {
  start_time: 'start_time',
  created: 'start_time',
  Created: 'start_time',
  end_time: 'end_time',
};

function invalid(clause: { position: number }, source: string, message: string): never {
  throw new FilterError(message, clause.position, source);
}

/** `column <op> value` for a string comparison; LIKE is case-sensitive on both dialects. */
export function stringComparison(
  dialect: Dialect,
  column: RawBuilder<unknown>,
  op: Comparator,
  value: string | number | string[],
): RawBuilder<unknown> {
  if (op === 'IN' || op === 'NOT IN') {
    const values = (value as string[]).map((v) => sql`${v}`);
    return op === 'IN'
      ? sql`${column} in (${sql.join(values)})`
      : sql`${column} not in (${sql.join(values)})`;
  }
  const v = String(value);
  if (op === 'LIKE') {
    if (dialect === 'postgres') return sql`${column} like ${v}`;
    // SQLite's LIKE ignores case; GLOB does not. Translate the pattern.
    const glob = v
      .replace(/[*?[]/g, (c) => `[${c}]`)
      .replace(/%/g, '*')
      .replace(/_/g, '?');
    return sql`${column} glob ${glob}`;
  }
  if (op === 'ILIKE')
    return dialect === 'postgres' ? sql`${column} ilike ${v}` : sql`lower(${column}) like lower(${v})`;
  return sql`${column} ${sql.raw(op === '!=' ? '<>' : op)} ${v}`;
}

const numericComparison = (column: RawBuilder<unknown>, op: Comparator, value: number) =>
  sql`${column} ${sql.raw(op === '!=' ? '<>' : op)} ${value}`;

function clauseSql(
  dialect: Dialect,
  clause: Clause,
  source: string,
  experimentIds: string[],
): RawBuilder<unknown> {
  const { entity, key, op, value } = clause;
  const expIn = sql.join(experimentIds.map((id) => sql`${id}`));
  switch (entity) {
    case 'metric': {
      if (!NUMERIC.includes(op))
        invalid(clause, source, `metrics compare with =, !=, >, >=, < or <=, not ${op}`);
      if (typeof value !== 'number')
        invalid(clause, source, `metric '${key}' must be compared with a number`);
      return sql`runs.id in (select run_id from latest_metrics where experiment_id in (${expIn}) and key = ${key} and ${numericComparison(sql.ref('value'), op, value)})`;
    }
    case 'param':
    case 'tag': {
      if (!STRING.includes(op))
        invalid(
          clause,
          source,
          `${entity}s compare as strings with =, !=, LIKE, ILIKE, IN or NOT IN, not ${op}`,
        );
      if (typeof value === 'number')
        invalid(
          clause,
          source,
          `${entity} '${key}' must be compared with a quoted string, such as '${value}'`,
        );
      const table = sql.table(entity === 'param' ? 'run_params' : 'run_tags');
      return sql`runs.id in (select run_id from ${table} where key = ${key} and ${stringComparison(dialect, sql.ref('value'), op, value)})`;
    }
    case 'attribute': {
      const stringColumn = STRING_ATTRIBUTES[key];
      if (stringColumn) {
        if (!STRING.includes(op))
          invalid(clause, source, `attribute '${key}' compares with =, !=, LIKE, ILIKE, IN or NOT IN`);
        if (typeof value === 'number')
          invalid(clause, source, `attribute '${key}' must be compared with a quoted string`);
        return stringComparison(dialect, sql.ref(`runs.${stringColumn}`), op, value);
      }
      const numericColumn = NUMERIC_ATTRIBUTES[key];
      if (numericColumn) {
        if (!NUMERIC.includes(op) || typeof value !== 'number') {
          invalid(
            clause,
            source,
            `attribute '${key}' compares with a number (milliseconds) and =, !=, >, >=, < or <=`,
          );
        }
        return numericComparison(sql.ref(`runs.${numericColumn}`), op, value);
      }
      return invalid(
        clause,
        source,
        `unknown attribute '${key}'; use one of ${[...Object.keys(STRING_ATTRIBUTES), ...Object.keys(NUMERIC_ATTRIBUTES)].join(', ')}`,
      );
    }
    case 'dataset':
      return datasetClause(dialect, clause, source);
  }
}

const DATASET_FIELDS = ['name', 'digest', 'context'];

/**
 * `datasets.name`, `datasets.digest` and `datasets.context` match a run when any of its inputs
 * does; the context is the input tag `mlflow.data.context` (training, eval, ...).
 */
function datasetClause(dialect: Dialect, clause: Clause, source: string): RawBuilder<unknown> {
  const { key, op, value } = clause;
  if (!DATASET_FIELDS.includes(key))
    invalid(
      clause,
      source,
      `unknown dataset field '${key}'; use datasets.name, datasets.digest or datasets.context`,
    );
  if (!STRING.includes(op))
    invalid(
      clause,
      source,
      `datasets.${key} compares as a string with =, !=, LIKE, ILIKE, IN or NOT IN, not ${op}`,
    );
  if (typeof value === 'number')
    invalid(clause, source, `datasets.${key} must be compared with a quoted string, such as '${value}'`);
  if (key !== 'context')
    return sql`runs.id in (select run_id from run_inputs where ${stringComparison(dialect, sql.ref(key), op, value)})`;
  // Both dialects name the element column of their JSON array functions `value`.
  const elements =
    dialect === 'postgres' ? sql`json_array_elements(i.tags_json::json)` : sql`json_each(i.tags_json)`;
  return sql`runs.id in (select i.run_id from run_inputs i, ${elements} t
    where t.value ->> 'key' = 'mlflow.data.context' and ${stringComparison(dialect, sql`t.value ->> 'value'`, op, value)})`;
}

/** The WHERE conditions of a run filter; throws `bad_request` pointing at the problem. */
export function runFilterSql(
  dialect: Dialect,
  filter: string,
  experimentIds: string[],
): RawBuilder<unknown>[] {
  try {
    return parseFilter(filter).map((c) => clauseSql(dialect, c, filter, experimentIds));
  } catch (error) {
    if (error instanceof FilterError)
      throw badRequest(error.message, [{ path: 'filter', message: error.message }]);
    throw error;
  }
}

export interface LeadingMetric {
  /** FROM and join clauses of the first band (`o0` is the metric's row, joined to `runs`). */
  valueFrom: RawBuilder<unknown>;
  valueWhere: RawBuilder<unknown>;
  valueTerms: RawBuilder<unknown>[];
  /** Conditions of the NaN and missing bands, which use the ordinary joins. */
  lastBands: RawBuilder<unknown>[];
  /** Terms after the metric's, for the last bands. */
  restTerms: RawBuilder<unknown>[];
}

export interface OrderSql {
  joins: RawBuilder<unknown>[];
  terms: RawBuilder<unknown>[];
  /**
   * When the first term sorts on a metric, the search reads it in three bands, in the order the
   * terms sort them: runs with a value (driven from the metric's index in value order, so the
   * read stops at the page instead of sorting every match), then NaN, then no value.
   */
  leadingMetric?: LeadingMetric;
}

/** ORDER BY terms (and the joins they need); runs without the key sort last either way. */
export function runOrderSql(
  orderBy: string[],
  experimentIds: string[],
  dialect: Dialect = 'sqlite',
): OrderSql {
  const expIn = sql.join(experimentIds.map((id) => sql`${id}`));
  const joins: RawBuilder<unknown>[] = [];
  const terms: RawBuilder<unknown>[] = [];
  orderBy.forEach((raw, i) => {
    let term: OrderTerm;
    try {
      term = parseOrderBy(raw);
    } catch (error) {
      if (error instanceof FilterError) {
        const message = `invalid order_by '${raw}': ${error.message.replace(/^invalid filter /, '')}`;
        throw badRequest(message, [{ path: 'order_by', message }]);
      }
      throw error;
    }
    const dir = sql.raw(term.ascending ? 'asc' : 'desc');
    const alias = sql.raw(`o${i}`);
    if (term.entity === 'metric') {
      // The experiment condition lets PostgreSQL read the key's values from the search index.
      joins.push(
        sql`left join latest_metrics ${alias} on ${alias}.run_id = runs.id and ${alias}.key = ${term.key} and ${alias}.experiment_id in (${expIn})`,
      );
      terms.push(sql`(case when ${alias}.is_nan = 1 then 1 when ${alias}.value is null then 2 else 0 end)`);
      terms.push(sql`${alias}.value ${dir}`);
    } else if (term.entity === 'param' || term.entity === 'tag') {
      const table = sql.table(term.entity === 'param' ? 'run_params' : 'run_tags');
      joins.push(
        sql`left join ${table} ${alias} on ${alias}.run_id = runs.id and ${alias}.key = ${term.key}`,
      );
      terms.push(sql`(case when ${alias}.value is null then 1 else 0 end)`);
      terms.push(sql`${alias}.value ${dir}`);
    } else if (term.entity === 'attribute') {
      const column = STRING_ATTRIBUTES[term.key] ?? NUMERIC_ATTRIBUTES[term.key];
      if (!column) {
        const message = `invalid order_by '${raw}': unknown attribute '${term.key}'`;
        throw badRequest(message, [{ path: 'order_by', message }]);
      }
      terms.push(sql`(case when ${sql.ref(`runs.${column}`)} is null then 1 else 0 end)`);
      terms.push(sql`${sql.ref(`runs.${column}`)} ${dir}`);
    } else {
      const message = `invalid order_by '${raw}': datasets cannot be sorted on`;
      throw badRequest(message, [{ path: 'order_by', message }]);
    }
  });
  const first = orderBy.length > 0 ? parseOrderBy(orderBy[0]!) : undefined;
  if (first?.entity === 'metric') {
    // SQLite is told to walk the search index in value order (it would rather probe the
    // metric's rows run by run, then sort them all); PostgreSQL finds that plan itself.
    const rest = sql.join(joins.slice(1), sql` `);
    const metricRows =
      dialect === 'sqlite'
        ? sql`latest_metrics o0 indexed by latest_metrics_search cross join`
        : sql`latest_metrics o0 cross join`;
    return {
      joins,
      terms,
      leadingMetric: {
        valueFrom: sql`${metricRows} runs ${rest}`,
        valueWhere: sql`o0.run_id = runs.id and o0.experiment_id in (${expIn}) and o0.key = ${first.key} and o0.value is not null`,
        valueTerms: terms.slice(1),
        lastBands: [sql`o0.is_nan = 1`, sql`o0.run_id is null`],
        restTerms: terms.slice(2),
      },
    };
  }
  return { joins, terms };
}
