import type { BodyOf, Endpoint, FieldError, ParamsOf, QueryOf, ResponseOf } from '@baton/contracts';
import { ApiError, errorFromResponse } from './api-error.ts';

export const CSRF_HEADER = 'x-baton-csrf';

export interface CallInput<E extends Endpoint> {
  params?: ParamsOf<E>;
  query?: QueryOf<E>;
  body?: BodyOf<E>;
}

export interface ApiClientOptions {
  /** Origin of the server; empty means the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Called when the server says the session is gone, so the app can show the sign-in page. */
  onUnauthenticated?: () => void;
}

export interface ApiClient {
  call<E extends Endpoint>(endpoint: E, input?: CallInput<E>): Promise<ResponseOf<E>>;
  /** The CSRF token of the browser session, from login or whoami; sent on every mutation. */
  setCsrfToken(token: string | null): void;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Fills `:name` segments of a contract path from the params. */
export function buildPath(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === '') {
      throw new Error(`missing path parameter '${name}' for ${template}`);
    }
    return encodeURIComponent(String(value));
  });
}

function queryString(query: Record<string, unknown> | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Checks a request body with the contract before sending it, so forms get field errors at once. */
function checkBody(endpoint: Endpoint, body: unknown): void {
  if (!endpoint.body || body === undefined) return;
  const result = endpoint.body.safeParse(body);
  if (result.success) return;
  const fieldErrors: FieldError[] = result.error.issues.map((issue) => ({
    path: ['body', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = fieldErrors[0];
  throw new ApiError({
    code: 'bad_request',
    status: 400,
    detail: `invalid body: ${first ? `${first.path}: ${first.message}` : 'does not match the contract'}`,
    fieldErrors,
  });
}

/**
 * A typed client for Baton's contract endpoints: it builds the URL from the endpoint, sends
 * the session cookie and CSRF header, and parses the answer with the endpoint's response schema.
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  let csrfToken: string | null = null;

  async function call<E extends Endpoint>(endpoint: E, input: CallInput<E> = {}): Promise<ResponseOf<E>> {
    checkBody(endpoint, input.body);
    const url = `${baseUrl}${buildPath(endpoint.path, input.params as Record<string, unknown>)}${queryString(
      input.query as Record<string, unknown> | undefined,
    )}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (!SAFE_METHODS.has(endpoint.method) && csrfToken) headers[CSRF_HEADER] = csrfToken;
    let body: string | undefined;
    if (input.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(input.body);
    }
    let response: Response;
    try {
      response = await doFetch(url, { method: endpoint.method, headers, body, credentials: 'same-origin' });
    } catch (error) {
      throw new ApiError({
        code: 'network_error',
        status: 0,
        detail: `could not reach the Baton server (${error instanceof Error ? error.message : String(error)})`,
      });
    }
    if (!response.ok) {
      const error = await errorFromResponse(response);
      if (error.code === 'unauthenticated') options.onUnauthenticated?.();
      throw error;
    }
    const json: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
    const parsed = endpoint.response.safeParse(json);
    if (!parsed.success) {
      throw new ApiError({
        code: 'invalid_response',
        status: response.status,
        detail: `the answer of ${endpoint.id} does not match its contract: ${parsed.error.issues[0]?.message ?? ''}`,
      });
    }
    return parsed.data as ResponseOf<E>;
  }

  return {
    call,
    setCsrfToken(token) {
      csrfToken = token;
    },
  };
}
