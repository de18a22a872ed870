import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalArtifactStore, type LocalArtifactStore } from '../../src/artifacts/index.ts';
import { ServiceError } from '../../src/errors.ts';

/** /dev/shm on another file system than the temp folder: a rename between them fails with EXDEV. */
const shmIsOtherDisk = await stat('/dev/shm')
  .then(async (shm) => shm.dev !== (await stat(tmpdir())).dev)
  .catch(() => false);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every file under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

async function expectServiceError(promise: Promise<unknown>, code: ServiceError['code']): Promise<void> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).code).toBe(code);
}

describe('local artifact store', () => {
  let base: string;
  let store: LocalArtifactStore;
  /** Writes `content` to `file`, puts the file in, and checks what is stored and what is left. */
  const expectMovedIn = async (file: string, content: Buffer) => {
    await writeFile(file, content);
    const ref = await store.putFile(file);
    expect(ref).toEqual({ digest: sha256(content), size: content.length });
    expect((await readAll(await store.get(ref.digest))).equals(content)).toBe(true);
    await expect(stat(file)).rejects.toThrow('ENOENT');
    expect(await readdir(join(store.root, 'tmp'))).toEqual([]);
    return ref;
  };
  const nothingLeft = async () => {
    expect(await filesUnder(join(store.root, 'objects'))).toEqual([]);
    expect(await readdir(join(store.root, 'tmp'))).toEqual([]);
  };

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'baton-artifacts-'));
    store = await createLocalArtifactStore(join(base, 'store'));
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('round-trips content under its sha256 in a two-character fan-out', async () => {
    const content = Buffer.from('weights of a small model\n');
    const ref = await store.put(content);
    expect(ref).toEqual({ digest: sha256(content), size: content.length });
    expect(await filesUnder(join(store.root, 'objects'))).toEqual([
      join(ref.digest.slice(0, 2), ref.digest.slice(2)),
    ]);
    expect(await readAll(await store.get(ref.digest))).toEqual(content);
    expect(await store.stat(ref.digest)).toEqual(ref);
    expect(await readdir(join(store.root, 'tmp'))).toEqual([]);
    expect(store.uri).toBe(`file://${store.root}`);
  });

  it('accepts a Readable, an async iterable and a Uint8Array alike', async () => {
    const parts = [Buffer.from('alpha '), Buffer.from('beta '), Buffer.from('gamma')];
    const whole = Buffer.concat(parts);
    async function* iterable() {
      yield* parts;
    }
    const refs = [
      await store.put(Readable.from(parts)),
      await store.put(iterable()),
      await store.put(new Uint8Array(whole)),
    ];
    for (const ref of refs) expect(ref).toEqual({ digest: sha256(whole), size: whole.length });
  });

  it('keeps one object when the same content is put twice', async () => {
    const content = Buffer.from('same bytes');
    const first = await store.put(content);
    const second = await store.put(Readable.from([content]));
    expect(second).toEqual(first);
    expect(await filesUnder(join(store.root, 'objects'))).toHaveLength(1);
    expect(await readdir(join(store.root, 'tmp'))).toEqual([]);
  });

  it('stores empty content', async () => {
    const ref = await store.put(new Uint8Array(0));
    expect(ref).toEqual({ digest: sha256(new Uint8Array(0)), size: 0 });
    expect(await readAll(await store.get(ref.digest))).toEqual(Buffer.alloc(0));
  });

  it('reads byte ranges with an exclusive end', async () => {
    const content = Buffer.from('0123456789');
    const { digest } = await store.put(content);
    const range = async (start?: number, end?: number) =>
      (await readAll(await store.get(digest, { start, end }))).toString();
    expect(await range(2, 5)).toBe('234');
    expect(await range(0, 1)).toBe('0');
    expect(await range(7)).toBe('789');
    expect(await range(undefined, 3)).toBe('012');
    expect(await range(4, 4)).toBe('');
    expect(await range(8, 100)).toBe('89');
    expect(await range(20)).toBe('');
    await expectServiceError(store.get(digest, { start: 5, end: 2 }), 'bad_request');
    await expectServiceError(store.get(digest, { start: -1 }), 'bad_request');
    await expectServiceError(store.get(digest, { start: 1.5 }), 'bad_request');
  });

  it('reports a missing digest as not_found, null or false', async () => {
    const missing = sha256(Buffer.from('never stored'));
    await expectServiceError(store.get(missing), 'not_found');
    expect(await store.stat(missing)).toBeNull();
    expect(await store.delete(missing)).toBe(false);
  });

  it('deletes an object', async () => {
    const { digest } = await store.put(Buffer.from('short-lived'));
    expect(await store.delete(digest)).toBe(true);
    expect(await store.stat(digest)).toBeNull();
    expect(await store.delete(digest)).toBe(false);
  });

  it('rejects a source that fails half way and keeps nothing', async () => {
    async function* failing() {
      yield Buffer.alloc(256 * 1024, 1);
      yield Buffer.alloc(256 * 1024, 2);
      throw new Error('connection reset');
    }
    await expect(store.put(Readable.from(failing()))).rejects.toThrow('connection reset');
    await expect(store.put(failing())).rejects.toThrow('connection reset');
    await nothingLeft();
  });

  it('refuses content over maxBytes with payload_too_large and keeps nothing', async () => {
    const content = Buffer.alloc(10_000, 7);
    await expectServiceError(store.put(content, { maxBytes: 9_999 }), 'payload_too_large');
    await expectServiceError(
      store.put(Readable.from([content.subarray(0, 6_000), content.subarray(6_000)]), { maxBytes: 9_999 }),
      'payload_too_large',
    );
    await nothingLeft();
    expect(await store.put(content, { maxBytes: 10_000 })).toMatchObject({ size: 10_000 });
  });

  it('refuses content whose digest differs from expectedDigest and keeps nothing', async () => {
    const content = Buffer.from('actual content');
    const expectedDigest = sha256(Buffer.from('promised content'));
    await expectServiceError(store.put(content, { expectedDigest }), 'bad_request');
    await nothingLeft();
    expect(await store.put(content, { expectedDigest: sha256(content) })).toMatchObject({
      size: content.length,
    });
  });

  it('takes a finished file in by moving it, and the file is gone from where it was', async () => {
    const content = Buffer.alloc(3 * 1024 * 1024 + 17, 3);
    const file = join(base, 'version.parquet');
    const ref = await expectMovedIn(file, content);
    // The same content again: one object, and the second file is consumed too.
    await writeFile(file, content);
    expect(await store.putFile(file)).toEqual(ref);
    await expect(stat(file)).rejects.toThrow('ENOENT');
    expect(await filesUnder(join(store.root, 'objects'))).toHaveLength(1);
  });

  it.skipIf(!shmIsOtherDisk)('copies a file from another file system in, and removes it there', async () => {
    const dir = await mkdtemp(join('/dev/shm', 'baton-artifacts-'));
    try {
      const content = Buffer.from('a version written on a RAM disk\n');
      await expectMovedIn(join(dir, 'version.parquet'), content);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file over maxBytes or with another digest, keeping nothing of it', async () => {
    const file = join(base, 'big.bin');
    await writeFile(file, Buffer.alloc(10_000, 7));
    await expectServiceError(store.putFile(file, { maxBytes: 9_999 }), 'payload_too_large');
    await expect(stat(file)).rejects.toThrow('ENOENT');
    await writeFile(file, Buffer.from('actual content'));
    await expectServiceError(
      store.putFile(file, { expectedDigest: sha256(Buffer.from('promised content')) }),
      'bad_request',
    );
    await expect(stat(file)).rejects.toThrow('ENOENT');
    await nothingLeft();
    await expect(store.putFile(join(base, 'missing.bin'))).rejects.toThrow('ENOENT');
  });

  it('rejects malformed digests without touching files outside the root', async () => {
    const outside = join(base, 'outside');
    await writeFile(outside, 'do not touch');
    const hex61 = 'a'.repeat(61);
    const malformed = [
      '../etc/passwd',
      '../../outside',
      `../${hex61}`,
      `..${'/'.repeat(62)}`,
      'A'.repeat(64),
      sha256(Buffer.from('x')).toUpperCase(),
      'abc123',
      `${'a'.repeat(64)}/`,
      `${'a'.repeat(63)}g`,
      '',
    ];
    for (const digest of malformed) {
      await expectServiceError(store.get(digest), 'bad_request');
      await expectServiceError(store.stat(digest), 'bad_request');
      await expectServiceError(store.delete(digest), 'bad_request');
      await expectServiceError(store.put(Buffer.from('x'), { expectedDigest: digest }), 'bad_request');
    }
    expect(await readFile(outside, 'utf8')).toBe('do not touch');
    expect(await readdir(base)).toEqual(['outside', 'store']);
    await nothingLeft();
  });

  it('lets concurrent puts of the same content both succeed with one object', async () => {
    const content = Buffer.alloc(4 * 1024 * 1024, 9);
    const chunked = () => Readable.from([content.subarray(0, 1 << 20), content.subarray(1 << 20)]);
    const refs = await Promise.all([store.put(chunked()), store.put(chunked()), store.put(content)]);
    for (const ref of refs) expect(ref).toEqual({ digest: sha256(content), size: content.length });
    expect(await filesUnder(join(store.root, 'objects'))).toHaveLength(1);
    expect(await readdir(join(store.root, 'tmp'))).toEqual([]);
    // Compare digests: a deep toEqual on a 4 MiB Buffer takes seconds.
    expect(sha256(await readAll(await store.get(sha256(content))))).toBe(sha256(content));
  });

  it('clears temp files a crash left more than an hour ago when opened', async () => {
    const tmp = join(store.root, 'tmp');
    await writeFile(join(tmp, 'stale.part'), 'half an object');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(join(tmp, 'stale.part'), twoHoursAgo, twoHoursAgo);
    await writeFile(join(tmp, 'in-flight.part'), 'an upload still running');
    await createLocalArtifactStore(store.root);
    expect(await readdir(tmp)).toEqual(['in-flight.part']);
  });

  it('passes check() when writable and fails it when tmp/ cannot be written', async () => {
    await store.check();
    expect(await readdir(join(store.root, 'tmp'))).toEqual([]);
    // File modes do not stop root, so put a plain file where tmp/ should be.
    await rm(join(store.root, 'tmp'), { recursive: true });
    await writeFile(join(store.root, 'tmp'), '');
    await expect(store.check()).rejects.toThrow();
  });

  it('creates its folders on open', async () => {
    const root = join(base, 'fresh', 'nested');
    const fresh = await createLocalArtifactStore(root);
    expect(fresh.root).toBe(root);
    expect((await stat(join(root, 'objects'))).isDirectory()).toBe(true);
    expect((await stat(join(root, 'tmp'))).isDirectory()).toBe(true);
  });
});
