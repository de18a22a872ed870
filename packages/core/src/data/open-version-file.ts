import type { Readable } from 'node:stream';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { findDataset, findVersion } from './dataset-repo.ts';

/** A version's Parquet file as a stream, for download. */
export async function openVersionFile({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { dataset: string; version: string };
}): Promise<{ stream: Readable; size: number; filename: string }> {
  const db = executor(ctx);
  const dataset = await findDataset(db, requireProject(ctx).id, input.dataset);
  const version = await findVersion(db, dataset, input.version);
  return {
    stream: await ctx.services.artifacts.get(version.digest),
    size: Number(version.size_bytes),
    filename: `${dataset.name}-v${version.number}.parquet`,
  };
}
