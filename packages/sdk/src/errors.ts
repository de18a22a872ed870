import { ERROR_CODES, type ErrorCode, type FieldError, type Problem, problemSchema } from '@baton/contracts';

/**
 * Every failed call of the SDK throws a `BatonApiError`: a problem+json answer of the server,
 * a network failure (`code: 'unavailable'`, `status: 0`), or a response that breaks the
 * contract (`code: 'internal'`). Branch on `code`, which is stable; `detail` is for people.
 *
 * ```ts
 * try {
 *   await client.projects.get('credit-risk');
 * } catch (error) {
 *   if (error instanceof BatonApiError && error.code === 'not_found') console.log('no such project');
 *   else throw error;
 * }
 * ```
 */
export class BatonApiError extends Error {
  override readonly name = 'BatonApiError';
  /** The HTTP status, or 0 when no answer came back (network failure, timeout). */
  readonly status: number;
  /** Baton's stable error code. */
  readonly code: ErrorCode;
  /** A sentence saying what went wrong, for people. */
  readonly detail: string;
  /** Field-level errors of a `bad_request`: `{ path: 'body.slug', message: '...' }`. */
  readonly errors: FieldError[];
  /** The server's request id (also in its log); quote it when reporting a problem. */
  readonly requestId: string | undefined;
  /** The full problem document as received (or as made up for a network failure). */
  readonly problem: Problem;
  readonly method: string;
  readonly url: string;

  constructor(problem: Problem, request: { method: string; url: string }, options?: { cause?: unknown }) {
    super(problem.detail, options);
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.requestId = problem.requestId;
    this.problem = problem;
    this.method = request.method;
    this.url = request.url;
  }
}

const TITLES: Record<string, string> = {
  bad_request: 'Bad Request',
  unauthenticated: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not Found',
  conflict: 'Conflict',
  unavailable: 'Service Unavailable',
  internal: 'Internal Server Error',
};

/** A problem document for a failure the server did not describe itself. */
export function localProblem(code: ErrorCode, status: number, detail: string): Problem {
  return {
    type: `https://baton.dev/problems/${code.replaceAll('_', '-')}`,
    title: TITLES[code] ?? 'Error',
    status,
    detail,
    code,
  };
}

/** The code a bare HTTP status stands for, when the body is not a problem (a proxy's error page). */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 409:
      return 'conflict';
    case 412:
      return 'precondition_failed';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 502:
    case 503:
    case 504:
      return 'unavailable';
    default:
      return status >= 400 && status < 500 ? 'bad_request' : 'internal';
  }
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/**
 * Reads an error body into a problem. A newer server may send a code this SDK does not know;
 * the status then decides, and the detail is kept.
 */
export function problemFromBody(status: number, statusText: string, body: unknown, url: string): Problem {
  const parsed = problemSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const loose = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const code =
    typeof loose.code === 'string' && KNOWN_CODES.has(loose.code)
      ? (loose.code as ErrorCode)
      : codeForStatus(status);
  const detail =
    typeof loose.detail === 'string' ? loose.detail : `HTTP ${status} ${statusText} from ${url}`.trim();
  return {
    ...localProblem(code, status, detail),
    ...(typeof loose.requestId === 'string' ? { requestId: loose.requestId } : {}),
  };
}
