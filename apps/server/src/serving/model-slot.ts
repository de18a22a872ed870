import type { Services } from '@baton/core';
import { findServedVersion } from '@baton/core';
import { type BatcherOptions, MicroBatcher } from './micro-batcher.ts';
import { loadServedModel, type ServedModel } from './served-model.ts';

/** A loaded version and the batcher in front of it. */
export interface ModelSlot {
  readonly model: ServedModel;
  readonly batcher: MicroBatcher;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/**
 * Loads a model version from the metadata store and the artifact store. Throws with a
 * message fit for the health report when the version has no ONNX graph, the graph is
 * missing from the artifact store, or onnxruntime refuses it.
 */
export async function loadSlot(
  services: Services,
  versionId: string,
  batching: BatcherOptions,
): Promise<ModelSlot> {
  const version = await findServedVersion(services.db, versionId);
  if (!version) throw new Error(`model version ${versionId} does not exist`);
  const label = `version ${version.version}`;
  if (!version.onnxDigest) throw new Error(`${label} has no ONNX graph to serve`);
  const stat = await services.artifacts.stat(version.onnxDigest);
  if (!stat)
    throw new Error(
      `${label}: its ONNX graph ${version.onnxDigest.slice(0, 12)} is missing from the artifact store`,
    );
  const bytes = await readAll(await services.artifacts.get(version.onnxDigest));
  let model: ServedModel;
  try {
    model = await loadServedModel(bytes, version.signature, {
      versionId: version.versionId,
      version: version.version,
    });
  } catch (error) {
    throw new Error(`${label} cannot be loaded: ${(error as Error).message}`);
  }
  return { model, batcher: new MicroBatcher(model, batching) };
}

/** Waits for a replaced slot's queued and running calls, then frees its session. */
export async function retireSlot(slot: ModelSlot): Promise<void> {
  await slot.batcher.idle();
  await slot.model.release();
}
