import type { DatasetVersion, IngestOptions } from '@baton/contracts';
import type { ServiceContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { ingestFile } from '../ingest-upload.ts';

/** A version from a file already in the artifact store, read like an upload. */
export async function importFromArtifact({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { dataset: string; digest: string; options: IngestOptions; message?: string | undefined };
}): Promise<DatasetVersion> {
  const digest = input.digest.replace(/^sha256:/, '');
  if (!(await ctx.services.artifacts.stat(digest))) throw notFound('artifact', digest);
  return ingestFile({
    ctx,
    input: {
      dataset: input.dataset,
      body: await ctx.services.artifacts.get(digest),
      filename: `sha256:${digest}`,
      options: input.options,
      message: input.message,
      kind: 'artifact',
    },
  });
}
