import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ArtifactStore } from '../artifacts/artifact-store.ts';
import { FILE_BUFFER_BYTES } from '../file-buffers.ts';
import { workFile } from './spool.ts';

/** A local path to an artifact's content, and what to call when done with it. */
export interface LocalFile {
  path: string;
  release(): Promise<void>;
}

/**
 * DuckDB reads files by path. A local-folder store already has one; any other store (S3)
 * is copied into the work folder first and removed on release.
 */
export async function localFileOf(store: ArtifactStore, digest: string): Promise<LocalFile> {
  const root = (store as { root?: unknown }).root;
  if (typeof root === 'string' && (await store.stat(digest))) {
    return { path: path.join(root, 'objects', digest.slice(0, 2), digest.slice(2)), release: async () => {} };
  }
  const file = await workFile('.artifact');
  await pipeline(
    await store.get(digest),
    createWriteStream(file, { flags: 'wx', highWaterMark: FILE_BUFFER_BYTES }),
  );
  return { path: file, release: () => rm(file, { force: true }) };
}
