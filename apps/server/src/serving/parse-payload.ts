import type { FieldError } from '@baton/contracts';
import { ServiceError } from '@baton/core';
import { MISSING_CATEGORY } from '@baton/ml';
import type { FeatureLayout } from './feature-layout.ts';

/** A request's rows as the input tensors' data, plus the rows as given (for the log). */
export interface ParsedRows {
  readonly n: number;
  /** One buffer per layout input: Float32Array (numeric) or string[] (categorical). */
  readonly data: (Float32Array | string[])[];
  readonly records: readonly Record<string, unknown>[] | Record<string, readonly unknown[]>;
}

export interface PayloadRules {
  readonly maxRows: number;
  readonly allowMissing: boolean;
}

const MAX_NAMED = 10;
const FLOAT32_MAX = 3.4028234663852886e38;
const NON_JSON_NUMBER = /(?:^|[^"\w])(?:NaN|-?Infinity)(?:$|[^"\w])/;

/**
 * The error for a predict body that is not JSON: a SyntaxError whose message, when the body
 * holds NaN or Infinity (as Python's json.dumps writes them), says to send null instead.
 */
export function invalidJson(error: unknown, text: string): SyntaxError {
  const message = error instanceof Error ? error.message : String(error);
  return new SyntaxError(
    NON_JSON_NUMBER.test(text)
      ? `${message}; JSON has no NaN or Infinity: send null for a missing value`
      : message,
  );
}
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(message: string, errors: FieldError[]): never {
  throw new ServiceError('bad_request', message, errors.slice(0, 50));
}

function tooMany(n: number, max: number): never {
  throw new ServiceError(
    'payload_too_large',
    `the request has ${n} rows; this deployment accepts at most ${max} per request (config maxRows)`,
  );
}

function allocate(layout: FeatureLayout, n: number): (Float32Array | string[])[] {
  return layout.inputs.map((input) =>
    input.type === 'float32'
      ? new Float32Array(n * input.width)
      : new Array<string>(n * input.width).fill(MISSING_CATEGORY),
  );
}

/** Checks one value against its column and writes it; returns an error message or null. */
function put(
  data: (Float32Array | string[])[],
  layout: FeatureLayout,
  slot: FeatureLayout['columns'][number],
  row: number,
  value: unknown,
  allowMissing: boolean,
): string | null {
  const width = layout.inputs[slot.input]!.width;
  const at = row * width + slot.index;
  if (value === null || value === undefined) {
    if (!allowMissing) return 'is missing (null); this deployment does not accept missing values';
    if (slot.kind === 'numeric') (data[slot.input] as Float32Array)[at] = Number.NaN;
    return null;
  }
  if (slot.kind === 'numeric') {
    if (typeof value !== 'number') return `must be a number, got ${typeof value}`;
    // JSON.parse reads 1e999 as Infinity; the graph computes in float32.
    if (!(Math.abs(value) <= FLOAT32_MAX))
      return `must be a finite number within float32 range, got ${value}`;
    (data[slot.input] as Float32Array)[at] = value;
  } else {
    if (typeof value !== 'string') return `must be a string, got ${typeof value}`;
    (data[slot.input] as string[])[at] = value;
  }
  return null;
}

function parseRecords(records: unknown[], layout: FeatureLayout, rules: PayloadRules): ParsedRows {
  const n = records.length;
  if (n > rules.maxRows) tooMany(n, rules.maxRows);
  const data = allocate(layout, n);
  const errors: FieldError[] = [];
  const missing = new Set<string>();
  const extra = new Set<string>();
  for (let r = 0; r < n && errors.length < MAX_NAMED; r++) {
    const record = records[r];
    if (!isObject(record)) {
      errors.push({ path: `records.${r}`, message: 'must be an object of column values' });
      continue;
    }
    let seen = 0;
    for (const slot of layout.columns) {
      if (!(slot.name in record)) {
        missing.add(slot.name);
        continue;
      }
      seen++;
      const problem = put(data, layout, slot, r, record[slot.name], rules.allowMissing);
      if (problem) errors.push({ path: `records.${r}.${slot.name}`, message: problem });
    }
    if (seen !== Object.keys(record).length) {
      for (const key of Object.keys(record)) if (!layout.byName.has(key)) extra.add(key);
    }
  }
  report(missing, extra, errors);
  return { n, data, records: records as Record<string, unknown>[] };
}

