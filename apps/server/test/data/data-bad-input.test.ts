import { readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { DATA_WORK_DIR } from '@baton/core';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataApp, startDataApp } from './data-app.ts';

function expectProblem(
  res: LightMyRequestResponse,
  status: number,
  code: string,
): { detail: string; errors?: { path: string; message: string }[] } {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = res.json();
  expect(problem.code).toBe(code);
  return problem;
}

const filesIn = (dir: string) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

describe('bad data input gets a 4xx that says what is wrong, and keeps nothing', () => {
  let d: DataApp;
  beforeAll(async () => {
    d = await startDataApp();
  });
  afterAll(() => d.close());

  const versionsOf = async (dataset: string) => {
    const res = await d.t.call('GET', `${d.base}/datasets/${dataset}/versions`, { token: d.viewer.token });
    return res.statusCode === 404 ? 0 : res.json().items.length;
  };

  it('malformed CSV rows: refused with their line numbers, or skipped and counted', async () => {
    const csv = 'a,b,c\n1,2,x\n3,4\n5,6,y\n7,8,z,9\n10,11,w\n';
    const refused = expectProblem(await d.upload('rows', csv), 400, 'bad_request');
    expect(refused.detail).toContain('2 malformed rows (line 3, 5)');
    expect(refused.errors?.map((e) => e.path)).toEqual(['line 3', 'line 5']);
    expect(await versionsOf('rows')).toBe(0);

    const skipped = await d.upload('rows', csv, { query: { onBadRows: 'skip' } });
    expect(skipped.statusCode, skipped.body).toBe(201);
    expect(skipped.json()).toMatchObject({ rowCount: 3, source: { skippedRows: 2, skippedLines: [3, 5] } });
  });

  it('an undecodable encoding: refused naming the byte; read when the encoding is given', async () => {
    const latin1 = Buffer.concat([Buffer.from('id,name\n1,caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const refused = expectProblem(await d.upload('enc', latin1), 400, 'bad_request');
    expect(refused.detail).toContain('not valid UTF-8');
    expect(refused.detail).toContain('byte 13');
    const given = await d.upload('enc', latin1, { query: { encoding: 'latin-1' } });
    expect(given.statusCode, given.body).toBe(201);
    const query = await d.t.call('POST', `${d.base}/data/query`, {
      token: d.viewer.token,
      body: { sql: 'select name from enc' },
    });
    expect(query.json().rows).toEqual([['café']]);
  });

  it('an empty file, a header without rows, and a file of blank lines', async () => {
    expect(expectProblem(await d.upload('empty', ''), 400, 'bad_request').detail).toContain(
      'empty (0 bytes)',
    );
    expect(expectProblem(await d.upload('empty', 'a,b,c\n'), 400, 'bad_request').detail).toContain(
      'no data rows',
    );
    expectProblem(await d.upload('empty', '\n\n\n'), 400, 'bad_request');
    expectProblem(
      await d.upload('empty', '', { contentType: 'application/vnd.apache.parquet' }),
      400,
      'bad_request',
    );
    expect(await versionsOf('empty')).toBe(0);
  });

  it('duplicate or empty column names', async () => {
    const dup = expectProblem(await d.upload('names', 'id,Name,name\n1,a,b\n'), 400, 'bad_request');
    expect(dup.detail).toContain("column 3 repeats the name 'name' of column 2");
    const empty = expectProblem(await d.upload('names', 'id,,x\n1,2,3\n'), 400, 'bad_request');
    expect(empty.detail).toContain('column 2 has an empty name');
    const json = expectProblem(
      await d.upload('names', '{"":1}\n', { contentType: 'application/x-ndjson' }),
      400,
      'bad_request',
    );
    expect(json.detail).toContain('empty name');
  });

  it('a Parquet file that is not Parquet, and broken JSON', async () => {
    const notParquet = expectProblem(
      await d.upload('pq', 'a,b\n1,2\n', { contentType: 'application/vnd.apache.parquet' }),
      400,
      'bad_request',
    );
    expect(notParquet.detail).toContain('not Parquet');
    const truncated = Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(100), Buffer.from('PAR1')]);
    expectProblem(
      await d.upload('pq', truncated, { contentType: 'application/vnd.apache.parquet' }),
      400,
      'bad_request',
    );
    const ndjson = expectProblem(
      await d.upload('pq', '{"a":1}\n{"a":\n', { contentType: 'application/x-ndjson' }),
      400,
      'bad_request',
    );
    expect(ndjson.detail).toMatch(/line 2|line 3/);
    expectProblem(await d.upload('pq', '{}', { contentType: 'application/json' }), 400, 'bad_request');
    expect(await versionsOf('pq')).toBe(0);
  });

  it('a content type uploads do not take, and bad names and options', async () => {
    expectProblem(
      await d.upload('ct', 'a\n1\n', { contentType: 'image/png' }),
      415,
      'unsupported_media_type',
    );
    expectProblem(await d.upload('Bad-Name', 'a\n1\n'), 400, 'bad_request');
    expectProblem(await d.upload('ok', 'a\n1\n', { query: { onBadRows: 'ignore' } }), 400, 'bad_request');
    // A JSON body to an upload endpoint is a file like any other: `{}` has no columns.
    const json = await d.t.call('POST', `${d.base}/datasets/ct/versions`, {
      token: d.engineer.token,
      body: {},
    });
    expect(json.statusCode).toBeGreaterThanOrEqual(400);
    expect(json.statusCode).toBeLessThan(500);
  });

  it('an upload cut off half way leaves no version and no partial file', async () => {
    await d.t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = d.t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const row = 'x'.repeat(100);
    const half = Buffer.from(`a,b\n${`1,${row}\n`.repeat(5000)}`);
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `${d.base}/datasets/cut/versions`,
        headers: {
          authorization: `Bearer ${d.engineer.token}`,
          'content-type': 'text/csv',
          'content-length': String(half.length * 2),
        },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(half, () => setImmediate(() => req.destroy()));
    });
    const uploads = () =>
      filesIn(DATA_WORK_DIR).filter((f) => f.endsWith('.upload') || f.endsWith('.parquet'));
    const partial = () => filesIn(path.join(d.t.home, 'artifacts', 'tmp')).filter((f) => f.endsWith('.part'));
    const deadline = Date.now() + 10_000;
    while ((uploads().length > 0 || partial().length > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(uploads()).toEqual([]);
    expect(partial()).toEqual([]);
    expect(await versionsOf('cut')).toBe(0);
    const audit = await d.t.services.db
      .selectFrom('audit_log')
      .select('summary')
      .where('project_id', '=', d.project.id)
      .where('summary', 'like', '%cut%')
      .execute();
    expect(audit).toEqual([]);
  });
});
