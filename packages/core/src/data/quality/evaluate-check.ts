import { type Check, type CheckResult, durationMs } from '@baton/contracts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckMessage, ident, literal, queryRows } from '../duckdb.ts';
import { kindOf } from '../profile/compute-profile.ts';
import { openSandbox } from '../query/sandbox.ts';

const SAMPLE = 10;

/** What a check runs against: one version's Parquet file and its column types. */
export interface CheckTarget {
  file: string;
  rowCount: number;
  columns: Map<string, string>;
}

type Outcome = Omit<CheckResult, 'index' | 'name' | 'type'>;

const pct = (unexpected: number, elements: number) => (elements === 0 ? 0 : (100 * unexpected) / elements);

function mostlyOutcome(
  elements: number,
  unexpected: number,
  mostly: number | undefined,
  sample: unknown[],
): Outcome {
  const passing = elements === 0 ? 1 : (elements - unexpected) / elements;
  return {
    success: passing >= (mostly ?? 1),
    elementCount: elements,
    unexpectedCount: unexpected,
    unexpectedPercent: pct(unexpected, elements),
    sample,
  };
}

const aggregate = (target: CheckTarget, success: boolean, observed: unknown): Outcome => ({
  success,
  elementCount: target.rowCount,
  unexpectedCount: 0,
  unexpectedPercent: 0,
  sample: [],
  observed,
});

const within = (value: number | null, min?: number, max?: number) =>
  value !== null && (min === undefined || value >= min) && (max === undefined || value <= max);

class CheckError extends Error {}

function column(target: CheckTarget, name: string): string {
  const type = target.columns.get(name);
  if (type === undefined) throw new CheckError(`column '${name}' does not exist`);
  return type;
}

/** A user's value as a SQL literal comparable with a column of `type`. */
function valueLiteral(value: string | number | boolean, type: string): string {
  if (typeof value === 'number' && kindOf(type) === 'numeric') return String(value);
  if (typeof value === 'boolean' && type === 'BOOLEAN') return String(value);
  return `TRY_CAST(${literal(String(value))} AS ${type})`;
}

/** Counts the non-null values of `col` failing `ok`, with a sample of them. */
async function countFailing(
  conn: DuckDBConnection,
  target: CheckTarget,
  col: string,
  ok: string,
  mostly?: number,
) {
  const src = `read_parquet(${literal(target.file)})`;
  const c = ident(col);
  const [row] = await queryRows(
    conn,
    `SELECT count(${c})::DOUBLE AS elements, count(*) FILTER (WHERE ${c} IS NOT NULL AND NOT coalesce(${ok}, false))::DOUBLE AS bad FROM ${src}`,
  );
  const sample = await queryRows(
    conn,
    `SELECT ${c} AS v FROM ${src} WHERE ${c} IS NOT NULL AND NOT coalesce(${ok}, false) LIMIT ${SAMPLE}`,
  );
  return mostlyOutcome(
    Number(row?.elements ?? 0),
    Number(row?.bad ?? 0),
    mostly,
    sample.map((r) => r.v),
  );
}

