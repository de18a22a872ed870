import { type ColumnTable, findColumn, MlError, type ModelSignature } from '@baton/ml';
import { loadOnnxModel, runOnnxModel } from '@baton/ml/runtime';
import { classificationEvaluation, type EvaluationOutput, regressionEvaluation } from './evaluation.ts';

const isFloat = (t: { elemType: string }) => t.elemType === 'float' || t.elemType === 'double';

/**
 * Scores an ONNX model on a table in onnxruntime, exactly as serving will run it, and
 * evaluates it against the target column. The signature must bind table columns to the
 * graph's inputs; classification needs its class list (Baton's own graphs carry both).
 */
export async function scoreWithOnnx(
  bytes: Uint8Array,
  signature: ModelSignature,
  table: ColumnTable,
  target: string,
  context: Record<string, unknown>,
): Promise<EvaluationOutput> {
  if (!signature.columns || signature.columns.length === 0) {
    throw new MlError(
      'signature_mismatch',
      'The signature binds no table columns to the graph inputs; declare "columns" to evaluate it',
    );
  }
  const truth = findColumn(table, target);
  if (!truth)
    throw new MlError('target_missing', `The target column "${target}" is not in the data`, {
      column: target,
    });
  const loaded = await loadOnnxModel(bytes, { signature });
  const out = await runOnnxModel(loaded, table);
  const floats = signature.outputs.filter((o) => o.kind === 'tensor' && isFloat(o));
  const classes = signature.classes;
  if (signature.task === 'regression' || !classes) {
    const output = floats.find((o) => o.name === 'prediction') ?? floats[0];
    const data = output ? out[output.name]?.data : undefined;
    if (!output || !(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new MlError('signature_mismatch', 'The model has no float output to score as a regression');
    }
    if (truth.kind !== 'numeric')
      throw new MlError('non_numeric_value', `A regression target must be numeric; "${target}" is not`);
    return regressionEvaluation(truth.values, data, context);
  }
  const output = floats.find((o) => o.name === 'probabilities') ?? floats.find((o) => o.shape.length === 2);
  const probabilities = output ? out[output.name] : undefined;
  const data = probabilities?.data;
  if (
    !probabilities ||
    !(data instanceof Float32Array || data instanceof Float64Array) ||
    probabilities.dims[1] !== classes.length
  ) {
    throw new MlError(
      'signature_mismatch',
      `The model has no [N, ${classes.length}] probability output for its classes`,
    );
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const yTrue = new Int32Array(table.rowCount);
  for (let i = 0; i < table.rowCount; i++) {
    const raw = truth.values[i];
    const label =
      raw === null || raw === undefined || (typeof raw === 'number' && Number.isNaN(raw))
        ? null
        : String(raw);
    const k = label === null ? undefined : index.get(label);
    if (k === undefined) {
      throw new MlError(
        'target_missing',
        `Row ${i} of "${target}" holds ${label === null ? 'no value' : `"${label}"`}, not one of the model's classes`,
        {
          column: target,
          row: i,
        },
      );
    }
    yTrue[i] = k;
  }
  return classificationEvaluation(yTrue, Float64Array.from(data), classes, context);
}
