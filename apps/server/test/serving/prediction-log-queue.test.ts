import fs from 'node:fs';
import path from 'node:path';
import { sqliteConnection } from '@baton/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/serving/log-record.ts';
import { PredictionLogQueue } from '../../src/serving/prediction-log-queue.ts';
import { REPO_ROOT } from '../support/baton-process.ts';
import { DIALECTS, startTestApp, type TestApp } from '../support/test-app.ts';

const WORKER = path.join(REPO_ROOT, 'apps/server/dist/log-writer.js');

const entry = (deployment: string, i: number): LogRecord => [
  `${deployment}-${String(i).padStart(5, '0')}`,
  deployment,
  `r${i}`,
  'v1',
  'primary',
  JSON.stringify([{ x: i }]),
  0,
  JSON.stringify([{ label: 'yes' }]),
  0.25,
  1_000 + i,
];

/** An entry whose inputs are the raw request body, as the predict route queues them. */
const bodyEntry = (deployment: string, i: number, body: string): LogRecord => {
  const e = entry(deployment, i);
  e[5] = body;
  e[6] = 1;
  return e;
};

for (const dialect of DIALECTS) {
  describe(`the prediction log queue on ${dialect}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(() => t.close());

    const rowsOf = (deployment: string) =>
      t.services.db
        .selectFrom('prediction_log')
        .select(['id', 'inputs_json', 'outputs_json'])
        .where('deployment_id', '=', deployment)
        .orderBy('id')
        .execute();

    it('stays bounded: beyond its limit it drops the oldest entries and counts them', async () => {
      const queue = new PredictionLogQueue(t.services, { limit: 100, intervalMs: 60_000 });
      for (let i = 0; i < 250; i++) queue.push(entry('bounded', i));
      expect(queue.depth).toBe(100);
      expect(queue.dropped).toBe(150);
      await queue.close();
      const rows = await rowsOf('bounded');
      expect(rows).toHaveLength(100);
      expect(rows[0]?.id).toBe('bounded-00150');
      expect(JSON.parse(rows[99]!.inputs_json)).toEqual([{ x: 249 }]);
    });

    it('writes in batches of one transaction each and loses nothing on close', async () => {
      const queue = new PredictionLogQueue(t.services, { limit: 10_000, intervalMs: 60_000, batchRows: 64 });
      for (let i = 0; i < 1000; i++) queue.push(entry('batched', i));
      await queue.flush();
      expect(queue.depth).toBe(0);
      expect(queue.written).toBe(1000);
      for (let i = 1000; i < 1010; i++) queue.push(entry('batched', i));
      await queue.close();
      const count = await t.services.db
        .selectFrom('prediction_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('deployment_id', '=', 'batched')
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1010);
    });

    it('stores the inputs of a raw request body, whichever field carries them', async () => {
      const queue = new PredictionLogQueue(t.services, { limit: 100, intervalMs: 60_000 });
      queue.push(bodyEntry('raw', 0, ' { "records" : [ {"x": 1.5, "c": "a"} ] } '));
      queue.push(bodyEntry('raw', 1, '{"columns":{"x":[1,2]}}'));
      queue.push(bodyEntry('raw', 2, '{"inputs":[{"x":3}]}'));
      await queue.close();
      const rows = await rowsOf('raw');
      expect(rows.map((r) => JSON.parse(r.inputs_json))).toEqual([
        [{ x: 1.5, c: 'a' }],
        { x: [1, 2] },
        [{ x: 3 }],
      ]);
      // Sliced out of the body as sent, not serialised again.
      expect(rows[0]!.inputs_json).toBe('[ {"x": 1.5, "c": "a"} ]');
    });
  });
}

describe('the prediction log writer thread (the built log-writer.js) on a SQLite file', () => {
  let t: TestApp;
  beforeAll(async () => {
    if (!fs.existsSync(WORKER)) throw new Error('run `npm run build` first');
    t = await startTestApp('sqlite');
  });
  afterAll(() => t?.close());

  it('writes on its own connection, batch by batch, and drains everything on close', async () => {
    expect(sqliteConnection(t.services.db)?.name).toMatch(/\.db$/);
    const written: number[] = [];
    const queue = new PredictionLogQueue(t.services, {
      limit: 100_000,
      intervalMs: 60_000,
      batchRows: 700,
      workerFile: WORKER,
      onWritten: (n) => written.push(n),
    });
    for (let i = 0; i < 2000; i++) queue.push(bodyEntry('thread', i, `{"records":[{"x":${i}}]}`));
    await queue.flush();
    expect(written).toEqual([700, 700, 600]);
    // The server's own connection keeps writing to the same file meanwhile (WAL, busy timeout).
    await t.services.db
      .insertInto('prediction_log')
      .values({
        id: 'thread-zz-main',
        deployment_id: 'thread',
        request_id: 'main',
        model_version_id: 'v1',
        variant: 'primary',
        inputs_json: '[]',
        outputs_json: '[]',
        latency_ms: 1,
        created_at: 1,
      })
      .execute();
    for (let i = 2000; i < 2100; i++) queue.push(entry('thread', i));
    await queue.close();
    expect(queue.written).toBe(2100);
    const rows = await t.services.db
      .selectFrom('prediction_log')
      .select(['id', 'inputs_json'])
      .where('deployment_id', '=', 'thread')
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(2101);
    expect(JSON.parse(rows[1999]!.inputs_json)).toEqual([{ x: 1999 }]);
    expect(JSON.parse(rows[2099]!.inputs_json)).toEqual([{ x: 2099 }]);
  });

  it('shares one thread between deployments; closing one leaves the other writing', async () => {
    const options = { limit: 1000, intervalMs: 60_000, workerFile: WORKER };
    const a = new PredictionLogQueue(t.services, options);
    const b = new PredictionLogQueue(t.services, options);
    a.push(entry('shared-a', 1));
    b.push(entry('shared-b', 1));
    await a.close();
    b.push(entry('shared-b', 2));
    await b.flush();
    expect(b.written).toBe(2);
    await b.close();
    const ids = await t.services.db
      .selectFrom('prediction_log')
      .select('id')
      .where('deployment_id', 'in', ['shared-a', 'shared-b'])
      .orderBy('id')
      .execute();
    expect(ids.map((r) => r.id)).toEqual(['shared-a-00001', 'shared-b-00001', 'shared-b-00002']);
  });

  it('puts a batch the thread could not write back in the queue and retries it', async () => {
    const queue = new PredictionLogQueue(t.services, {
      limit: 1000,
      intervalMs: 60_000,
      workerFile: WORKER,
    });
    // A duplicate primary key fails the whole transaction: nothing of the batch is committed.
    queue.push(entry('retry', 1));
    queue.push(entry('retry', 1));
    await queue.flush();
    expect(queue.failures).toBe(1);
    expect(queue.depth).toBe(2);
    expect(
      await t.services.db
        .selectFrom('prediction_log')
        .select('id')
        .where('deployment_id', '=', 'retry')
        .execute(),
    ).toHaveLength(0);
    await queue.close().catch(() => undefined);
  });
});
