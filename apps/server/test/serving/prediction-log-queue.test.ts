import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PredictionLogQueue } from '../../src/serving/prediction-log-queue.ts';
import { DIALECTS, startTestApp, type TestApp } from '../support/test-app.ts';

for (const dialect of DIALECTS) {
  describe(`the prediction log queue on ${dialect}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(() => t.close());

    const entry = (deployment: string, i: number) => ({
      id: `${deployment}-${String(i).padStart(5, '0')}`,
      deployment_id: deployment,
      request_id: `r${i}`,
      model_version_id: 'v1',
      variant: 'primary',
      inputs: [{ x: i }],
      outputs: [{ label: 'yes' }],
      latency_ms: 0.25,
      created_at: 1_000 + i,
    });

    it('stays bounded: beyond its limit it drops the oldest entries and counts them', async () => {
      const queue = new PredictionLogQueue(t.services, { limit: 100, intervalMs: 60_000 });
      for (let i = 0; i < 250; i++) queue.push(entry('bounded', i));
      expect(queue.depth).toBe(100);
      expect(queue.dropped).toBe(150);
      await queue.close();
      const rows = await t.services.db
        .selectFrom('prediction_log')
        .select(['id', 'inputs_json'])
        .where('deployment_id', '=', 'bounded')
        .orderBy('id')
        .execute();
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
  });
}
