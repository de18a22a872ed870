import type { CheckResult, QualityRun } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-app.ts';
import { type DataApp, startDataApp } from './data-app.ts';

const now = new Date();
const iso = (msAgo: number) => new Date(now.getTime() - msAgo).toISOString().slice(0, 19).replace('T', ' ');
// 10 rows: id unique, one null score, one bad email, one duplicate (city, zip) pair, one NA region.
const rows = [
  'id,score,email,city,zip,region,updated',
  `1,0.5,a@x.org,Oslo,100,north,${iso(3_600_000)}`,
  `2,0.7,b@x.org,Oslo,101,north,${iso(7_200_000)}`,
  `3,,c@x.org,Rome,200,south,${iso(7_200_000)}`,
  `4,0.9,not-an-email,Rome,201,south,${iso(7_200_000)}`,
  `5,0.1,e@x.org,Lima,300,west,${iso(7_200_000)}`,
  `6,0.3,f@x.org,Lima,300,west,${iso(7_200_000)}`,
  `7,0.2,g@x.org,Pune,400,east,${iso(7_200_000)}`,
  `8,0.8,h@x.org,Pune,401,east,${iso(7_200_000)}`,
  `9,0.6,i@x.org,Nice,500,NA,${iso(7_200_000)}`,
  `10,0.4,j@x.org,Nice,501,south,${iso(7_200_000)}`,
].join('\n');

const SUITE = `
description: every check type once
checks:
  - { type: not_null, column: score }
  - { type: not_null, column: score, mostly: 0.9, name: score mostly present }
  - { type: unique, column: id }
  - { type: unique, columns: [city, zip] }
  - { type: in_set, column: region, values: [north, south, east] }
  - { type: not_in_set, column: city, values: [Paris] }
  - { type: between, column: score, min: 0, max: 0.85 }
  - { type: regex, column: email, pattern: '^[^@]+@[^@]+$' }
  - { type: type, column: id, expected: integer }
  - { type: column_exists, column: email }
  - { type: columns_match, columns: [id, score, email, city, zip, region, updated] }
  - { type: row_count_between, min: 5, max: 100 }
  - { type: mean_between, column: score, min: 0.4, max: 0.6 }
  - { type: std_between, column: score, max: 0.1 }
  - { type: min_between, column: zip, min: 100 }
  - { type: max_between, column: zip, max: 501 }
  - { type: quantile_between, column: score, quantile: 0.5, min: 0.5, max: 0.5 }
  - { type: freshness, column: updated, maxAge: 2h }
  - { type: custom_sql, sql: "select * from data where score > 0.85" }
  - { type: not_null, column: no_such_column }
`;

