import { writeFile } from 'node:fs/promises';
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
import { GERMAN_CREDIT } from './training-app.ts';

describe('baton train', () => {
  let cli: CliServer | undefined;
  let dir: string;
  let viewerDir: string;
  const project = unique('tcli');
  const baton = (args: string[], configDir = dir) => runBaton(args, { configDir });

  beforeAll(async () => {
    ensureBundle();
    cli = await startCliServer({ worker: true });
    const { admin } = cli;
    const engineer = await cli.newUser();
    const viewer = await cli.newUser();
    await admin.projects.create({ slug: project, name: 'Training CLI' });
    await admin.members.set(project, engineer, ['ml-engineer']);
    await admin.members.set(project, viewer, ['viewer']);
    await admin.data.create(project, 'credit');
    await admin.data.ingest(project, 'credit', new TextEncoder().encode(GERMAN_CREDIT), {
      contentType: 'text/csv',
    });
    dir = await newConfigDir();
    viewerDir = await newConfigDir();
    await login(cli, dir, engineer);
    await login(cli, viewerDir, viewer);
  });
  afterAll(async () => {
    await cli?.close();
    await Promise.all([dir, viewerDir].filter(Boolean).map(removeDir));
  });

  const base = ['train', '--project', project, '--dataset', 'credit@1'];

  it('trains with --param and --wait, printing the finished run', async () => {
    const result = await baton([
      ...base,
      '--target',
      'Class',
      '--learner',
      'gbdt',
      '--param',
      'nTrees=20',
      '--param',
      'maxDepth=3',
      '--wait',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const run = JSON.parse(result.stdout);
    expect(run.info.status).toBe('FINISHED');
    expect(run.params).toMatchObject({ nTrees: '20', maxDepth: '3' });
    expect(run.metrics.some((m: { key: string }) => m.key === 'test_roc_auc')).toBe(true);
  });

  it('exits non-zero when the run fails, when the request is refused, and for a viewer', async () => {
    const failed = await baton([
      ...base,
      '--target',
      'Age',
      '--feature',
      'Amount',
      '--task',
      'classification',
      '--learner',
      'gbdt',
      '--wait',
    ]);
    expect(failed.code, failed.stderr).toBe(7);
    expect(failed.stderr).toContain('single_example_class');
    const refused = await baton([...base, '--target', 'Class', '--learner', 'gbdt', '--param', 'trees=3']);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toContain("no param 'trees'");
    const viewer = await baton([...base, '--target', 'Class', '--learner', 'gbdt'], viewerDir);
    expect(viewer.code).toBe(4);
  });

  it('refuses to import a file that is not ONNX', async () => {
    const file = path.join(dir, 'not-a-model.onnx');
    await writeFile(file, 'plain text');
    const result = await baton(['train', 'import', file, '--project', project, '--json']);
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('invalid_onnx');
  });
});
