import type { ErrorCode, FieldError } from '@baton/contracts';
import { BatonApiError } from '@baton/sdk';

/** Codes the client adds to the server's own: the request never got an answer, or a bad one. */
export type ClientErrorCode = 'network_error' | 'invalid_response';

// Error paths read `body.slug`, `body.roles.0`, `params.username`: the input is the second part.
const fieldOf = (path: string) => path.split('.')[1];

/**
 * An error from the Baton API, carrying the problem+json `code` (stable, for branching) and
 * `detail` (a sentence for people). `fieldErrors` name the input that was wrong.
 */
export class ApiError extends Error {
  readonly code: ErrorCode | ClientErrorCode;
  readonly status: number;
  readonly detail: string;
  readonly fieldErrors: FieldError[];
  readonly requestId: string | undefined;

  constructor(input: {
    code: ErrorCode | ClientErrorCode;
    status: number;
    detail: string;
    fieldErrors?: FieldError[];
    requestId?: string | undefined;
  }) {
    super(input.detail);
    this.name = 'ApiError';
    this.code = input.code;
    this.status = input.status;
    this.detail = input.detail;
    this.fieldErrors = input.fieldErrors ?? [];
    this.requestId = input.requestId;
  }

  /** The message for one input of a form, if the error concerns it. */
  fieldError(field: string): string | undefined {
    return this.fieldErrors.find((e) => fieldOf(e.path) === field)?.message;
  }

  /** Whether the error is only about these inputs, so a form can show it beside them. */
  concernsOnly(fields: readonly string[]): boolean {
    return (
      this.fieldErrors.length > 0 && this.fieldErrors.every((e) => fields.includes(fieldOf(e.path) ?? ''))
    );
  }
}

/** Normalises anything thrown by the client into an ApiError for display. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof BatonApiError) {
    return new ApiError({
      // No answer at all (status 0) is a network failure, not the server saying it is down.
      code: error.status === 0 ? 'network_error' : error.code,
      status: error.status,
      detail: error.detail,
      fieldErrors: error.errors,
      requestId: error.requestId,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ApiError({ code: 'invalid_response', status: 0, detail });
}
