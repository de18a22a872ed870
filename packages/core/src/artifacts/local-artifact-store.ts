import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { badRequest, notFound, ServiceError } from '../errors.ts';
import { FILE_BUFFER_BYTES } from '../file-buffers.ts';
import type { ArtifactRef, ArtifactStore, PutOptions } from './artifact-store.ts';

/** An artifact store kept in a folder on the local disk. */
export interface LocalArtifactStore extends ArtifactStore {
  /** Absolute path of the folder holding `objects/` and `tmp/`. */
  readonly root: string;
}

const DIGEST = /^[0-9a-f]{64}$/;
const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Opens (creating if needed) a content-addressed store under `root`: objects live at
 * `objects/ab/cdef…` by sha256, in-flight writes under `tmp/`. Temp files a crash left
 * behind more than an hour ago are removed.
 */
export async function createLocalArtifactStore(root: string): Promise<LocalArtifactStore> {
  const base = resolve(root);
  const objectsDir = join(base, 'objects');
  const tmpDir = join(base, 'tmp');
  await mkdir(objectsDir, { recursive: true });
  await mkdir(tmpDir, { recursive: true });
  await removeStaleTempFiles(tmpDir, Date.now() - STALE_TEMP_MS);

  const objectPath = (digest: string) => {
    assertDigest(digest);
    return join(objectsDir, digest.slice(0, 2), digest.slice(2));
  };
  const tempPath = () => join(tmpDir, `${randomUUID()}.part`);

  /** Has `fill` write and hash a fresh temp file, checks the promised digest and moves the file into place. */
  const storeVia = async (
    { expectedDigest, maxBytes }: PutOptions,
    fill: (temp: string) => Promise<ArtifactRef>,
  ): Promise<ArtifactRef> => {
    if (expectedDigest !== undefined) assertDigest(expectedDigest);
    if (maxBytes !== undefined && !isOffset(maxBytes)) {
      throw badRequest(`maxBytes must be a non-negative integer, got ${maxBytes}`);
    }
    const temp = tempPath();
    try {
      const ref = await fill(temp);
      if (expectedDigest !== undefined && ref.digest !== expectedDigest) {
        throw badRequest(`content digest ${ref.digest} does not match expected ${expectedDigest}`);
      }
      await moveIntoPlace(temp, objectPath(ref.digest));
      return ref;
    } finally {
      // After a successful rename this finds nothing; after a dedupe or an error it clears the leftover.
      await rm(temp, { force: true });
    }
  };

  return {
    root: base,
    uri: pathToFileURL(base).href,

    put: (source, options = {}) => storeVia(options, (temp) => writeTemp(source, temp, options)),

    async putFile(path, options = {}) {
      try {
        // Into tmp/ first: a rename within the store is atomic, and a file on another disk is
        // copied there once (hashed on the way) rather than read twice.
        return await storeVia(options, async (temp) => {
          try {
            await rename(path, temp);
          } catch (error) {
            if (!isCode(error, 'EXDEV')) throw error;
            return writeTemp(createReadStream(path, { highWaterMark: FILE_BUFFER_BYTES }), temp, options);
          }
          return hashFile(temp, options);
        });
      } finally {
        await rm(path, { force: true });
      }
    },

    async get(digest, range = {}) {
      const path = objectPath(digest);
      const start = range.start ?? 0;
      const end = range.end ?? Number.POSITIVE_INFINITY;
      if (!isOffset(start) || !(end === Number.POSITIVE_INFINITY || isOffset(end)) || end < start) {
        throw badRequest(`invalid byte range ${start}..${range.end ?? ''}`);
      }
      // Open before returning so a missing object is a not_found here, not a later stream error.
      const handle = await open(path, 'r').catch((error: unknown) => {
        throw isCode(error, 'ENOENT') ? notFound('artifact', digest) : error;
      });
      if (end === start) {
        await handle.close();
        return Readable.from([]);
      }
      // The interface's `end` is exclusive; fs's is inclusive.
      return handle.createReadStream({ start, end: end === Number.POSITIVE_INFINITY ? undefined : end - 1 });
    },

    async stat(digest) {
      const path = objectPath(digest);
      try {
        return { digest, size: (await stat(path)).size };
      } catch (error) {
        if (isCode(error, 'ENOENT')) return null;
        throw error;
      }
    },

    async delete(digest) {
      const path = objectPath(digest);
      try {
        await unlink(path);
        return true;
      } catch (error) {
        if (isCode(error, 'ENOENT')) return false;
        throw error;
      }
    },

    async check() {
      const probe = join(tmpDir, `probe-${randomUUID()}`);
      await writeFile(probe, 'ok', { flag: 'wx' });
      await rm(probe, { force: true });
    },
  };
}

