import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../support/test-app.ts';
import { type DataApp, startDataApp } from './data-app.ts';

const CSV = 'id,x\n1,2\n3,4\n';

describe('data lane permissions: engineers write; scientists, researchers and ML engineers read, profile and query; viewers read', () => {
  let d: DataApp;
  let researcher: TestUser;
  let mlEngineer: TestUser;
  beforeAll(async () => {
    d = await startDataApp();
    researcher = await d.t.userWithRoles(d.project, ['ml-researcher']);
    mlEngineer = await d.t.userWithRoles(d.project, ['ml-engineer']);
    expect((await d.upload('base', CSV)).statusCode).toBe(201);
    await d.settle();
  });
  afterAll(() => d.close());

  const writes: [string, string, string, unknown?][] = [
    ['createDataset', 'POST', '/datasets', { name: 'fresh' }],
    ['deleteDataset', 'DELETE', '/datasets/base'],
    ['setColumnTags', 'PUT', '/datasets/base/tags', { tags: { id: ['identifier'] } }],
    [
      'putSuite',
      'PUT',
      '/datasets/base/suites/s1',
      { definition: { checks: [{ type: 'row_count_between', min: 1 }] } },
    ],
    ['checkVersion', 'POST', '/datasets/base/versions/1/check', {}],
    ['deleteSuite', 'DELETE', '/datasets/base/suites/s1'],
    ['importVersion', 'POST', '/datasets/base/imports', { from: 'artifact', digest: '0'.repeat(64) }],
    ['sealDraft', 'POST', '/datasets/base/draft/seal', {}],
    ['putSource', 'PUT', '/data/sources/wh', { kind: 'postgres', connectionString: 'postgres://u@h/db' }],
    ['deleteSource', 'DELETE', '/data/sources/wh'],
  ];
  const reads: [string, string, string, unknown?][] = [
    ['listDatasets', 'GET', '/datasets'],
    ['getDataset', 'GET', '/datasets/base'],
    ['listVersions', 'GET', '/datasets/base/versions'],
    ['getVersion', 'GET', '/datasets/base/versions/1'],
    ['downloadVersion', 'GET', '/datasets/base/versions/1/parquet'],
    ['getProfile', 'GET', '/datasets/base/versions/1/profile'],
    ['listSuites', 'GET', '/datasets/base/suites'],
    ['listQualityRuns', 'GET', '/datasets/base/versions/1/quality'],
    ['runQuery', 'POST', '/data/query', { sql: 'select count(*) from base' }],
    ['downloadQuery', 'POST', '/data/query/download', { sql: 'select * from base' }],
    ['getDraft', 'GET', '/datasets/base/draft'],
    ['listSources', 'GET', '/data/sources'],
  ];

  it('rejects the wrong role for every write verb, naming data.write', async () => {
    for (const user of [d.scientist, d.viewer, researcher, mlEngineer]) {
      for (const [id, method, path, body] of writes) {
        const res = await d.t.call(method, `${d.base}${path}`, { token: user.token, body });
        expect(res.statusCode, `${id}: ${res.body}`).toBe(403);
        expect(res.json().detail).toContain('data.write');
      }
      const upload = await d.upload('base', CSV, { token: user.token });
      expect(upload.statusCode).toBe(403);
      const append = await d.t.app.inject({
        method: 'POST',
        url: `${d.base}/datasets/base/draft/rows`,
        headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/x-ndjson' },
        payload: '{"a":1}\n',
      });
      expect(append.statusCode).toBe(403);
    }
    expect((await d.t.call('GET', `${d.base}/datasets/fresh`, { token: d.viewer.token })).statusCode).toBe(
      404,
    );
  });

  it('lets every reading role read, profile and query', async () => {
    for (const user of [d.scientist, d.viewer, researcher, mlEngineer, d.engineer]) {
      for (const [id, method, path, body] of reads) {
        const res = await d.t.call(method, `${d.base}${path}`, { token: user.token, body });
        expect(res.statusCode, `${id}: ${res.body}`).toBeLessThan(300);
      }
    }
  });

  it('lets the data engineer do every write', async () => {
    for (const [id, method, path, body] of writes.filter(
      ([id]) => !['deleteDataset', 'sealDraft', 'importVersion'].includes(id),
    )) {
      const res = await d.t.call(method, `${d.base}${path}`, { token: d.engineer.token, body });
      expect(res.statusCode, `${id}: ${res.body}`).toBeLessThan(300);
    }
    await d.settle();
    const del = await d.t.call('DELETE', `${d.base}/datasets/base`, { token: d.engineer.token });
    expect(del.statusCode, del.body).toBe(200);
  });
});