for (const dialect of DIALECTS) {
  describe(`quality suites on ${dialect}`, () => {
    let d: DataApp;
    let results: CheckResult[];
    beforeAll(async () => {
      d = await startDataApp(dialect);
      expect((await d.upload('people', rows)).statusCode).toBe(201);
    });
    afterAll(() => d.close());

    it('takes a YAML suite, runs it as a job on the latest version and marks the version', async () => {
      const put = await d.t.call('PUT', `${d.base}/datasets/people/suites/basic`, {
        token: d.engineer.token,
        body: { source: SUITE },
      });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json().suite.definition.checks).toHaveLength(20);
      expect(put.json().job.kind).toBe('data.validate');
      await d.settle();
      const quality = await d.t.call('GET', `${d.base}/datasets/people/versions/1/quality`, {
        token: d.viewer.token,
      });
      expect(quality.statusCode).toBe(200);
      expect(quality.json().validation).toBe('failed');
      const run = quality.json().items[0] as QualityRun;
      expect(run).toMatchObject({ suite: 'basic', status: 'failed', versionNumber: 1 });
      results = run.results;
      expect(results).toHaveLength(20);
    });

    it('reports success, element and unexpected counts, percent and failing values per check', () => {
      const r = (i: number) => results[i]!;
      expect(r(0)).toMatchObject({
        type: 'not_null',
        success: false,
        elementCount: 10,
        unexpectedCount: 1,
        unexpectedPercent: 10,
      });
      expect(r(1)).toMatchObject({ name: 'score mostly present', success: true, unexpectedCount: 1 });
      expect(r(2)).toMatchObject({ type: 'unique', success: true, unexpectedCount: 0 });
      expect(r(3)).toMatchObject({
        success: false,
        elementCount: 10,
        unexpectedCount: 2,
        sample: [{ city: 'Lima', zip: '300' }],
      });
      expect(r(4)).toMatchObject({
        success: false,
        elementCount: 9,
        unexpectedCount: 2,
        sample: ['west', 'west'],
      });
      expect(r(5)).toMatchObject({ success: true, unexpectedCount: 0 });
      expect(r(6)).toMatchObject({ success: false, elementCount: 9, unexpectedCount: 1, sample: [0.9] });
      expect(r(7)).toMatchObject({ success: false, unexpectedCount: 1, sample: ['not-an-email'] });
      expect(r(8)).toMatchObject({ success: true, observed: 'BIGINT' });
      expect(r(9)).toMatchObject({ success: true });
      expect(r(10)).toMatchObject({ success: true, observed: { missing: [], extra: [] } });
      expect(r(11)).toMatchObject({ success: true, observed: 10 });
      expect(r(12).success).toBe(true);
      expect(r(12).observed as number).toBeCloseTo(0.5, 12);
      expect(r(13).success).toBe(false);
      expect(r(13).observed as number).toBeCloseTo(0.27386127875258304, 12);
      expect(r(14)).toMatchObject({ success: true, observed: 100 });
      expect(r(15)).toMatchObject({ success: true, observed: 501 });
      expect(r(16)).toMatchObject({ success: true, observed: 0.5 });
      expect(r(17).success).toBe(true);
      expect(r(18)).toMatchObject({ type: 'custom_sql', success: false, unexpectedCount: 1 });
      expect((r(18).sample[0] as { id: string }).id).toBe('4');
      expect(r(19)).toMatchObject({ success: false, error: "column 'no_such_column' does not exist" });
    });

    it('runs the suites on every new version and marks it validated when all pass', async () => {
      await d.t.call('DELETE', `${d.base}/datasets/people/suites/basic`, { token: d.engineer.token });
      const put = await d.t.call('PUT', `${d.base}/datasets/people/suites/light`, {
        token: d.engineer.token,
        body: {
          definition: {
            checks: [
              { type: 'row_count_between', min: 1 },
              { type: 'unique', column: 'id' },
            ],
          },
        },
      });
      expect(put.statusCode, put.body).toBe(200);
      const v2 = await d.upload('people', rows.replace('not-an-email', 'd@x.org'));
      expect(v2.json().validation).toBe('pending');
      await d.settle();
      const shown = await d.t.call('GET', `${d.base}/datasets/people/versions/2`, { token: d.viewer.token });
      expect(shown.json()).toMatchObject({ validation: 'validated', profileStatus: 'ready' });
      const again = await d.t.call('POST', `${d.base}/datasets/people/versions/2/check`, {
        token: d.engineer.token,
        body: {},
      });
      expect(again.statusCode, again.body).toBe(202);
      await d.settle();
      const quality = await d.t.call('GET', `${d.base}/datasets/people/versions/2/quality`, {
        token: d.viewer.token,
      });
      expect(quality.json().items).toHaveLength(2);
    });

    it('refuses a suite that does not parse or does not fit the schema, naming the place', async () => {
      const yaml = await d.t.call('PUT', `${d.base}/datasets/people/suites/broken`, {
        token: d.engineer.token,
        body: { source: 'checks: [ { type: not_null' },
      });
      expect(yaml.statusCode).toBe(400);
      const shape = await d.t.call('PUT', `${d.base}/datasets/people/suites/broken`, {
        token: d.engineer.token,
        body: { source: 'checks:\n  - type: between\n    column: score\n    mostly: 7\n' },
      });
      expect(shape.statusCode).toBe(400);
      expect(shape.json().errors[0].path).toBe('body.source.checks.0.mostly');
      const unknown = await d.t.call('PUT', `${d.base}/datasets/people/suites/broken`, {
        token: d.engineer.token,
        body: { source: '{"checks":[{"type":"is_pretty","column":"x"}]}' },
      });
      expect(unknown.statusCode).toBe(400);
    });
  });
}
