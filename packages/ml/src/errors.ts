/**
 * Every way a numerics call can refuse its input. The codes are stable: Baton's service
 * layer maps each one to a 4xx problem response, so callers can branch on `code` and never
 * on the message.
 */
export type MlErrorCode =
  /** The target column is absent from the table, or some of its values are missing. */
  | 'target_missing'
  /** The target has a single class (classification) or zero variance (regression). */
  | 'constant_target'
  /** A class has a single example: it cannot appear in both a training and a test fold. */
  | 'single_example_class'
  /** A feature column has no value at all in the training data. */
  | 'all_missing_feature'
  /** A value in a column declared numeric is not a number. */
  | 'non_numeric_value'
  /** A categorical column has more distinct values than the configured cap. */
  | 'too_many_categories'
  /** A buffer is not a readable ONNX model. */
  | 'invalid_onnx'
  /** A declared signature does not match the graph, or an input does not match a signature. */
  | 'signature_mismatch'
  /** A parameter is out of range, or arrays disagree in length. */
  | 'invalid_param';

/**
 * The one error type thrown by `@baton/ml` for bad input. Anything else thrown is a bug.
 *
 * ```ts
 * try {
 *   fitModel({ table, target: 'Class', task: 'classification', learner: { kind: 'gbdt' } });
 * } catch (err) {
 *   if (err instanceof MlError && err.code === 'constant_target') {
 *     // answer 422 with err.message
 *   }
 * }
 * ```
 */
export class MlError extends Error {
  override readonly name = 'MlError';

  constructor(
    readonly code: MlErrorCode,
    message: string,
    /** Machine-readable context, such as the offending column or row. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** Throws `invalid_param` unless `ok`; keeps parameter checks to one line each. */
export function requireParam(ok: boolean, message: string, details?: Record<string, unknown>): void {
  if (!ok) throw new MlError('invalid_param', message, details);
}
