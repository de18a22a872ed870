import {
  getTeamHealth,
  SENSITIVE_ATTRIBUTE_SOURCES,
  systemContext,
  USAGE_PROBES,
  type UsageProbe,
} from '@baton/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestApp, type TestApp } from '../support/test-app.ts';
import { changeSettings, FULL_TEAM, findings, health, setProfile, teamProject } from './team-fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`team health on ${dialect}: use, not only titles; plug-ins; the heatmap`, () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(() => t.close());

    it('checks use, not only titles: failed jobs leave "keep the platform running" undone', async () => {
      const p = await teamProject(t, FULL_TEAM);
      const devi = p.people[4]!;
      const job = async (status: 'failed' | 'succeeded', minutesAgo: number) => {
        const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
        await t.services.db
          .insertInto('jobs')
          .values({
            id: crypto.randomUUID(),
            kind: 'audit.export',
            project_id: p.id,
            status,
            payload: '{}',
            result: null,
            error: status === 'failed' ? 'disk full' : null,
            priority: 0,
            max_attempts: 3,
            attempts: 3,
            timeout_ms: 1000,
            backoff_ms: 1000,
            progress: 1,
            progress_message: null,
            lease_owner: null,
            lease_expires_at: null,
            cancel_requested: 0,
            created_by: 'test',
            run_after: at,
            created_at: at,
            started_at: at,
            finished_at: at,
          })
          .execute();
      };
      await job('succeeded', 120);
      await job('failed', 60);
      const report = await health(p);
      const [unused] = findings(report, 'responsibility_unused');
      expect(unused).toMatchObject({
        severity: 'warning',
        title: 'Keep storage, workers and backups working: assigned but not done',
        people: [devi.username],
        responsibilities: ['keep-platform-running'],
      });
      expect(unused!.detail).toMatch(
        /1 background job failed in the last 7 days and was not run again successfully \(audit\.export\)/,
      );
      expect(report.coverage.find((c) => c.responsibility === 'keep-platform-running')!.status).toBe(
        'unused',
      );

      await job('succeeded', 1);
      const fixed = await health(p);
      expect(fixed.findings).toEqual([]);
      expect(fixed.coverage.find((c) => c.responsibility === 'keep-platform-running')!.usage[0]!.status).toBe(
        'met',
      );
    });

    it('lets other lanes plug in usage probes and sources of sensitive attributes', async () => {
      const p = await teamProject(t, FULL_TEAM);
      await changeSettings(p, { sensitiveAttributes: ['age'] });
      const dan = p.people[1]!;
      // What the data lane will register: its own check of quality suites, its column tags.
      const probes: UsageProbe[] = USAGE_PROBES.map((probe) =>
        probe.id === 'data.quality-suites'
          ? {
              ...probe,
              check: async () => ({
                met: false,
                detail: "the training dataset 'applicants' has no quality suite",
              }),
            }
          : probe,
      );
      const columnTags = {
        id: 'data.column-tags',
        list: async () => [
          { name: 'Age', detail: "column 'Age' of dataset 'applicants' is tagged sensitive" },
        ],
      };
      const ctx = {
        ...systemContext(t.services, 'test'),
        project: { id: p.id, slug: p.slug, name: p.slug, roles: [], permissions: new Set<never>() },
      };
      const report = await getTeamHealth({ ctx, input: { probes, sensitiveSources: [columnTags] } });
      const [unused] = findings(report, 'responsibility_unused');
      expect(unused).toMatchObject({ responsibilities: ['monitor-data-quality'], people: [dan.username] });
      expect(unused!.detail).toMatch(/but the training dataset 'applicants' has no quality suite/);
      expect(unused!.action).toBe('Add a quality suite to every training dataset in the data lane.');
      expect(report.sensitiveAttributes).toEqual([
        {
          name: 'Age',
          source: 'data.column-tags',
          detail: "column 'Age' of dataset 'applicants' is tagged sensitive",
        },
      ]);
      const both = await getTeamHealth({
        ctx,
        input: { sensitiveSources: [...SENSITIVE_ATTRIBUTE_SOURCES, columnTags] },
      });
      expect(both.sensitiveAttributes).toEqual([
        expect.objectContaining({ name: 'age', source: 'declared, data.column-tags' }),
      ]);
    });

    it('reads the data lane itself: a dataset without a suite, and columns tagged sensitive', async () => {
      const noEthicist = FULL_TEAM.filter((seat) => !seat.roles.includes('ai-ethicist'));
      const p = await teamProject(t, noEthicist);
      const dan = p.people[1]!;
      const base = `/api/v1/projects/${p.slug}/datasets/applicants`;
      const upload = await t.app.inject({
        method: 'POST',
        url: `${base}/versions`,
        headers: { authorization: `Bearer ${dan.token}`, 'content-type': 'text/csv' },
        payload: 'age,gender,income,approved\n34,f,52000,yes\n51,m,61000,no\n29,f,38000,yes\n',
      });
      expect(upload.statusCode, upload.body).toBe(201);
      const before = await health(p);
      const [unused] = findings(before, 'responsibility_unused');
      expect(unused).toMatchObject({ responsibilities: ['monitor-data-quality'], people: [dan.username] });
      expect(unused!.detail).toMatch(/no quality suite on 'applicants'/);
      expect(findings(before, 'sensitive_without_ethicist')).toEqual([]);

      const tags = await t.call('PUT', `${base}/tags`, {
        token: dan.token,
        body: { tags: { gender: ['sensitive'], approved: ['target'] } },
      });
      expect(tags.statusCode, tags.body).toBe(200);
      const suite = await t.call('PUT', `${base}/suites/basics`, {
        token: dan.token,
        body: { definition: { checks: [{ type: 'not_null', column: 'approved' }] } },
      });
      expect(suite.statusCode, suite.body).toBe(200);
      const after = await health(p);
      expect(findings(after, 'responsibility_unused')).toEqual([]);
      expect(after.sensitiveAttributes).toEqual([
        { name: 'gender', source: 'data-tags', detail: "tagged sensitive in dataset 'applicants'" },
      ]);
      const [critical] = findings(after, 'sensitive_without_ethicist');
      expect(critical).toMatchObject({ severity: 'critical', roles: ['ai-ethicist'] });
    });

    it('shows the skills-by-role heatmap of the team', async () => {
      const p = await teamProject(t, FULL_TEAM);
      const mel = p.people[3]!;
      await setProfile(p, mel.username, {
        skills: [
          { skill: 'k8s', level: 4 },
          { skill: 'python', level: 5 },
        ],
      });
      const { skillMatrix } = await health(p);
      expect(skillMatrix.roles.map((r) => r.key)).toContain('mlops-engineer');
      expect(skillMatrix.roles.find((r) => r.key === 'mlops-engineer')!.holders).toEqual([mel.username]);
      const cell = (role: string, skill: string) =>
        skillMatrix.cells.find((c) => c.role === role && c.skill === skill);
      expect(cell('mlops-engineer', 'Kubernetes')).toEqual({
        role: 'mlops-engineer',
        skill: 'Kubernetes',
        level: 4,
        people: [mel.username],
      });
      expect(cell('ml-engineer', 'Python')!.level).toBe(5);
      expect(cell('devops-engineer', 'Kubernetes')!.level).toBeNull();
      expect(skillMatrix.skills).toContain('scikit-learn');
    });
  });
}
