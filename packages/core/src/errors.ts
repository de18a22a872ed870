import type { ErrorCode, FieldError } from '@baton/contracts';

/**
 * The one error type services throw. Transports map `code` to their own vocabulary
 * (HTTP status + problem+json, CLI exit code) in one exhaustive place each.
 */
export class ServiceError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[] | undefined;

  constructor(code: ErrorCode, message: string, errors?: FieldError[]) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.errors = errors;
  }
}

export const notFound = (what: string, id: string) =>
  new ServiceError('not_found', `${what} '${id}' does not exist`);
export const forbidden = (message: string) => new ServiceError('forbidden', message);
export const conflict = (message: string) => new ServiceError('conflict', message);
export const badRequest = (message: string, errors?: FieldError[]) =>
  new ServiceError('bad_request', message, errors);
