import type { ErrorCode } from '@baton/contracts';
import { ServiceError } from '@baton/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** MLflow's error body: `{ error_code, message }`. */
export interface MlflowErrorBody {
  error_code: string;
  message: string;
}

// One exhaustive mapping from Baton's codes to MLflow's (databricks_pb2 ErrorCode names).
const MLFLOW_CODES: Record<ErrorCode, { code: string; status: number }> = {
  bad_request: { code: 'INVALID_PARAMETER_VALUE', status: 400 },
  invalid_json: { code: 'MALFORMED_REQUEST', status: 400 },
  unsupported_media_type: { code: 'BAD_REQUEST', status: 415 },
  payload_too_large: { code: 'INVALID_PARAMETER_VALUE', status: 413 },
  unauthenticated: { code: 'UNAUTHENTICATED', status: 401 },
  invalid_credentials: { code: 'UNAUTHENTICATED', status: 401 },
  token_expired: { code: 'UNAUTHENTICATED', status: 401 },
  token_revoked: { code: 'UNAUTHENTICATED', status: 401 },
  csrf_failed: { code: 'PERMISSION_DENIED', status: 403 },
  forbidden: { code: 'PERMISSION_DENIED', status: 403 },
  not_found: { code: 'RESOURCE_DOES_NOT_EXIST', status: 404 },
  route_not_found: { code: 'ENDPOINT_NOT_FOUND', status: 404 },
  method_not_allowed: { code: 'ENDPOINT_NOT_FOUND', status: 405 },
  conflict: { code: 'RESOURCE_ALREADY_EXISTS', status: 400 },
  precondition_failed: { code: 'INVALID_STATE', status: 400 },
  invalid_onnx: { code: 'INVALID_PARAMETER_VALUE', status: 400 },
  signature_mismatch: { code: 'INVALID_PARAMETER_VALUE', status: 400 },
  gates_failed: { code: 'INVALID_STATE', status: 400 },
  unavailable: { code: 'TEMPORARILY_UNAVAILABLE', status: 503 },
  internal: { code: 'INTERNAL_ERROR', status: 500 },
};

/** An error raised by the MLflow layer itself with an MLflow code. */
export class MlflowError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const invalidParameter = (message: string) => new ServiceError('bad_request', message);

function classify(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof ServiceError || error instanceof MlflowError)
    return { code: error.code, message: error.message };
  const fastify = error as Partial<FastifyError>;
  if (fastify.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return { code: 'payload_too_large', message: 'the request body is too large' };
  if (fastify.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return { code: 'unsupported_media_type', message: fastify.message ?? 'unsupported media type' };
  if (fastify.statusCode === 400 || error instanceof SyntaxError) {
    return { code: 'invalid_json', message: `malformed request: ${fastify.message ?? 'invalid JSON'}` };
  }
  return { code: 'internal', message: 'internal error' };
}

/** Sends any error as MLflow's `{ error_code, message }` with the matching status. */
export function sendMlflowError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const { code, message } = classify(error);
  const mapped = MLFLOW_CODES[code];
  if (mapped.status >= 500) request.log.error({ err: error }, 'mlflow request failed');
  if (mapped.status === 401) reply.header('www-authenticate', 'Basic realm="mlflow"');
  const body: MlflowErrorBody = { error_code: mapped.code, message };
  return reply.code(mapped.status).type('application/json').send(body);
}
