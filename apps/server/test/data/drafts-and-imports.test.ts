import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-app.ts';
import { type DataApp, fixture, startDataApp } from './data-app.ts';

const batch = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({ id: from + i, value: (from + i) / 10, tag: `t${(from + i) % 3}` }),
  ).join('\n');

for (const dialect of DIALECTS) {
  describe(`streaming append, artifact and PostgreSQL imports on ${dialect}`, () => {
    let d: DataApp;
    const append = (dataset: string, body: string, query = '') =>
      d.t.app.inject({
        method: 'POST',
        url: `${d.base}/datasets/${dataset}/draft/rows${query}`,
        headers: { authorization: `Bearer ${d.engineer.token}`, 'content-type': 'application/x-ndjson' },
        payload: body,
      });
    beforeAll(async () => {
      d = await startDataApp(dialect);
    });
    afterAll(() => d.close());

    it('appends NDJSON batches into an open draft and seals it on request', async () => {
      const first = await append('events', batch(0, 5));
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ draft: { status: 'open', rows: 5, batches: 1 }, version: null });
      const second = await append('events', `${batch(5, 3)}\n{"id":8,"value":0.8,"tag":"t2","late":true}\n`);
      expect(second.json().draft).toMatchObject({ rows: 9, batches: 2 });
      const open = await d.t.call('GET', `${d.base}/datasets/events/draft`, { token: d.viewer.token });
      expect(open.json().draft.rows).toBe(9);
      const bad = await append('events', '{"id": 1}\n{"id": \n');
      expect(bad.statusCode).toBe(400);
      expect(
        (await d.t.call('GET', `${d.base}/datasets/events/draft`, { token: d.viewer.token })).json().draft
          .rows,
      ).toBe(9);
      const sealed = await d.t.call('POST', `${d.base}/datasets/events/draft/seal`, {
        token: d.engineer.token,
        body: {},
      });
      expect(sealed.statusCode, sealed.body).toBe(201);
      expect(sealed.json()).toMatchObject({ number: 1, rowCount: 9, source: { kind: 'draft' } });
      expect(sealed.json().columns.map((c: { name: string }) => c.name)).toEqual([
        'id',
        'value',
        'tag',
        'late',
      ]);
      expect(
        (await d.t.call('GET', `${d.base}/datasets/events/draft`, { token: d.viewer.token })).json().draft,
      ).toBeNull();
      const again = await d.t.call('POST', `${d.base}/datasets/events/draft/seal`, {
        token: d.engineer.token,
        body: {},
      });
      expect(again.statusCode).toBe(409);
    });

    it('seals a draft by itself when it reaches its row threshold', async () => {
      const a = await append('ticks', batch(0, 4), '?maxRows=10');
      expect(a.json().version).toBeNull();
      const b = await append('ticks', batch(4, 7));
      expect(b.statusCode, b.body).toBe(200);
      expect(b.json().draft).toMatchObject({ status: 'sealed', versionNumber: 1 });
      expect(b.json().version).toMatchObject({ number: 1, rowCount: 11 });
      await d.settle();
    });

    it('imports a version from a file in the artifact store', async () => {
      const ref = await d.t.services.artifacts.put(fixture('arrests.csv'));
      const res = await d.t.call('POST', `${d.base}/datasets/arrests/imports`, {
        token: d.engineer.token,
        body: { from: 'artifact', digest: `sha256:${ref.digest}` },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ rowCount: 5226, source: { kind: 'artifact', format: 'csv' } });
      const missing = await d.t.call('POST', `${d.base}/datasets/arrests/imports`, {
        token: d.engineer.token,
        body: { from: 'artifact', digest: '0'.repeat(64) },
      });
      expect(missing.statusCode).toBe(404);
      await d.settle();
    });

    it.runIf(process.env.BATON_TEST_DATABASE_URL)(
      'imports a PostgreSQL query through a source whose connection string is never shown',
      async () => {
        const url = process.env.BATON_TEST_DATABASE_URL!;
        const schema = `baton_src_${randomBytes(4).toString('hex')}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        try {
          await admin.query(`create schema ${schema}`);
          await admin.query(
            `create table ${schema}.loans (id bigint, amount numeric, ok boolean, at timestamptz, note text)`,
          );
          await admin.query(
            `insert into ${schema}.loans select g, g * 1.5, g % 2 = 0, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour', case when g % 5 = 0 then null else 'n' || g end from generate_series(1, 25000) g`,
          );
          const secretUrl = new URL(url);
          secretUrl.password = 'pw-never-shown';
          secretUrl.port = '1';
          const put = await d.t.call('PUT', `${d.base}/data/sources/warehouse`, {
            token: d.engineer.token,
            body: { kind: 'postgres', connectionString: url },
          });
          expect(put.statusCode, put.body).toBe(200);
          const res = await d.t.call('POST', `${d.base}/datasets/loans/imports`, {
            token: d.engineer.token,
            body: {
              from: 'postgres',
              source: 'warehouse',
              query: `select * from ${schema}.loans order by id`,
            },
          });
          expect(res.statusCode, res.body).toBe(201);
          expect(res.json().rowCount).toBe(25000);
          expect(res.json().columns).toEqual([
            { name: 'id', type: 'BIGINT', nullable: false },
            { name: 'amount', type: 'DOUBLE', nullable: false },
            { name: 'ok', type: 'BOOLEAN', nullable: false },
            { name: 'at', type: 'TIMESTAMP WITH TIME ZONE', nullable: false },
            { name: 'note', type: 'VARCHAR', nullable: true },
          ]);
          const bad = await d.t.call('POST', `${d.base}/datasets/loans/imports`, {
            token: d.engineer.token,
            body: { from: 'postgres', source: 'warehouse', query: 'select * from no_such_table' },
          });
          expect(bad.statusCode).toBe(400);
          const write = await d.t.call('POST', `${d.base}/datasets/loans/imports`, {
            token: d.engineer.token,
            body: { from: 'postgres', source: 'warehouse', query: `delete from ${schema}.loans returning *` },
          });
          expect(write.statusCode).toBe(400);
          // The secret never comes back: not in the list, not in the audit log.
          const withPassword = await d.t.call('PUT', `${d.base}/data/sources/other`, {
            token: d.engineer.token,
            body: { kind: 'postgres', connectionString: secretUrl.toString() },
          });
          expect(withPassword.body).not.toContain('pw-never-shown');
          const list = await d.t.call('GET', `${d.base}/data/sources`, { token: d.viewer.token });
          expect(list.body).not.toContain('pw-never-shown');
          expect(list.json().items.map((s: { name: string }) => s.name)).toEqual(['other', 'warehouse']);
          const audit = await d.t.call('GET', `/api/v1/projects/${d.project.slug}/audit?limit=500`, {
            token: d.project.ownerToken,
          });
          expect(audit.statusCode).toBe(200);
          expect(audit.body).toContain('data-source.create');
          expect(audit.body).not.toContain('pw-never-shown');
          const failing = await d.t.call('POST', `${d.base}/datasets/loans/imports`, {
            token: d.engineer.token,
            body: { from: 'postgres', source: 'other', query: 'select 1' },
          });
          expect(failing.statusCode).toBe(400);
          expect(failing.body).not.toContain('pw-never-shown');
          await d.settle();
        } finally {
          await admin.query(`drop schema if exists ${schema} cascade`);
          await admin.end();
        }
      },
    );
  });
}
