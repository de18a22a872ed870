import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RoleCatalogue, RoleFitReport, TeamHealthReport } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  type CliServer,
  ensureBundle,
  login,
  newConfigDir,
  removeDir,
  runBaton,
  startCliServer,
  unique,
} from '../cli/cli-harness.ts';

let server: CliServer;
const dirs: string[] = [];
let admin: string;
let scientist: { dir: string; username: string };
let project: string;

async function signedIn(username: string, password?: string): Promise<string> {
  const dir = await newConfigDir();
  dirs.push(dir);
  await login(server, dir, username, password);
  return dir;
}

beforeAll(async () => {
  ensureBundle();
  server = await startCliServer();
  admin = await signedIn('admin', ADMIN_PASSWORD);
  project = unique('team');
  await server.admin.projects.create({ slug: project, name: 'Team CLI' });
  const username = await server.newUser();
  await server.admin.members.set(project, username, ['data-scientist']);
  scientist = { dir: await signedIn(username), username };
});

afterAll(async () => {
  await server?.close();
  await Promise.all(dirs.map(removeDir));
});

describe('baton team roles', () => {
  it('lists the catalogue and shows a role with what serves each responsibility', async () => {
    const json = await runBaton(['team', 'roles', '--json'], { configDir: scientist.dir });
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as RoleCatalogue).roles).toHaveLength(11);
    const table = await runBaton(['team', 'roles'], { configDir: scientist.dir });
    expect(table.stdout).toMatch(/^KEY\s+NAME\s+LANE\s+KIND/);
    expect(table.stdout).toMatch(/mlops-engineer\s+MLOps engineer\s+registry\s+team\s+4/);

    const shown = await runBaton(['team', 'roles', 'show', 'mlops-engineer'], { configDir: scientist.dir });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('  - Monitor models and detect drift [monitor-drift, core]');
    expect(shown.stdout).toContain('      permissions: monitor.manage');
    const unknown = await runBaton(['team', 'roles', 'show', 'wizard'], { configDir: scientist.dir });
    expect(unknown.code).toBe(5);
  });

  it('exports YAML, and imports an edited file as an administrator only', async () => {
    const file = path.join(admin, 'roles.yaml');
    const exported = await runBaton(['team', 'roles', 'export', '-o', file], { configDir: scientist.dir });
    expect(exported.code).toBe(0);
    const yaml = await readFile(file, 'utf8');
    expect(yaml).toMatch(/^# Baton role catalogue/);
    await writeFile(
      file,
      yaml.replace('purpose: Deploys and monitors', 'purpose: Deploys, runs and monitors'),
    );

    const dry = await runBaton(['team', 'roles', 'import', file, '--dry-run'], { configDir: admin });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toBe(
      'Dry run, nothing stored: 0 added, 1 changed (devops-engineer), 0 removed, 10 unchanged.\n',
    );
    const refused = await runBaton(['team', 'roles', 'import', file], { configDir: scientist.dir });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('(forbidden)');
    const applied = await runBaton(['team', 'roles', 'import', file, '--json'], { configDir: admin });
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({
      applied: true,
      changes: { changed: ['devops-engineer'] },
    });
  });

  it('lists every problem of an invalid file and exits 7; a missing file is a usage error', async () => {
    const file = path.join(admin, 'broken.yaml');
    const { yaml } = await server.admin.team.exportRoles();
    await writeFile(
      file,
      yaml.replace('key: data-engineer', 'key: Data Engineer').replace('lane: registry', 'lane: moon'),
    );
    const result = await runBaton(['team', 'roles', 'import', file], { configDir: admin });
    expect(result.code).toBe(7);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ {2}yaml\.roles\.2\.key: a role key is lower-case .* \(line \d+\)$/);
    expect(lines[1]).toMatch(/^ {2}yaml\.roles\.6\.lane: /);
    expect(lines[2]).toMatch(/^baton: the role catalogue has 2 problems; first: .* \(bad_request\)$/);

    const missing = await runBaton(['team', 'roles', 'import', path.join(admin, 'nope.yaml')], {
      configDir: admin,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^baton: cannot read .*nope\.yaml/);
  });
});

