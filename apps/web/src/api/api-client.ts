import type { BodyOf, Endpoint, FieldError, ParamsOf, QueryOf, ResponseOf } from '@baton/contracts';
import { createBatonClient } from '@baton/sdk';
import { ApiError, asApiError } from './api-error.ts';

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
 * The web UI's client: the SDK's typed transport (URL building, response parsing against the
 * contract, problem+json errors) plus what a browser session needs: the page's own origin,
 * the session cookie, and the CSRF header on every mutation.
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  let csrfToken: string | null = null;
  const sdk = createBatonClient({
    baseUrl: options.baseUrl ?? '',
    timeoutMs: 0,
    fetch: (input, init = {}) => {
      const method = (init.method ?? 'GET').toUpperCase();
      const headers = new Headers(init.headers);
      if (!SAFE_METHODS.has(method) && csrfToken) headers.set(CSRF_HEADER, csrfToken);
      return doFetch(input, { ...init, headers, credentials: 'same-origin' });
    },
  });

  async function call<E extends Endpoint>(endpoint: E, input: CallInput<E> = {}): Promise<ResponseOf<E>> {
    checkBody(endpoint, input.body);
    try {
      return (await sdk.call(endpoint, input as never)) as ResponseOf<E>;
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.code === 'unauthenticated') options.onUnauthenticated?.();
      throw apiError;
    }
  }

  return {
    call,
    setCsrfToken(token) {
      csrfToken = token;
    },
  };
}