/** Streams `source` into a new file at `temp`, hashing and counting as it goes, and fsyncs it. */
async function writeTemp(
  source: Readable | AsyncIterable<Uint8Array> | Uint8Array,
  temp: string,
  { maxBytes }: PutOptions,
): Promise<ArtifactRef> {
  const hash = createHash('sha256');
  let size = 0;
  const input =
    source instanceof Readable ? source : Readable.from(source instanceof Uint8Array ? [source] : source);
  const sink = createWriteStream(temp, { flags: 'wx', flush: true, highWaterMark: FILE_BUFFER_BYTES });
  try {
    await pipeline(
      input,
      async function* (chunks: AsyncIterable<unknown>) {
        for await (const chunk of chunks) {
          if (!(chunk instanceof Uint8Array)) throw new TypeError('artifact content must be bytes, not text');
          size += chunk.byteLength;
          if (maxBytes !== undefined && size > maxBytes) {
            throw tooLarge(maxBytes);
          }
          hash.update(chunk);
          yield chunk;
        }
      },
      sink,
    );
  } catch (error) {
    // pipeline destroys the file stream on error, but the stream may still be opening the
    // file; wait for it to close so the caller's clean-up finds (and removes) the temp file.
    if (!sink.closed) await once(sink, 'close').catch(() => undefined);
    throw error;
  }
  return { digest: hash.digest('hex'), size };
}

const tooLarge = (maxBytes: number) =>
  new ServiceError('payload_too_large', `artifact exceeds the limit of ${maxBytes} bytes`);

/** Hashes a file already in tmp/, checks its size and makes its content durable. */
async function hashFile(temp: string, { maxBytes }: PutOptions): Promise<ArtifactRef> {
  const handle = await open(temp, 'r');
  try {
    const { size } = await handle.stat();
    if (maxBytes !== undefined && size > maxBytes) {
      throw tooLarge(maxBytes);
    }
    const hash = createHash('sha256');
    // The flush to disk runs while the content is read and hashed (its failure is kept for
    // below, so a read error first leaves no unhandled rejection behind).
    const synced = handle.sync().then(
      () => null,
      (error: unknown) => error,
    );
    for await (const chunk of handle.createReadStream({
      highWaterMark: FILE_BUFFER_BYTES,
      autoClose: false,
    })) {
      hash.update(chunk as Buffer);
    }
    const syncError = await synced;
    if (syncError !== null) throw syncError;
    return { digest: hash.digest('hex'), size };
  } finally {
    await handle.close();
  }
}

/** Renames a finished temp file to its object path, unless an identical object is already there. */
async function moveIntoPlace(temp: string, target: string): Promise<void> {
  if (await exists(target)) return;
  const dir = dirname(target);
  const created = await mkdir(dir, { recursive: true });
  try {
    await rename(temp, target);
  } catch (error) {
    // A concurrent put of the same content may hold the target open (Windows refuses the rename then).
    if (await exists(target)) return;
    throw error;
  }
  await syncDirectory(dir);
  if (created !== undefined) await syncDirectory(dirname(dir));
}

/** Makes a rename durable; platforms that cannot fsync a directory (Windows) skip it. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch((error: unknown) => {
    if (isCode(error, 'EISDIR', 'EPERM', 'EACCES')) return null;
    throw error;
  });
  if (handle === null) return;
  try {
    await handle.sync();
  } catch (error) {
    if (!isCode(error, 'EINVAL', 'ENOTSUP', 'EPERM', 'EBADF')) throw error;
  } finally {
    await handle.close();
  }
}

/** Removes temp files not written to since `before` (ms); an upload in progress keeps its mtime fresh. */
async function removeStaleTempFiles(tmpDir: string, before: number): Promise<void> {
  for (const name of await readdir(tmpDir)) {
    const path = join(tmpDir, name);
    const info = await stat(path).catch(() => null);
    if (info !== null && info.mtimeMs < before) await rm(path, { recursive: true, force: true });
  }
}

function assertDigest(digest: string): void {
  // Exactly 64 lower-case hex chars: this also keeps every path inside the store.
  if (typeof digest !== 'string' || !DIGEST.test(digest)) {
    throw badRequest(
      `'${String(digest).slice(0, 80)}' is not a sha256 digest (64 lower-case hex characters)`,
    );
  }
}

const isOffset = (n: number) => Number.isSafeInteger(n) && n >= 0;

const exists = (path: string) =>
  stat(path).then(
    () => true,
    (error: unknown) => {
      if (isCode(error, 'ENOENT')) return false;
      throw error;
    },
  );

const isCode = (error: unknown, ...codes: string[]) =>
  error instanceof Error && codes.includes((error as NodeJS.ErrnoException).code ?? '');
