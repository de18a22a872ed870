import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLocalArtifactStore, type LocalArtifactStore } from '../../src/artifacts/index.ts';

const CHUNK = 1024 * 1024;
const CHUNKS = 1024; // 1 GiB
const RSS_BUDGET = 200 * 1024 * 1024;

let base: string;
let store: LocalArtifactStore;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'baton-artifacts-large-'));
  store = await createLocalArtifactStore(base);
});
afterAll(() => rm(base, { recursive: true, force: true }));

it('streams 1 GiB in and out with bounded memory', async () => {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };

  // Each chunk is fresh and numbered so a reordered or repeated chunk changes the digest.
  const template = Buffer.alloc(CHUNK, 0x5a);
  const expected = createHash('sha256');
  async function* generate() {
    for (let i = 0; i < CHUNKS; i++) {
      const chunk = Buffer.from(template);
      chunk.writeUInt32BE(i, 0);
      expected.update(chunk);
      if (i % 64 === 0) sample();
      yield chunk;
    }
  }

  const ref = await store.put(generate());
  const digest = expected.digest('hex');
  expect(ref).toEqual({ digest, size: CHUNK * CHUNKS });
  expect((await stat(join(base, 'objects', digest.slice(0, 2), digest.slice(2)))).size).toBe(CHUNK * CHUNKS);
  expect(await readdir(join(base, 'tmp'))).toEqual([]);

  const readBack = createHash('sha256');
  let chunks = 0;
  for await (const chunk of await store.get(digest)) {
    readBack.update(chunk as Buffer);
    if (++chunks % 256 === 0) sample();
  }
  sample();
  expect(readBack.digest('hex')).toBe(digest);
  expect(peak - baseline).toBeLessThan(RSS_BUDGET);
});
