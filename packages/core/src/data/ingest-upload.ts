import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { type DatasetVersion, type IngestOptions, MAX_UPLOAD_BYTES } from '@baton/contracts';
import { requireProject, type ServiceContext } from '../context.ts';
import { commitVersion } from './commit-version.ts';
import { convertToParquet, detectFormat } from './convert-to-parquet.ts';
import { assertDatasetName } from './create-dataset.ts';
import { spool } from './spool.ts';

export interface IngestFileInput {
  dataset: string;
  /** The file's bytes, streamed (an HTTP request body, a file read stream). */
  body: Readable | AsyncIterable<Uint8Array>;
  contentType?: string | undefined;
  filename?: string | undefined;
  options: IngestOptions;
  message?: string | undefined;
  maxBytes?: number;
  kind?: 'upload' | 'artifact';
}

/**
 * Ingests one file as a new dataset version: spooled to disk in bounded memory, read by
 * DuckDB (format, delimiter, quoting, header and encoding detected unless given), written as
 * Parquet, committed. A failure at any step (a cut-off upload included) leaves no version
 * and no temp file behind.
 */
export async function ingestFile({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: IngestFileInput;
}): Promise<DatasetVersion> {
  requireProject(ctx);
  assertDatasetName(input.dataset);
  const file = await spool(input.body, input.maxBytes ?? MAX_UPLOAD_BYTES);
  try {
    const format = detectFormat(file, input.options.format, input.contentType, input.filename);
    const converted = await convertToParquet(file, format, input.options);
    try {
      return await commitVersion(ctx, {
        dataset: input.dataset,
        parquet: converted.parquet,
        message: input.message,
        source: {
          kind: input.kind ?? 'upload',
          format,
          filename: input.filename ?? null,
          options: converted.options,
          skippedRows: converted.skippedRows,
          skippedLines: converted.skippedLines,
          bytes: file.bytes,
        },
      });
    } finally {
      await rm(converted.parquet, { force: true });
    }
  } finally {
    await file.remove();
  }
}
