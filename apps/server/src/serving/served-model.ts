import type { ModelSignature } from '@baton/ml';
import { loadOnnxModel, loadOrt } from '@baton/ml/runtime';
import type { Tensor } from 'onnxruntime-node';
import { type FeatureLayout, featureLayout } from './feature-layout.ts';

/** What one row of a prediction answers: output name to value (probabilities by class). */
export type RowOutput = Record<string, unknown>;

/** One model version loaded into onnxruntime, ready to score batches. */
export interface ServedModel {
  readonly versionId: string;
  readonly version: number;
  readonly layout: FeatureLayout;
  /** Scores `n` rows laid out as `data` (one buffer per layout input). */
  run(data: readonly (Float32Array | string[])[], n: number): Promise<RowOutput[]>;
  release(): Promise<void>;
}

const toPlain = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v);

/** Splits output tensors into one object per row. */
function splitOutputs(
  layout: FeatureLayout,
  result: Record<string, Tensor | undefined>,
  n: number,
): RowOutput[] {
  const rows: RowOutput[] = Array.from({ length: n }, () => ({}));
  for (const name of layout.outputs) {
    const t = result[name];
    if (!t) continue;
    const data = t.data as ArrayLike<unknown>;
    const width = t.dims.length >= 2 ? Number(t.dims[1]) : 1;
    const classes =
      layout.classes && layout.classes.length === width && width > 1 ? layout.classes : undefined;
    for (let r = 0; r < n; r++) {
      const row = rows[r]!;
      if (t.dims.length < 2) row[name] = toPlain(data[r]);
      else if (classes) {
        const byClass: Record<string, unknown> = {};
        for (let k = 0; k < width; k++) byClass[classes[k]!] = toPlain(data[r * width + k]);
        row[name] = byClass;
      } else {
        const values: unknown[] = [];
        for (let k = 0; k < width; k++) values.push(toPlain(data[r * width + k]));
        row[name] = values;
      }
    }
  }
  return rows;
}

/**
 * Loads ONNX bytes (one intra-op thread: measured best for serving) and checks the graph
 * really runs by scoring one all-missing row, so a broken version is refused before it
 * takes traffic.
 */
export async function loadServedModel(
  bytes: Uint8Array,
  signature: ModelSignature | null,
  ids: { versionId: string; version: number },
): Promise<ServedModel> {
  const loaded = await loadOnnxModel(
    bytes,
    signature ? { signature, intraOpNumThreads: 1 } : { intraOpNumThreads: 1 },
  );
  const layout = featureLayout(loaded.signature);
  if (!layout) {
    await loaded.session.release();
    throw new Error('the model signature binds no table columns, so it cannot be served from records');
  }
  const session = loaded.session;
  const ort = await loadOrt();
  const model: ServedModel = {
    ...ids,
    layout,
    async run(data, n) {
      const feeds: Record<string, Tensor> = {};
      layout.inputs.forEach((input, i) => {
        feeds[input.name] = new ort.Tensor(input.type, data[i]!, [n, input.width]);
      });
      const result = await session.run(feeds, layout.outputs as string[]);
      return splitOutputs(layout, result, n);
    },
    release: () => session.release(),
  };
  const probe = layout.inputs.map((input) =>
    input.type === 'float32'
      ? new Float32Array(input.width).fill(Number.NaN)
      : new Array<string>(input.width).fill(''),
  );
  await model.run(probe, 1);
  return model;
}
