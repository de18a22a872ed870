import type { BodyOf, Endpoint, ParamsOf, QueryOf, ResponseOf } from '@baton/contracts';
import { BatonApiError, localProblem, problemFromBody } from './errors.ts';

/** What every call needs: where the server is and how to reach it. */
export interface Transport {
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  /** Sent on every request (authorization, cookies, user agent). */
  headers: Record<string, string>;
  /** 0 waits forever. */
  timeoutMs: number;
}

// An endpoint without a schema for a part is typed with `z.ZodType`, whose input is unknown.
type ParamsPart<E> = unknown extends ParamsOf<E> ? { params?: undefined } : { params: ParamsOf<E> };
type QueryPart<E> = unknown extends QueryOf<E> ? { query?: undefined } : { query?: QueryValues<QueryOf<E>> };

/** Coerced query fields (`z.coerce.number()`) take unknown input; a query string holds scalars. */
export type QueryValues<Q> = { [K in keyof Q]: unknown extends Q[K] ? string | number | boolean : Q[K] };
type BodyPart<E> =
  unknown extends BodyOf<E>
    ? { body?: undefined }
    : undefined extends BodyOf<E>
      ? { body?: BodyOf<E> }
      : { body: BodyOf<E> };

/** The path parameters, query and body of one call, typed from the endpoint's contract. */
export type CallInput<E extends Endpoint> = ParamsPart<E> &
  QueryPart<E> &
  BodyPart<E> & {
    /** Aborts the request; the SDK then rethrows the abort error unchanged. */
    signal?: AbortSignal;
  };

/** The input may be left out when the endpoint needs nothing. */
export type CallArgs<E extends Endpoint> =
  Record<string, never> extends CallInput<E> ? [input?: CallInput<E>] : [input: CallInput<E>];

interface LooseInput {
  params?: Record<string, unknown> | undefined;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/** `/api/v1/projects/:project` with `{ project: 'a b' }` becomes `/api/v1/projects/a%20b`. */
export function buildPath(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === '') {
      throw new TypeError(`the path ${path} needs the parameter '${name}'`);
    }
    return encodeURIComponent(String(value));
  });
}

export function buildQuery(query: Record<string, unknown> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

type RequestInfo = { method: string; url: string };

/** The error for a request that got no answer at all (refused, reset, DNS). */
export const unreachableError = (request: RequestInfo, error: unknown): BatonApiError =>
  new BatonApiError(
    localProblem('unavailable', 0, `could not reach Baton at ${request.url}: ${describeNetworkError(error)}`),
    request,
    { cause: error },
  );

/** The error for a non-2xx answer: the server's problem+json, or one made from the status. */
export async function failureOf(response: Response, request: RequestInfo): Promise<BatonApiError> {
  const json = await readJson(response);
  const problem = problemFromBody(
    response.status,
    response.statusText,
    json.ok ? json.value : undefined,
    request.url,
  );
  return new BatonApiError(problem, request);
}

async function readJson(response: Response): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = await response.text();
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * Sends one contract call and parses the answer with the endpoint's response schema (the
 * `zodfetch` pattern): the caller gets typed data or a `BatonApiError`, never a raw response.
 */
export async function send<E extends Endpoint>(
  transport: Transport,
  endpoint: E,
  input: CallInput<E> | undefined,
): Promise<{ data: ResponseOf<E>; response: Response }> {
  const { params, query, body, signal } = (input ?? {}) as LooseInput;
  const url = `${transport.baseUrl}${buildPath(endpoint.path, params)}${buildQuery(query)}`;
  const request = { method: endpoint.method, url };
  const headers: Record<string, string> = { accept: 'application/json', ...transport.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const timeout = transport.timeoutMs > 0 ? AbortSignal.timeout(transport.timeoutMs) : undefined;
  const signals = [signal, timeout].filter((s): s is AbortSignal => s !== undefined);

  let response: Response;
  try {
    response = await transport.fetch(url, {
      method: endpoint.method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (!timeout?.aborted) throw unreachableError(request, error);
    const detail = `Baton at ${url} did not answer within ${transport.timeoutMs} ms`;
    throw new BatonApiError(localProblem('unavailable', 0, detail), request, { cause: error });
  }

  if (!response.ok) throw await failureOf(response, request);
  const json = await readJson(response);
  if (!json.ok) {
    const detail = `${endpoint.method} ${url} answered ${response.status} with a body that is not JSON`;
    throw new BatonApiError(localProblem('internal', response.status, detail), request);
  }
  const parsed = endpoint.response.safeParse(json.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unknown';
    const detail = `the answer of ${endpoint.id} does not match the contract (${where}); is the server another Baton version?`;
    throw new BatonApiError(localProblem('internal', response.status, detail), request, {
      cause: parsed.error,
    });
  }
  return { data: parsed.data as ResponseOf<E>, response };
}