function parseColumns(
  columns: Record<string, unknown>,
  layout: FeatureLayout,
  rules: PayloadRules,
): ParsedRows {
  const missing = new Set(layout.columns.map((c) => c.name).filter((name) => !(name in columns)));
  const extra = new Set(Object.keys(columns).filter((name) => !layout.byName.has(name)));
  report(missing, extra, []);
  const errors: FieldError[] = [];
  let n = -1;
  for (const slot of layout.columns) {
    const values = columns[slot.name];
    if (!Array.isArray(values))
      fail(`column '${slot.name}' must be an array`, [
        { path: `columns.${slot.name}`, message: 'must be an array' },
      ]);
    if (n === -1) n = values.length;
    else if (values.length !== n) {
      fail(`every column must have the same length; '${slot.name}' has ${values.length}, expected ${n}`, [
        { path: `columns.${slot.name}`, message: `has ${values.length} values, expected ${n}` },
      ]);
    }
  }
  if (n <= 0) fail('the request has no rows', [{ path: 'columns', message: 'every column is empty' }]);
  if (n > rules.maxRows) tooMany(n, rules.maxRows);
  const data = allocate(layout, n);
  for (const slot of layout.columns) {
    const values = columns[slot.name] as unknown[];
    for (let r = 0; r < n && errors.length < MAX_NAMED; r++) {
      const problem = put(data, layout, slot, r, values[r], rules.allowMissing);
      if (problem) errors.push({ path: `columns.${slot.name}.${r}`, message: problem });
    }
  }
  report(new Set(), new Set(), errors);
  return { n, data, records: columns as Record<string, unknown[]> };
}

function report(missing: Set<string>, extra: Set<string>, errors: FieldError[]): void {
  const parts: string[] = [];
  const all: FieldError[] = [];
  if (missing.size > 0) {
    parts.push(`missing columns: ${[...missing].slice(0, MAX_NAMED).join(', ')}`);
    for (const name of missing) all.push({ path: name, message: 'missing column' });
  }
  if (extra.size > 0) {
    parts.push(`unknown columns: ${[...extra].slice(0, MAX_NAMED).join(', ')}`);
    for (const name of extra) all.push({ path: name, message: 'not a column of the model signature' });
  }
  if (errors.length > 0) {
    parts.push(`invalid values: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    all.push(...errors);
  }
  if (parts.length > 0) fail(parts.join('; '), all);
}

/**
 * Reads a predict body: `{"records": [{...}]}` (one object per row), `{"columns": {"a": [...]}}`
 * (one array per column), or `{"inputs": ...}` holding either form. Every column of the
 * signature must be present, no other, with the signature's type; `null` is a missing value.
 */
export function parsePayload(body: unknown, layout: FeatureLayout, rules: PayloadRules): ParsedRows {
  if (!isObject(body)) {
    fail('send {"records": [{...}]} or {"columns": {"name": [...]}}', [
      { path: 'body', message: 'must be a JSON object' },
    ]);
  }
  const keys = Object.keys(body);
  const given = body.records ?? body.columns ?? body.inputs;
  if (keys.length !== 1 || given === undefined) {
    fail('the body must have exactly one of "records", "columns" or "inputs"', [
      { path: 'body', message: `has ${keys.length ? keys.join(', ') : 'no fields'}` },
    ]);
  }
  if (Array.isArray(given)) {
    if (body.columns !== undefined)
      fail('"columns" must be an object of arrays', [{ path: 'columns', message: 'must be an object' }]);
    if (given.length === 0) fail('the request has no rows', [{ path: keys[0]!, message: 'is empty' }]);
    return parseRecords(given, layout, rules);
  }
  if (isObject(given) && body.records === undefined) return parseColumns(given, layout, rules);
  return fail('"records" must be an array of objects', [{ path: keys[0]!, message: 'has the wrong shape' }]);
}
