import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArtifactStore } from '../../src/artifacts/index.ts';

describe('openArtifactStore', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'baton-open-artifacts-'));
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('opens a local folder from a file:// URL', async () => {
    const root = join(base, 'by url');
    const store = await openArtifactStore(pathToFileURL(root).href);
    expect(store.uri).toBe(pathToFileURL(root).href);
    const { digest } = await store.put(Buffer.from('hello'));
    expect(await store.stat(digest)).toEqual({ digest, size: 5 });
  });

  it('opens a local folder from a plain path', async () => {
    const store = await openArtifactStore(join(base, 'by-path'));
    expect(store.uri).toBe(pathToFileURL(join(base, 'by-path')).href);
    await store.check();
  });

  it('names an unsupported scheme and keeps credentials out of the message', async () => {
    const attempt = openArtifactStore('s3://KEY:SECRET@bucket/prefix');
    await expect(attempt).rejects.toThrow("artifact store scheme 's3://' is not available yet");
    await expect(attempt).rejects.not.toThrow('SECRET');
  });
});
