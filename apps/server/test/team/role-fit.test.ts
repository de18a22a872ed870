import type { RoleFitReport } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { teamProject } from './team-fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`role fit over HTTP on ${dialect}`, () => {
    let t: TestApp;
    let someone: TestUser;

    const fit = async (body: unknown): Promise<RoleFitReport> => {
      const res = await t.call('POST', '/api/v1/role-fit', { token: someone.token, body });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };

    beforeAll(async () => {
      t = await startTestApp(dialect);
      someone = await t.user();
    });
    afterAll(() => t.close());

    it('puts the starting role of each of the five backgrounds first', async () => {
      const expected: [string, string[]][] = [
        ['software developer', ['ml-engineer', 'mlops-engineer']],
        ['data analyst', ['data-scientist', 'data-engineer']],
        ['researcher/PhD', ['ml-researcher']],
        ['product/business', ['product-manager']],
        ['ethics/policy', ['ai-ethicist']],
      ];
      for (const [background, roles] of expected) {
        const report = await fit({ background });
        expect(roles, background).toContain(report.ranking[0]!.role);
        expect(report.startingPoint).toEqual({ background, roles, word: null });
      }
    });

    it('reads a pasted resume with synonyms and says which words it matched', async () => {
      const report = await fit({
        text: 'Software engineer (backend). Since 2021: K8S clusters, Helm charts, Docker, terraform and Prometheus alerting; a bit of SKLearn.',
      });
      expect(report.subject.background).toBe('software developer');
      expect(report.startingPoint).toEqual({
        background: 'software developer',
        roles: ['ml-engineer', 'mlops-engineer'],
        word: 'Software engineer',
      });
      expect(report.recognised).toEqual([
        { word: 'K8S', skill: 'Kubernetes' },
        { word: 'Helm', skill: 'Kubernetes' },
        { word: 'Docker', skill: 'Docker' },
        { word: 'terraform', skill: 'infrastructure as code' },
        { word: 'Prometheus', skill: 'Prometheus' },
        { word: 'alerting', skill: 'monitoring' },
        { word: 'SKLearn', skill: 'scikit-learn' },
      ]);
      expect(report.ranking[0]!.role).toBe('mlops-engineer');
      expect(report.ranking[0]!.matched.map((m) => m.skill)).toEqual([
        'Kubernetes',
        'Docker',
        'monitoring',
        'infrastructure as code',
        'Prometheus',
      ]);
      expect(report.ranking[0]!.explanation).toMatch(
        /^5 of 8 skills of MLOps engineer .*missing CI\/CD, model registry, Python/,
      );
    });

    it('combines given skills with a text; given levels and background win', async () => {
      const report = await fit({
        skills: [{ skill: 'kubernetes', level: 5 }],
        background: 'PhD',
        text: 'I use k8s and pytorch.',
      });
      expect(report.subject).toEqual({
        kind: 'candidate',
        username: null,
        background: 'researcher/PhD',
        skills: [
          { skill: 'Kubernetes', level: 5 },
          { skill: 'PyTorch', level: 3 },
        ],
      });
      expect(report.startingPoint?.word).toBeNull();
    });

    it("ranks a member's roles from their profile and marks the roles they hold", async () => {
      const p = await teamProject(t, [
        {
          roles: ['data-scientist'],
          profile: {
            background: 'data analyst',
            skills: [
              { skill: 'SQL', level: 5 },
              { skill: 'Spark', level: 4 },
              { skill: 'airflow', level: 4 },
              { skill: 'ETL', level: 4 },
              { skill: 'Python', level: 3 },
            ],
          },
        },
      ]);
      const res = await t.call('GET', `/api/v1/projects/${p.slug}/people/${p.people[0]!.username}/role-fit`, {
        token: p.viewer.token,
      });
      expect(res.statusCode, res.body).toBe(200);
      const report: RoleFitReport = res.json();
      expect(report.subject).toMatchObject({
        kind: 'member',
        username: p.people[0]!.username,
        background: 'data analyst',
      });
      expect(report.ranking[0]).toMatchObject({ role: 'data-engineer', startingRole: true, held: false });
      expect(report.ranking[0]!.matched).toEqual([
        { skill: 'SQL', level: 5 },
        { skill: 'Python', level: 3 },
        { skill: 'ETL', level: 4 },
        { skill: 'Apache Spark', level: 4 },
        { skill: 'Apache Airflow', level: 4 },
      ]);
      expect(report.ranking.find((f) => f.role === 'data-scientist')!.held).toBe(true);
    });

    it('answers bad input with a 400 naming the field, never a 500', async () => {
      const cases: [unknown, string][] = [
        [{}, 'body'],
        [{ skills: [{ skill: 'SQL', level: 7 }] }, 'body.skills.0.level'],
        [{ skills: [{ skill: '', level: 3 }] }, 'body.skills.0.skill'],
        [{ text: 'x'.repeat(20_001) }, 'body.text'],
        [{ background: 42 }, 'body.background'],
      ];
      for (const [body, path] of cases) {
        const res = await t.call('POST', '/api/v1/role-fit', { token: someone.token, body });
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().code).toBe('bad_request');
        expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
      }
      const p = await teamProject(t, []);
      const missing = await t.call('GET', `/api/v1/projects/${p.slug}/people/nobody-here/role-fit`, {
        token: p.viewer.token,
      });
      expect(missing.statusCode).toBe(404);
      const settings = await t.call('PATCH', `/api/v1/projects/${p.slug}/team/settings`, {
        token: p.ownerToken,
        body: { dsPerMle: { min: 10, max: 5 }, colour: 'blue' },
      });
      expect(settings.statusCode).toBe(400);
    });
  });
}