async function statistic(conn: DuckDBConnection, target: CheckTarget, expr: string): Promise<number | null> {
  const [row] = await queryRows(
    conn,
    `SELECT (${expr})::DOUBLE AS v FROM read_parquet(${literal(target.file)})`,
  );
  const v = row?.v;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const TYPE_CLASS: Record<string, (type: string) => boolean> = {
  integer: (t) => /^(U?(TINY|SMALL|BIG|HUGE)?INT|INTEGER|UINTEGER)/.test(t),
  float: (t) => /^(FLOAT|DOUBLE|DECIMAL)/.test(t),
  numeric: (t) => kindOf(t) === 'numeric',
  string: (t) => t === 'VARCHAR',
  boolean: (t) => t === 'BOOLEAN',
  date: (t) => t === 'DATE',
  timestamp: (t) => t.startsWith('TIMESTAMP'),
};

async function evaluate(
  conn: DuckDBConnection,
  target: CheckTarget,
  check: Check,
  now: number,
): Promise<Outcome> {
  const src = `read_parquet(${literal(target.file)})`;
  switch (check.type) {
    case 'not_null': {
      column(target, check.column);
      const [row] = await queryRows(
        conn,
        `SELECT count(*) FILTER (WHERE ${ident(check.column)} IS NULL)::DOUBLE AS n FROM ${src}`,
      );
      return mostlyOutcome(target.rowCount, Number(row?.n ?? 0), check.mostly, []);
    }
    case 'unique': {
      const cols = check.columns ?? [check.column ?? ''];
      for (const c of cols) column(target, c);
      const keys = cols.map(ident).join(', ');
      const single = cols.length === 1;
      const where = single ? `WHERE ${keys} IS NOT NULL` : '';
      const [row] = await queryRows(
        conn,
        `SELECT (SELECT count(*) FROM ${src} ${where})::DOUBLE AS elements,
                coalesce((SELECT sum(n) FROM (SELECT count(*) AS n FROM ${src} ${where} GROUP BY ${keys} HAVING count(*) > 1)), 0)::DOUBLE AS bad`,
      );
      const dupes = await queryRows(
        conn,
        `SELECT ${single ? keys : `struct_pack(${cols.map((c) => `${ident(c)} := ${ident(c)}`).join(', ')})`} AS v, count(*)::DOUBLE AS n
         FROM ${src} ${where} GROUP BY ${keys} HAVING count(*) > 1 ORDER BY n DESC LIMIT ${SAMPLE}`,
      );
      return mostlyOutcome(
        Number(row?.elements ?? 0),
        Number(row?.bad ?? 0),
        check.mostly,
        dupes.map((r) => r.v),
      );
    }
    case 'in_set':
    case 'not_in_set': {
      const type = column(target, check.column);
      const list =
        check.values.length === 0 ? 'NULL' : check.values.map((v) => valueLiteral(v, type)).join(', ');
      const member = `${ident(check.column)} IN (${list})`;
      return countFailing(
        conn,
        target,
        check.column,
        check.type === 'in_set' ? member : `NOT (${member})`,
        check.mostly,
      );
    }
    case 'between': {
      const type = column(target, check.column);
      const c = ident(check.column);
      const parts: string[] = [];
      if (check.min !== undefined)
        parts.push(`${c} ${check.strict ? '>' : '>='} ${valueLiteral(check.min, type)}`);
      if (check.max !== undefined)
        parts.push(`${c} ${check.strict ? '<' : '<='} ${valueLiteral(check.max, type)}`);
      return countFailing(
        conn,
        target,
        check.column,
        parts.length ? parts.join(' AND ') : 'true',
        check.mostly,
      );
    }
    case 'regex': {
      column(target, check.column);
      await queryRows(conn, `SELECT regexp_matches('', ${literal(check.pattern)})`).catch(
        (error: unknown) => {
          throw new CheckError(`invalid regular expression: ${duckMessage(error)}`);
        },
      );
      return countFailing(
        conn,
        target,
        check.column,
        `regexp_matches(${ident(check.column)}::VARCHAR, ${literal(check.pattern)})`,
        check.mostly,
      );
    }
    case 'type': {
      const type = column(target, check.column);
      return aggregate(target, TYPE_CLASS[check.expected]?.(type) ?? false, type);
    }
    case 'column_exists':
      return aggregate(
        target,
        target.columns.has(check.column),
        [...target.columns.keys()].includes(check.column),
      );
    case 'columns_match': {
      const actual = new Set(target.columns.keys());
      const wanted = new Set(check.columns);
      const missing = [...wanted].filter((c) => !actual.has(c));
      const extra = (check.mode ?? 'exact') === 'exact' ? [...actual].filter((c) => !wanted.has(c)) : [];
      return aggregate(target, missing.length === 0 && extra.length === 0, { missing, extra });
    }
    case 'row_count_between':
      return aggregate(target, within(target.rowCount, check.min, check.max), target.rowCount);
    case 'mean_between':
    case 'std_between':
    case 'min_between':
    case 'max_between': {
      const type = column(target, check.column);
      if (kindOf(type) !== 'numeric')
        throw new CheckError(`column '${check.column}' is ${type}, not numeric`);
      const fn = { mean_between: 'avg', std_between: 'stddev_samp', min_between: 'min', max_between: 'max' }[
        check.type
      ];
      const value = await statistic(conn, target, `${fn}(${ident(check.column)}::DOUBLE)`);
      return aggregate(target, within(value, check.min, check.max), value);
    }
    case 'quantile_between': {
      const type = column(target, check.column);
      if (kindOf(type) !== 'numeric')
        throw new CheckError(`column '${check.column}' is ${type}, not numeric`);
      const value = await statistic(
        conn,
        target,
        `quantile_cont(${ident(check.column)}::DOUBLE, ${check.quantile})`,
      );
      return aggregate(target, within(value, check.min, check.max), value);
    }
    case 'freshness': {
      column(target, check.column);
      const [row] = await queryRows(
        conn,
        `SELECT epoch_ms(max(TRY_CAST(${ident(check.column)} AS TIMESTAMP)))::DOUBLE AS ms FROM ${src}`,
      );
      const newest = typeof row?.ms === 'number' ? row.ms : null;
      const observed = newest === null ? null : new Date(newest).toISOString();
      return aggregate(target, newest !== null && now - newest <= durationMs(check.maxAge), observed);
    }
    case 'custom_sql':
      return customSql(target, check.sql);
  }
}

/** Custom SQL runs in the query sandbox, over the view `data`; the rows it returns fail. */
async function customSql(target: CheckTarget, sql: string): Promise<Outcome> {
  const sandbox = await openSandbox([{ name: 'data', file: target.file }]);
  try {
    const result = await sandbox.select(
      `SELECT count(*) OVER () AS baton_failing, * FROM (\n${sql.trim().replace(/;+\s*$/, '')}\n) LIMIT ${SAMPLE}`,
      {
        limit: SAMPLE,
        timeoutMs: 60_000,
      },
    );
    const failing = Number(result.rows[0]?.[0] ?? 0);
    const names = result.columns.slice(1).map((c) => c.name);
    const sample = result.rows.map((row) => Object.fromEntries(names.map((n, i) => [n, row[i + 1]])));
    return mostlyOutcome(target.rowCount, failing, undefined, sample);
  } finally {
    sandbox.close();
  }
}

/** Runs one check; a check that cannot run (missing column, bad regex, bad SQL) fails with the reason. */
export async function evaluateCheck(
  conn: DuckDBConnection,
  target: CheckTarget,
  check: Check,
  index: number,
  now = Date.now(),
): Promise<CheckResult> {
  const head = {
    index,
    name: check.name ?? `${check.type}${'column' in check && check.column ? `(${check.column})` : ''}`,
    type: check.type,
  };
  try {
    return { ...head, ...(await evaluate(conn, target, check, now)) };
  } catch (error) {
    const message = error instanceof CheckError ? error.message : duckMessage(error);
    return {
      ...head,
      success: false,
      elementCount: target.rowCount,
      unexpectedCount: 0,
      unexpectedPercent: 0,
      sample: [],
      error: message,
    };
  }
}