describe('baton team fit, profile, people, settings and health', () => {
  it('fits a candidate from free text, reading synonyms', async () => {
    const text = 'Data analyst; SQL every day, Tableau, some stats and a/b testing.';
    const json = await runBaton(['team', 'fit', '--text', text, '--json'], { configDir: scientist.dir });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as RoleFitReport;
    expect(['data-scientist', 'data-engineer']).toContain(report.ranking[0]!.role);
    const human = await runBaton(
      ['team', 'fit', '--skill', 'k8s:4,docker', '--background', 'software engineer'],
      {
        configDir: scientist.dir,
      },
    );
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Starting point: software developer -> ml-engineer, mlops-engineer');
    expect(human.stdout).toMatch(/#\s+ROLE\s+SCORE\s+MATCHED\s+MISSING\n1\s+MLOps engineer \*/);
    const stdin = await runBaton(['team', 'fit', '--text-file', '-', '--json'], {
      configDir: scientist.dir,
      input: 'PhD, papers, PyTorch',
    });
    expect((JSON.parse(stdin.stdout) as RoleFitReport).ranking[0]!.role).toBe('ml-researcher');
  });

  it('refuses bad usage with exit 2 before asking the server', async () => {
    for (const args of [
      ['team', 'fit', '--skill', 'python:9'],
      ['team', 'fit'],
      ['team', 'fit', project],
      ['team', 'fit', project, scientist.username, '--text', 'x'],
      ['team', 'settings', project, '--ds-per-mle', 'lots'],
    ]) {
      const result = await runBaton(args, { configDir: scientist.dir });
      expect(result.code, args.join(' ')).toBe(2);
    }
  });

  it('keeps profiles under the catalogue names and fits a member from theirs', async () => {
    const set = await runBaton(
      [
        'team',
        'profile',
        project,
        scientist.username,
        '--background',
        'Data Analyst',
        '--skill',
        'sql:5,stats:4',
        '--json',
      ],
      { configDir: admin },
    );
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      background: 'data analyst',
      skills: [
        { skill: 'SQL', level: 5 },
        { skill: 'statistics', level: 4 },
      ],
    });
    const people = await runBaton(['team', 'people', project], { configDir: scientist.dir });
    expect(people.stdout).toContain(
      `${scientist.username}  data-scientist  data analyst  SQL 5, statistics 4`,
    );
    const refused = await runBaton(['team', 'profile', project, scientist.username, '--summary', 'me'], {
      configDir: scientist.dir,
    });
    expect(refused.code).toBe(4);
    const fit = await runBaton(['team', 'fit', project, scientist.username], { configDir: scientist.dir });
    expect(fit.code).toBe(0);
    expect(fit.stdout).toMatch(/Data scientist \/ analyst \* \(held\)/);
  });

  it('reports team health and lets those who manage the team change its settings', async () => {
    const refused = await runBaton(['team', 'settings', project, '--sensitive', 'age'], {
      configDir: scientist.dir,
    });
    expect(refused.code).toBe(4);
    const changed = await runBaton(
      ['team', 'settings', project, '--sensitive', 'age,sex', '--max-roles', '3'],
      {
        configDir: admin,
      },
    );
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toContain('Sensitive attributes:   age, sex');

    const json = await runBaton(['team', 'health', project, '--json'], { configDir: scientist.dir });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as TeamHealthReport;
    expect(report.summary.status).toBe('at_risk');
    expect(report.findings[0]!.code).toBe('sensitive_without_ethicist');
    const human = await runBaton(['team', 'health', project], { configDir: scientist.dir });
    expect(human.stdout).toMatch(
      /^Team health of '.*': at risk \(1 critical, \d+ warnings, \d+ notes; 1 people\)/,
    );
    expect(human.stdout).toContain('CRITICAL  Sensitive attributes but no AI ethicist / responsible-AI lead');
    expect(human.stdout).toContain('Sensitive attributes: age (declared), sex (declared)');
  });
});
