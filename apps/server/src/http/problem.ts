import { type ErrorCode, type FieldError, PROBLEM_CONTENT_TYPE, type Problem } from '@baton/contracts';
import { ServiceError } from '@baton/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The one place an error code becomes an HTTP status. Exhaustive: a new code fails to compile. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'bad_request':
    case 'invalid_json':
    case 'invalid_onnx':
    case 'signature_mismatch':
      return 400;
    case 'unauthenticated':
    case 'invalid_credentials':
    case 'token_expired':
    case 'token_revoked':
      return 401;
    case 'csrf_failed':
    case 'forbidden':
      return 403;
    case 'not_found':
    case 'route_not_found':
      return 404;
    case 'method_not_allowed':
      return 405;
    case 'conflict':
      return 409;
    case 'precondition_failed':
      return 412;
    case 'gates_failed':
      return 422;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const MAX_URL_IN_PROBLEM = 200;
/** The request path, cut short: a problem must not echo a huge URL back. */
export const shortPath = (url: string): string => {
  const path = url.split('?')[0] ?? '';
  return path.length > MAX_URL_IN_PROBLEM ? `${path.slice(0, MAX_URL_IN_PROBLEM)}...` : path;
};

/** What a problem needs of its request (the serving fast path has no Fastify request). */
export type ProblemRequest = Pick<FastifyRequest, 'url' | 'id'>;

export function problemOf(
  code: ErrorCode,
  detail: string,
  request: ProblemRequest,
  errors?: FieldError[],
): Problem {
  const status = statusOf(code);
  return {
    type: `https://baton.dev/problems/${code.replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    instance: shortPath(request.url),
    requestId: request.id,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message: string;
}

/** Maps anything thrown during a request to a problem; unknown errors become `internal`. */
export function problemFromError(error: unknown, request: ProblemRequest): Problem {
  if (error instanceof ServiceError) return problemOf(error.code, error.message, request, error.errors);
  const e = error as FastifyLikeError;
  switch (e?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problemOf('invalid_json', `the request body is not valid JSON: ${e.message}`, request);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problemOf('invalid_json', 'the request says it carries JSON but the body is empty', request);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemOf('payload_too_large', 'the request body is larger than this endpoint accepts', request);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problemOf('unsupported_media_type', `unsupported request body: ${e.message}`, request);
  }
  if (e instanceof SyntaxError)
    return problemOf('invalid_json', `the request body is not valid JSON: ${e.message}`, request);
  const status = e?.statusCode;
  if (status === 413) return problemOf('payload_too_large', e.message, request);
  if (status === 415) return problemOf('unsupported_media_type', e.message, request);
  if (status !== undefined && status >= 400 && status < 500)
    return problemOf('bad_request', e.message, request);
  return problemOf(
    'internal',
    'an internal error occurred; the request id identifies it in the server log',
    request,
  );
}
