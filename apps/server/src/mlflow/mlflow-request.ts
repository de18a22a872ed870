import { ServiceError } from '@baton/core';

/**
 * An MLflow request's arguments: the query string (repeated keys become lists) merged with
 * the JSON body, which MLflow clients may send on GET and DELETE too.
 */
export type MlflowArgs = Record<string, unknown>;

export function mlflowArgs(query: unknown, body: unknown): MlflowArgs {
  const out: MlflowArgs = {};
  if (query && typeof query === 'object') Object.assign(out, query);
  if (body && typeof body === 'object' && !Array.isArray(body)) Object.assign(out, body);
  else if (body !== undefined && body !== null && body !== '') {
    throw new ServiceError('bad_request', 'the request body must be a JSON object');
  }
  return out;
}

const missing = (name: string) =>
  new ServiceError('bad_request', `Missing value for required parameter '${name}'.`);

export function optionalString(args: MlflowArgs, name: string): string | undefined {
  let v = args[name];
  if (Array.isArray(v)) v = v[v.length - 1];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string')
    throw new ServiceError('bad_request', `Invalid value for parameter '${name}': expected a string.`);
  return v;
}

export function requiredString(args: MlflowArgs, ...names: string[]): string {
  for (const name of names) {
    const v = optionalString(args, name);
    if (v !== undefined && v !== '') return v;
  }
  throw missing(names[0]!);
}

export function optionalInt(args: MlflowArgs, name: string): number | undefined {
  const s = optionalString(args, name);
  if (s === undefined || s === '') return undefined;
  const n = Number(s);
  if (!Number.isSafeInteger(n)) {
    throw new ServiceError(
      'bad_request',
      `Invalid value ${JSON.stringify(s).slice(0, 40)} for parameter '${name}': expected an integer.`,
    );
  }
  return n;
}

export function stringList(args: MlflowArgs, name: string): string[] {
  const v = args[name];
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((item) => {
    if (typeof item !== 'string' && typeof item !== 'number') {
      throw new ServiceError(
        'bad_request',
        `Invalid value for parameter '${name}': expected a list of strings.`,
      );
    }
    return String(item);
  });
}

export function objectList(args: MlflowArgs, name: string): Record<string, unknown>[] {
  const v = args[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((item) => !item || typeof item !== 'object')) {
    throw new ServiceError(
      'bad_request',
      `Invalid value for parameter '${name}': expected a list of objects.`,
    );
  }
  return v as Record<string, unknown>[];
}

const VIEW_TYPES = {
  ACTIVE_ONLY: 'ACTIVE_ONLY',
  DELETED_ONLY: 'DELETED_ONLY',
  ALL: 'ALL',
  '1': 'ACTIVE_ONLY',
  '2': 'DELETED_ONLY',
  '3': 'ALL',
} as const;

export function viewType(args: MlflowArgs, name: string): 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL' {
  const s = optionalString(args, name);
  if (s === undefined || s === '') return 'ACTIVE_ONLY';
  const v = VIEW_TYPES[s as keyof typeof VIEW_TYPES];
  if (!v)
    throw new ServiceError(
      'bad_request',
      `Invalid value '${s}' for parameter '${name}': use ACTIVE_ONLY, DELETED_ONLY or ALL.`,
    );
  return v;
}

/** `[{key, value}]` pairs as a record; a non-string value is refused. */
export function tagRecord(args: MlflowArgs, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of objectList(args, name)) {
    if (typeof t.key !== 'string')
      throw new ServiceError(
        'bad_request',
        `Invalid value for parameter '${name}': each tag needs a string key.`,
      );
    if (typeof t.value !== 'string')
      throw new ServiceError('bad_request', `Invalid value for tag '${t.key}': expected a string.`);
    out[t.key] = t.value;
  }
  return out;
}
