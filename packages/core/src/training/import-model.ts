import type { Readable } from 'node:stream';
import { type ImportedModel, modelSignatureSchema } from '@baton/contracts';
import type { ModelSignature } from '@baton/ml';
import { loadOnnxModel } from '@baton/ml/runtime';
import { inTransaction, type ServiceContext } from '../context.ts';
import { ServiceError } from '../errors.ts';
import { createRun } from '../tracking/create-run.ts';
import { logBatch } from '../tracking/log-batch.ts';
import { updateRun } from '../tracking/update-run.ts';
import { ensureExperiment } from './open-training-run.ts';
import { putBytes, putJson, serviceErrorOf } from './run-output.ts';

export interface ImportModelInput {
  body: Readable;
  maxBytes: number;
  experiment: string;
  name?: string | undefined;
  /** The signature as JSON text; the graph's own when absent. */
  signature?: string | undefined;
  framework?: string | undefined;
}

async function readAll(body: Readable, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > maxBytes)
      throw new ServiceError('payload_too_large', `the model is larger than ${maxBytes} bytes`);
    chunks.push(buf);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function parseSignature(text: string): ModelSignature {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ServiceError('signature_mismatch', `the signature is not JSON: ${(error as Error).message}`);
  }
  const parsed = modelSignatureSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ServiceError('signature_mismatch', `the signature is malformed: ${problems.join('; ')}`);
  }
  return parsed.data as ModelSignature;
}

/**
 * Brings in a model trained elsewhere: the bytes must load in onnxruntime (`invalid_onnx`
 * otherwise) and a declared signature must match the graph (`signature_mismatch` naming each
 * problem). A FINISHED run tagged `baton.source=external` holds `model.onnx` and
 * `signature.json` (the graph's own when none is declared).
 */
export async function importModel({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ImportModelInput;
}): Promise<ImportedModel> {
  const bytes = await readAll(input.body, input.maxBytes);
  const declared = input.signature ? parseSignature(input.signature) : undefined;
  let loaded: Awaited<ReturnType<typeof loadOnnxModel>>;
  try {
    loaded = await loadOnnxModel(bytes, declared ? { signature: declared } : {});
  } catch (error) {
    throw serviceErrorOf(error);
  }
  await loaded.session.release();
  const info = loaded.info;
  const experiment = await ensureExperiment(ctx, input.experiment);
  return inTransaction(ctx, async (ctx) => {
    const run = await createRun({
      ctx,
      input: {
        experiment: experiment.id,
        name: input.name,
        tags: {
          'baton.source': 'external',
          ...(input.framework ? { 'baton.framework': input.framework } : {}),
          'baton.onnx.producer': `${info.producerName} ${info.producerVersion}`.trim().slice(0, 500),
        },
      },
    });
    const id = run.info.id;
    await putBytes(ctx, id, 'model.onnx', bytes);
    await putJson(ctx, id, 'signature.json', loaded.signature);
    await logBatch({
      ctx,
      input: {
        run: id,
        params: [
          { key: 'signature_source', value: declared ? 'declared' : 'graph' },
          { key: 'onnx_opsets', value: JSON.stringify(info.opsets) },
        ],
      },
    });
    await updateRun({ ctx, input: { run: id, status: 'FINISHED' } });
    return {
      runId: id,
      experimentId: experiment.id,
      signature: loaded.signature as ImportedModel['signature'],
      signatureSource: declared ? 'declared' : 'graph',
      operators: [...info.operators],
      opsets: { ...info.opsets },
      producer: `${info.producerName} ${info.producerVersion}`.trim(),
    };
  });
}
