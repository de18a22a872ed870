import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestApp, type TestApp } from '../support/test-app.ts';
import {
  addPerson,
  changeSettings,
  FULL_TEAM,
  findings,
  health,
  setRoles,
  teamProject,
  withoutRoles,
} from './team-fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`team health on ${dialect}, from real project set-ups`, () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(() => t.close());

    it('finds nothing wrong with a team that covers every role', async () => {
      const p = await teamProject(t, FULL_TEAM);
      const report = await health(p);
      expect(report.findings).toEqual([]);
      expect(report.summary).toMatchObject({
        status: 'healthy',
        critical: 0,
        warning: 0,
        info: 0,
        people: 6,
      });
      const statuses = new Set(report.coverage.map((c) => c.status));
      expect([...statuses]).toEqual(['covered']);
      // The project admin and the viewer hold access roles, not team roles: they cover nothing.
      expect(report.coverage.every((c) => c.coveredBy.length > 0)).toBe(true);
      const drift = report.coverage.find((c) => c.responsibility === 'monitor-drift')!;
      expect(drift.coveredBy).toEqual([p.people[3]!.username]);
      expect(drift.usage).toEqual([
        expect.objectContaining({ probe: 'monitoring.deployment-monitors', status: 'unchecked' }),
      ]);
    });

    it('flags uncovered responsibilities and clears them when someone takes the role', async () => {
      const p = await teamProject(t, withoutRoles(['devops-engineer']));
      const report = await health(p);
      const [finding] = findings(report, 'uncovered_responsibilities');
      expect(finding).toMatchObject({
        severity: 'warning',
        roles: ['devops-engineer'],
        responsibilities: ['run-production-systems', 'monitor-infrastructure', 'keep-platform-running'],
      });
      expect(finding!.detail).toMatch(/Nobody on the team holds the DevOps engineer role/);
      expect(finding!.action).toMatch(/DevOps engineer role/);
      expect(report.summary.status).toBe('attention');
      expect(report.coverage.find((c) => c.responsibility === 'monitor-infrastructure')!.status).toBe(
        'uncovered',
      );

      const devi = await addPerson(p, ['devops-engineer']);
      const fixed = await health(p);
      expect(findings(fixed, 'uncovered_responsibilities')).toEqual([]);
      expect(fixed.coverage.find((c) => c.responsibility === 'monitor-infrastructure')!.coveredBy).toEqual([
        devi.username,
      ]);
    });

    it('clears uncovered work the project marks as not needed, and suggests who fits', async () => {
      const p = await teamProject(t, [
        ...withoutRoles(['ml-researcher', 'data-scientist']),
        { roles: ['data-scientist'], profile: { background: 'data analyst' } },
        {
          roles: ['data-engineer'],
          profile: {
            background: 'researcher/PhD',
            skills: [
              { skill: 'deep learning', level: 4 },
              { skill: 'PyTorch', level: 4 },
              { skill: 'maths', level: 5 },
            ],
          },
        },
      ]);
      const [finding] = findings(await health(p), 'uncovered_responsibilities');
      expect(finding!.roles).toEqual(['ml-researcher']);
      // The data engineer with a PhD and deep-learning skills is the one who fits the research role.
      expect(finding!.people).toEqual([p.people.at(-1)!.username]);
      expect(finding!.action).toMatch(/role fit \d+/);

      await changeSettings(p, {
        notNeeded: ['implement-papers', 'experiments-and-reports', 'optimise-accuracy-and-efficiency'],
      });
      const fixed = await health(p);
      expect(fixed.findings).toEqual([]);
      expect(fixed.coverage.filter((c) => c.status === 'not_needed')).toHaveLength(3);
    });

    it('flags a data scientist wearing too many hats and clears it when a role is handed over', async () => {
      const p = await teamProject(t, [
        ...withoutRoles(['data-engineer', 'data-scientist']),
        {
          roles: ['data-scientist', 'ml-researcher', 'data-engineer'],
          profile: { background: 'researcher/PhD' },
        },
        {
          roles: ['viewer'],
          profile: {
            background: 'data analyst',
            skills: [
              { skill: 'SQL', level: 5 },
              { skill: 'ETL', level: 4 },
              { skill: 'Airflow', level: 3 },
            ],
          },
        },
      ]);
      const sara = p.people.at(-2)!;
      const report = await health(p);
      const [hats] = findings(report, 'too_many_hats');
      expect(hats).toMatchObject({
        severity: 'warning',
        roles: ['data-engineer', 'data-scientist', 'ml-researcher'],
      });
      expect(hats!.title).toMatch(/\(data scientist\) wears too many hats/);
      expect(hats!.detail).toMatch(
        /holds 3 team roles across 3 lanes .*the project allows 2\. Nobody else covers: /,
      );
      // Hand over the role she fits least, to the analyst whose skills fit it.
      expect(hats!.action).toMatch(/^Hand the Data engineer role to /);
      expect(hats!.people).toEqual([sara.username, p.people.at(-1)!.username]);

      await setRoles(p, sara.username, ['data-scientist', 'ml-researcher']);
      await setRoles(p, p.people.at(-1)!.username, ['data-engineer']);
      expect(findings(await health(p), 'too_many_hats')).toEqual([]);

      // A project may allow more hats deliberately.
      await setRoles(p, sara.username, ['data-scientist', 'ml-researcher', 'data-engineer']);
      expect(findings(await health(p), 'too_many_hats')).toHaveLength(1);
      await changeSettings(p, { maxRolesPerPerson: 3 });
      expect(findings(await health(p), 'too_many_hats')).toEqual([]);
    });

    it('asks the ML engineer of a small team to own MLOps, and clears when they do', async () => {
      const p = await teamProject(t, [
        { roles: ['product-owner', 'product-manager'] },
        { roles: ['data-scientist'] },
        { roles: ['ml-engineer'], profile: { background: 'software developer' } },
        { roles: ['ai-ethicist'] },
      ]);
      const mel = p.people[2]!;
      const report = await health(p);
      const [small] = findings(report, 'small_team_mlops');
      expect(small).toMatchObject({
        severity: 'warning',
        roles: ['ml-engineer', 'mlops-engineer'],
        people: [mel.username],
        responsibilities: ['automate-pipelines', 'version-and-roll-back', 'monitor-drift', 'ci-cd'],
      });
      expect(small!.detail).toMatch(
        /The team has 4 people \(small is 5 or fewer\) and nobody holds the MLOps engineer role/,
      );
      expect(small!.action).toBe(`Give ${mel.username} the MLOps engineer role as well.`);
      // The sharper finding replaces the generic one for MLOps.
      expect(findings(report, 'uncovered_responsibilities').flatMap((f) => f.roles)).not.toContain(
        'mlops-engineer',
      );

      await setRoles(p, mel.username, ['ml-engineer', 'mlops-engineer']);
      const fixed = await health(p);
      expect(findings(fixed, 'small_team_mlops')).toEqual([]);
      expect(fixed.coverage.find((c) => c.responsibility === 'monitor-drift')!.coveredBy).toEqual([
        mel.username,
      ]);
    });

    it('does not call a large team small: missing MLOps is then uncovered work', async () => {
      const p = await teamProject(t, [
        ...withoutRoles(['ml-engineer']),
        { roles: ['ml-engineer'] },
        { roles: ['data-scientist'] },
      ]);
      const report = await health(p);
      expect(findings(report, 'small_team_mlops')).toEqual([]);
      expect(findings(report, 'uncovered_responsibilities').map((f) => f.roles)).toEqual([
        ['mlops-engineer'],
      ]);
    });

    it('flags too many data scientists per ML engineer against the configurable guidance', async () => {
      const scientists = Array.from({ length: 11 }, () => ({ roles: ['data-scientist'] }));
      const p = await teamProject(t, [
        ...withoutRoles(['data-scientist', 'ml-engineer']),
        { roles: ['ml-engineer'] },
        ...scientists,
      ]);
      const report = await health(p);
      expect(report.ratio).toEqual({ dataScientists: 11, mlEngineers: 1, ratio: 11, min: 5, max: 10 });
      const [ratio] = findings(report, 'ds_mle_ratio');
      expect(ratio).toMatchObject({ severity: 'warning', title: '11 data scientists per ML engineer' });
      expect(ratio!.detail).toMatch(
        /11 data scientists share 1 ML engineer: 11 per ML engineer, above the guidance of 5 to 10/,
      );
      expect(ratio!.action).toMatch(/^Add 1 ML engineer/);

      await addPerson(p, ['ml-engineer']);
      const fixed = await health(p);
      expect(fixed.ratio.ratio).toBe(5.5);
      expect(findings(fixed, 'ds_mle_ratio')).toEqual([]);

      // The guidance is the project's to set.
      await changeSettings(p, { dsPerMle: { min: 1, max: 4 } });
      expect(findings(await health(p), 'ds_mle_ratio')).toHaveLength(1);
    });

    it('notes more ML engineers than the data scientists need, and clears with a lower guidance', async () => {
      const p = await teamProject(t, [
        ...withoutRoles(['data-scientist', 'ml-engineer']),
        { roles: ['data-scientist'] },
        { roles: ['ml-engineer'] },
        { roles: ['ml-engineer'] },
      ]);
      const [low] = findings(await health(p), 'ds_mle_ratio');
      expect(low).toMatchObject({ severity: 'info', title: 'Only 0.5 data scientists per ML engineer' });
      await changeSettings(p, { dsPerMle: { min: 0.5, max: 10 } });
      expect(findings(await health(p), 'ds_mle_ratio')).toEqual([]);
    });

    it('flags sensitive attributes without an AI ethicist as critical, and clears when one joins', async () => {
      const p = await teamProject(t, [
        ...withoutRoles(['ai-ethicist']),
        {
          roles: ['viewer'],
          profile: {
            background: 'law',
            skills: [
              { skill: 'GDPR', level: 4 },
              { skill: 'fairness', level: 3 },
            ],
          },
        },
      ]);
      expect(findings(await health(p), 'sensitive_without_ethicist')).toEqual([]);

      await changeSettings(p, { sensitiveAttributes: ['age', 'sex'] });
      const report = await health(p);
      const [finding] = findings(report, 'sensitive_without_ethicist');
      expect(finding).toMatchObject({ severity: 'critical', roles: ['ai-ethicist'] });
      expect(finding!.detail).toMatch(/sensitive attributes: age \(declared\) and sex \(declared\)/);
      // The reader with a law background and fairness skills is the one to ask.
      expect(finding!.people).toEqual([p.people.at(-1)!.username]);
      expect(report.findings[0]).toEqual(finding);
      expect(report.summary.status).toBe('at_risk');
      expect(report.sensitiveAttributes).toEqual([
        { name: 'age', source: 'declared', detail: 'declared in the team settings' },
        { name: 'sex', source: 'declared', detail: 'declared in the team settings' },
      ]);
      expect(findings(report, 'uncovered_responsibilities')).toEqual([]);

      await setRoles(p, p.people.at(-1)!.username, ['ai-ethicist']);
      const fixed = await health(p);
      expect(fixed.findings).toEqual([]);
      expect(fixed.summary.status).toBe('healthy');
    });
  });
}
