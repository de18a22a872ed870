import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataApp, fixture, startDataApp } from './data-app.ts';

describe('read-only SQL over named dataset versions', () => {
  let d: DataApp;
  const query = (sql: string, extra: Record<string, unknown> = {}, token?: string) =>
    d.t.call('POST', `${d.base}/data/query`, { token: token ?? d.scientist.token, body: { sql, ...extra } });

  beforeAll(async () => {
    d = await startDataApp();
    expect((await d.upload('credit', fixture('german_credit.csv'))).statusCode).toBe(201);
    expect(
      (
        await d.upload(
          'credit',
          fixture('german_credit.csv')
            .subarray(0, 20_000)
            .toString()
            .replace(/\n[^\n]*$/, '\n'),
        )
      ).statusCode,
    ).toBe(201);
    expect((await d.upload('arrests', fixture('arrests.csv'))).statusCode).toBe(201);
  });
  afterAll(() => d.close());

  it('queries the latest version by name and older ones as "name@n", with a row limit', async () => {
    const latest = await query('select count(*) as n from credit');
    expect(latest.statusCode, latest.body).toBe(200);
    const n = Number(latest.json().rows[0][0]);
    expect(n).toBeLessThan(1000);
    expect(latest.json().versions).toEqual(['credit@2']);
    const first = await query('select count(*) as n from "credit@1"');
    expect(first.json().rows).toEqual([['1000']]);
    const join = await query(
      'select c.Class, count(*) as n from "credit@1" c join arrests a on a.age = c.Age group by 1 order by 1',
    );
    expect(join.statusCode, join.body).toBe(200);
    expect(join.json().columns.map((c: { name: string }) => c.name)).toEqual(['Class', 'n']);
    expect(join.json().versions.sort()).toEqual(['arrests@1', 'credit@1']);
    const limited = await query('select * from arrests', { limit: 7 });
    expect(limited.json().rows).toHaveLength(7);
    expect(limited.json().truncated).toBe(true);
  });

  it('refuses reading files, attaching databases, writing, installing and loading', async () => {
    const secret = path.join(os.tmpdir(), `baton-secret-${process.pid}.csv`);
    writeFileSync(secret, 'password\nhunter2\n');
    const attempts = [
      "select * from read_csv('/etc/passwd')",
      `select * from read_csv('${secret}'), credit limit 1`,
      "select * from read_text('/etc/hostname')",
      "select * from glob('/*')",
      "attach '/tmp/x.db' as x",
      "attach ':memory:' as x",
      "copy (select * from credit) to '/tmp/out.csv'",
      'install httpfs',
      'load httpfs',
      'create table t as select * from credit',
      'set enable_external_access = true',
      'select 1 from credit; select 2',
      "select * from credit, read_parquet('/work/other.parquet')",
    ];
    for (const sql of attempts) {
      const res = await query(sql);
      expect(res.statusCode, `${sql} -> ${res.body}`).toBe(400);
      expect(res.json().code).toBe('bad_request');
      expect(res.body).not.toContain('hunter2');
    }
  });

  it('stops a query at its timeout', async () => {
    const res = await query('select count(*) from arrests a, arrests b, arrests c', { timeoutMs: 300 });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().detail).toContain('timeout of 300 ms');
  });

  it('reports unknown datasets and versions, and SQL errors, as 4xx', async () => {
    expect((await query('select 1')).statusCode).toBe(400);
    expect((await query('select * from "credit@9"')).statusCode).toBe(404);
    expect((await query('select * from "nothing@1"')).statusCode).toBe(404);
    const bad = await query('select no_such_column from credit');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('no_such_column');
  });

  it('downloads a result as CSV and as Parquet', async () => {
    const csv = await d.t.call('POST', `${d.base}/data/query/download`, {
      token: d.viewer.token,
      body: { sql: 'select Age, Class from "credit@1" order by Age, Class limit 3', format: 'csv' },
    });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\n')[0]).toBe('Age,Class');
    expect(csv.body.trim().split('\n')).toHaveLength(4);
    const parquet = await d.t.call('POST', `${d.base}/data/query/download`, {
      token: d.viewer.token,
      body: { sql: 'select * from arrests', format: 'parquet', limit: 100 },
    });
    expect(parquet.statusCode).toBe(200);
    const file = path.join(os.tmpdir(), `baton-q-${process.pid}.parquet`);
    writeFileSync(file, parquet.rawPayload);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const rows = (await conn.runAndReadAll(`select count(*)::INT from read_parquet('${file}')`)).getRows();
    expect(rows).toEqual([[100]]);
    conn.closeSync();
    const refused = await d.t.call('POST', `${d.base}/data/query/download`, {
      token: d.viewer.token,
      body: { sql: "copy credit to '/tmp/x.csv'", format: 'csv' },
    });
    expect(refused.statusCode).toBe(400);
  });
});
