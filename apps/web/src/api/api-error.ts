import { type ErrorCode, type FieldError, problemSchema } from '@baton/contracts';

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

/** Turns a failed response into an ApiError: problem+json when the server sent one. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const problem = problemSchema.safeParse(json);
  if (problem.success) {
    return new ApiError({
      code: problem.data.code,
      status: problem.data.status,
      detail: problem.data.detail,
      fieldErrors: problem.data.errors,
      requestId: problem.data.requestId,
    });
  }
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  return new ApiError({
    code: response.status >= 500 ? 'internal' : 'invalid_response',
    status: response.status,
    detail: `the server answered ${response.status}${statusText} without problem details`,
  });
}

/** Normalises anything thrown by the client into an ApiError for display. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ApiError({ code: 'invalid_response', status: 0, detail });
}
