import * as ort from 'onnxruntime-node';
import { type ColumnTable, exportModelOnnx, onnxFeeds, type TrainedModel } from '../../src/index.ts';

/** Exports a model, runs it in onnxruntime-node (one thread) and returns its outputs. */
export async function runExported(
  model: TrainedModel,
  table: ColumnTable,
): Promise<Record<string, ort.Tensor>> {
  const { onnx, signature } = exportModelOnnx(model);
  const session = await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1 });
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(onnxFeeds(signature, table)))
    feeds[name] = new ort.Tensor(t.type, t.data, t.dims);
  return session.run(feeds);
}

/** Largest |a - b| / max(1, |b|) over two arrays (relative above 1, absolute below). */
export function maxScaledDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return worst;
}
