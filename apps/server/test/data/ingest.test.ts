import type { DatasetVersion } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-app.ts';
import { type DataApp, fixture, startDataApp } from './data-app.ts';

const CSV = 'id,name,score,when\n1,ann,0.5,2024-01-01\n2,bob,,2024-02-01\n3,cy,2.5,2024-03-01\n';

for (const dialect of DIALECTS) {
  describe(`data ingestion and versions on ${dialect}`, () => {
    let d: DataApp;
    beforeAll(async () => {
      d = await startDataApp(dialect);
    });
    afterAll(() => d.close());

    it('ingests a real CSV into version 1: Parquet in the artifact store, schema, rows, who and when', async () => {
      const res = await d.upload('credit', fixture('german_credit.csv'), {
        query: { filename: 'german_credit.csv' },
      });
      expect(res.statusCode, res.body).toBe(201);
      const version = res.json() as DatasetVersion;
      expect(version).toMatchObject({
        dataset: 'credit',
        number: 1,
        rowCount: 1000,
        parentNumber: null,
        schemaDiff: null,
      });
      expect(version.columns).toHaveLength(62);
      expect(version.columns.find((c) => c.name === 'Class')).toEqual({
        name: 'Class',
        type: 'VARCHAR',
        nullable: false,
      });
      expect(version.source).toMatchObject({
        kind: 'upload',
        format: 'csv',
        filename: 'german_credit.csv',
        skippedRows: 0,
      });
      expect(version.createdBy).toBe(d.engineer.username);
      const stored = await d.t.services.artifacts.stat(version.digest);
      expect(stored?.size).toBe(version.sizeBytes);
      const head = await d.t.services.artifacts.get(version.digest, { start: 0, end: 4 });
      const chunks: Buffer[] = [];
      for await (const chunk of head) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).toString()).toBe('PAR1');
    });

    it('reads TSV, NDJSON, a JSON array and Parquet, detecting the format', async () => {
      const tsv = await d.upload('formats', CSV.replaceAll(',', '\t'), {
        contentType: 'text/tab-separated-values',
      });
      expect(tsv.statusCode, tsv.body).toBe(201);
      expect(tsv.json().columns.map((c: { name: string }) => c.name)).toEqual([
        'id',
        'name',
        'score',
        'when',
      ]);
      expect(tsv.json().columns.map((c: { type: string }) => c.type)).toEqual([
        'BIGINT',
        'VARCHAR',
        'DOUBLE',
        'DATE',
      ]);

      const ndjson = '{"id":1,"name":"ann"}\n{"id":2,"name":"bob","extra":true}\n';
      const nd = await d.upload('formats', ndjson, { contentType: 'application/octet-stream' });
      expect(nd.statusCode, nd.body).toBe(201);
      expect(nd.json()).toMatchObject({ number: 2, rowCount: 2, source: { format: 'ndjson' } });
      expect(nd.json().schemaDiff).toEqual({
        added: [{ name: 'extra', type: 'BOOLEAN' }],
        removed: [
          { name: 'score', type: 'DOUBLE' },
          { name: 'when', type: 'DATE' },
        ],
        retyped: [],
        nullability: [],
      });

      const json = await d.upload('formats', JSON.stringify([{ id: 'a', name: 'x' }]), {
        contentType: 'application/json',
      });
      expect(json.statusCode, json.body).toBe(201);
      expect(json.json()).toMatchObject({ number: 3, parentNumber: 2, source: { format: 'json' } });
      expect(json.json().schemaDiff.retyped).toEqual([{ name: 'id', from: 'BIGINT', to: 'VARCHAR' }]);

      // The Parquet of version 1 uploaded again: same content, same digest, no schema change.
      const first = await d.t.call('GET', `${d.base}/datasets/formats/versions/1/parquet`, {
        token: d.viewer.token,
      });
      expect(first.statusCode).toBe(200);
      expect(first.headers['content-type']).toBe('application/vnd.apache.parquet');
      const again = await d.upload('formats', first.rawPayload, {
        contentType: 'application/vnd.apache.parquet',
      });
      expect(again.statusCode, again.body).toBe(201);
      const v1 = (
        await d.t.call('GET', `${d.base}/datasets/formats/versions/1`, { token: d.viewer.token })
      ).json();
      expect(again.json().digest).toBe(v1.digest);
      expect(again.json().source.format).toBe('parquet');
    });

    it('lists versions newest first with their schema diffs, and shows one by number or latest', async () => {
      const list = await d.t.call('GET', `${d.base}/datasets/formats/versions`, { token: d.viewer.token });
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((v: DatasetVersion) => v.number)).toEqual([4, 3, 2, 1]);
      const latest = await d.t.call('GET', `${d.base}/datasets/formats/versions/latest`, {
        token: d.viewer.token,
      });
      expect(latest.json().number).toBe(4);
      const datasets = await d.t.call('GET', `${d.base}/datasets`, { token: d.viewer.token });
      expect(datasets.json().items.map((x: { name: string }) => x.name)).toEqual(['credit', 'formats']);
      expect(datasets.json().items[1]).toMatchObject({ versionCount: 4, latest: { number: 4 } });
      const missing = await d.t.call('GET', `${d.base}/datasets/formats/versions/99`, {
        token: d.viewer.token,
      });
      expect(missing.statusCode).toBe(404);
    });

    it('audits every version and dataset it creates', async () => {
      const actions = await d.t.services.db
        .selectFrom('audit_log')
        .select(['action', 'actor_name'])
        .where('project_id', '=', d.project.id)
        .where('action', 'like', 'dataset.%')
        .execute();
      expect(actions.filter((a) => a.action === 'dataset.create')).toHaveLength(2);
      expect(actions.filter((a) => a.action === 'dataset.version.create')).toHaveLength(5);
      expect(new Set(actions.map((a) => a.actor_name))).toEqual(new Set([d.engineer.username]));
    });

    it('refuses to delete a dataset whose versions a run refers to, naming the reference; deletes it after', async () => {
      const up = await d.upload('doomed', `${CSV}4,dee,1.0,2024-04-01\n`);
      expect(up.statusCode).toBe(201);
      const version = up.json() as DatasetVersion;
      await d.t.services.db
        .insertInto('dataset_version_refs')
        .values({
          version_id: version.id,
          ref_type: 'run',
          ref_id: 'run-42',
          created_at: new Date().toISOString(),
        })
        .execute();
      const refused = await d.t.call('DELETE', `${d.base}/datasets/doomed`, { token: d.engineer.token });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().detail).toContain('version 1 by run run-42');
      await d.t.services.db.deleteFrom('dataset_version_refs').where('version_id', '=', version.id).execute();
      await d.settle();
      const deleted = await d.t.call('DELETE', `${d.base}/datasets/doomed`, { token: d.engineer.token });
      expect(deleted.statusCode, deleted.body).toBe(200);
      expect(await d.t.services.artifacts.stat(version.digest)).toBeNull();
      expect((await d.t.call('GET', `${d.base}/datasets/doomed`, { token: d.viewer.token })).statusCode).toBe(
        404,
      );
    });

    it('keeps a Parquet file another version shares when a dataset is deleted', async () => {
      const a = (await d.upload('twin_a', CSV)).json() as DatasetVersion;
      const b = (await d.upload('twin_b', CSV)).json() as DatasetVersion;
      expect(a.digest).toBe(b.digest);
      await d.settle();
      expect(
        (await d.t.call('DELETE', `${d.base}/datasets/twin_a`, { token: d.engineer.token })).statusCode,
      ).toBe(200);
      expect(await d.t.services.artifacts.stat(b.digest)).not.toBeNull();
    });
  });
}
