import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CliServer,
  ensureBundle,
  login,
  newConfigDir,
  removeDir,
  runBaton,
  startCliServer,
  unique,
} from '../cli/cli-harness.ts';
import { FIXTURES } from './data-app.ts';

describe('baton data', () => {
  let cli: CliServer | undefined;
  let home: string;
  let dir: string;
  let viewerDir: string;
  const project = unique('dcli');
  const baton = (args: string[], configDir = dir) => runBaton(args, { configDir });

  beforeAll(async () => {
    ensureBundle();
    cli = await startCliServer({ worker: true });
    home = cli.home;
    const { admin } = cli;
    const engineer = await cli.newUser();
    const viewer = await cli.newUser();
    await admin.projects.create({ slug: project, name: 'Data CLI' });
    await admin.members.set(project, engineer, ['data-engineer']);
    await admin.members.set(project, viewer, ['viewer']);
    dir = await newConfigDir();
    viewerDir = await newConfigDir();
    await login(cli, dir, engineer);
    await login(cli, viewerDir, viewer);
  });
  afterAll(async () => {
    await cli?.close();
    await Promise.all([dir, viewerDir].filter(Boolean).map(removeDir));
  });

  it('ingests a file and shows versions, a version and its profile, as JSON', async () => {
    const file = path.join(FIXTURES, 'german_credit.csv');
    const ingest = await baton(['data', 'ingest', project, 'credit', file, '--json']);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ dataset: 'credit', number: 1, rowCount: 1000 });
    const versions = await baton(['data', 'versions', project, 'credit', '--json']);
    expect(JSON.parse(versions.stdout).items).toHaveLength(1);
    const shown = await baton(['data', 'show', project, 'credit']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('credit@1  1000 rows x 62 columns');
    const profile = await baton(['data', 'profile', project, 'credit', '1', '--wait', '60', '--json']);
    expect(profile.code, profile.stderr).toBe(0);
    expect(JSON.parse(profile.stdout).profile.rowCount).toBe(1000);
    const table = await baton(['data', 'profile', project, 'credit']);
    expect(table.stdout).toContain('ddof=1');
    const list = await baton(['data', 'list', project]);
    expect(list.stdout).toMatch(/credit\s+1\s+1000/);
  });

  it('puts a YAML suite and checks a version, exiting 6 when a check fails', async () => {
    const suiteFile = path.join(home, 'suite.yaml');
    await writeFile(
      suiteFile,
      'checks:\n  - { type: between, column: Age, min: 18, max: 70 }\n  - { type: not_null, column: Class }\n',
    );
    const put = await baton(['data', 'suite', 'put', project, 'credit', 'basic', suiteFile]);
    expect(put.code, put.stderr).toBe(0);
    const check = await baton(['data', 'check', project, 'credit', '--json']);
    expect(check.code, check.stderr).toBe(6);
    const result = JSON.parse(check.stdout);
    expect(result.validation).toBe('failed');
    expect(result.runs[0].results[0]).toMatchObject({ success: false, unexpectedCount: 6 });
    await writeFile(suiteFile, 'checks:\n  - { type: between, column: Age, min: 18, max: 80 }\n');
    expect((await baton(['data', 'suite', 'put', project, 'credit', 'basic', suiteFile])).code).toBe(0);
    const ok = await baton(['data', 'check', project, 'credit']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('credit@latest: validated');
  });

  it('queries with SQL and writes a result file', async () => {
    const q = await baton(
      ['data', 'query', project, 'select Class, count(*) as n from credit group by 1 order by 1', '--json'],
      viewerDir,
    );
    expect(q.code, q.stderr).toBe(0);
    expect(JSON.parse(q.stdout).rows).toEqual([
      ['Bad', '300'],
      ['Good', '700'],
    ]);
    const out = path.join(home, 'out.csv');
    const file = await baton(
      ['data', 'query', project, 'select Age from credit order by Age limit 2', '--output', out],
      viewerDir,
    );
    expect(file.code, file.stderr).toBe(0);
    expect((await readFile(out, 'utf8')).trim().split('\n')).toEqual(['Age', '19', '19']);
    const refused = await baton(
      ['data', 'query', project, "select * from credit, read_csv('/etc/passwd')"],
      viewerDir,
    );
    expect(refused.code).toBe(7);
    expect(refused.stderr).toContain('refused');
  });

  it('fails bad input and wrong roles with clear messages and stable exit codes', async () => {
    const empty = path.join(home, 'empty.csv');
    await writeFile(empty, '');
    const bad = await baton(['data', 'ingest', project, 'credit', empty]);
    expect(bad.code).toBe(7);
    expect(bad.stderr).toContain('empty (0 bytes)');
    const forbidden = await baton(
      ['data', 'ingest', project, 'credit', path.join(FIXTURES, 'arrests.csv')],
      viewerDir,
    );
    expect(forbidden.code).toBe(4);
    expect(forbidden.stderr).toContain('data.write');
    const missing = await baton(['data', 'ingest', project, 'credit', path.join(home, 'nope.csv')]);
    expect(missing.code).toBe(2);
    const unknown = await baton(['data', 'show', project, 'nothing', '--json']);
    expect(unknown.code).toBe(5);
    expect(JSON.parse(unknown.stderr).code).toBe('not_found');
    await rm(empty);
  });
});
