import type { DatasetProfile } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-app.ts';
import { type DataApp, fixture, startDataApp } from './data-app.ts';

for (const dialect of DIALECTS) {
  describe(`profiles and column tags on ${dialect}`, () => {
    let d: DataApp;
    beforeAll(async () => {
      d = await startDataApp(dialect);
      expect((await d.upload('loans', fixture('credit_data.csv'))).statusCode).toBe(201);
    });
    afterAll(() => d.close());

    it('profiles each new version once, as a job', async () => {
      const before = await d.t.call('GET', `${d.base}/datasets/loans/versions/1/profile`, {
        token: d.viewer.token,
      });
      expect(before.statusCode).toBe(200);
      expect(['pending', 'ready']).toContain(before.json().status);
      await d.settle();
      const res = await d.t.call('GET', `${d.base}/datasets/loans/versions/latest/profile`, {
        token: d.scientist.token,
      });
      expect(res.json().status).toBe('ready');
      const profile = res.json().profile as DatasetProfile;
      expect(profile.rowCount).toBe(4454);
      const income = profile.columns.find((c) => c.name === 'Income')!;
      expect(income).toMatchObject({ kind: 'numeric', missing: 381, count: 4073 });
      expect(income.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(4073);
      const status = profile.columns.find((c) => c.name === 'Status')!;
      expect(status.topValues).toEqual([
        { value: 'good', count: 3200 },
        { value: 'bad', count: 1254 },
      ]);
      expect(profile.correlations.columns).toContain('Income');
      const jobs = await d.t.services.db
        .selectFrom('jobs')
        .select('kind')
        .where('project_id', '=', d.project.id)
        .where('kind', '=', 'data.profile')
        .execute();
      expect(jobs).toHaveLength(1);
    });

    it('tags column roles for the later lanes and keeps them across versions', async () => {
      const res = await d.t.call('PUT', `${d.base}/datasets/loans/tags`, {
        token: d.engineer.token,
        body: { tags: { Status: ['target'], Age: ['feature', 'sensitive'], Marital: ['sensitive'] } },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().tags).toEqual({
        Age: ['feature', 'sensitive'],
        Marital: ['sensitive'],
        Status: ['target'],
      });
      const unknown = await d.t.call('PUT', `${d.base}/datasets/loans/tags`, {
        token: d.engineer.token,
        body: { tags: { Nope: ['feature'] } },
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().detail).toContain("no column 'Nope'");
      const twoTargets = await d.t.call('PUT', `${d.base}/datasets/loans/tags`, {
        token: d.engineer.token,
        body: { tags: { Status: ['target'], Job: ['target'] } },
      });
      expect(twoTargets.statusCode).toBe(400);
      const badRole = await d.t.call('PUT', `${d.base}/datasets/loans/tags`, {
        token: d.engineer.token,
        body: { tags: { Status: ['label'] } },
      });
      expect(badRole.statusCode).toBe(400);
      expect((await d.upload('loans', fixture('credit_data.csv'))).statusCode).toBe(201);
      const shown = await d.t.call('GET', `${d.base}/datasets/loans`, { token: d.viewer.token });
      expect(shown.json().tags.Status).toEqual(['target']);
      await d.settle();
    });
  });
}
