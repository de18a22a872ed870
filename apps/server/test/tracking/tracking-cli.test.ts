import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CliServer,
  ensureBundle,
  login,
  newConfigDir,
  runBaton,
  startCliServer,
  unique,
} from '../cli/cli-harness.ts';

describe('baton experiments / baton runs', () => {
  let server: CliServer;
  let dir: string;
  let viewerDir: string;
  const project = unique('tcli');
  let runId: string;
  const baton = (args: string[], configDir = dir) => runBaton(args, { configDir });

  beforeAll(async () => {
    ensureBundle();
    server = await startCliServer();
    const researcher = await server.newUser();
    const viewer = await server.newUser();
    await server.admin.projects.create({ slug: project, name: 'Tracking CLI' });
    await server.admin.members.set(project, researcher, ['ml-researcher']);
    await server.admin.members.set(project, viewer, ['viewer']);
    dir = await newConfigDir();
    viewerDir = await newConfigDir();
    await login(server, dir, researcher);
    await login(server, viewerDir, viewer);
  });
  afterAll(() => server.close());

  it('creates an experiment, searches runs as a table and as JSON, ends a run, downloads an artifact', async () => {
    const created = await baton(['experiments', 'create', project, 'cli-exp', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const experiment = JSON.parse(created.stdout);
    // Runs are logged through the SDK (as training code would), then read through the CLI.
    const admin = server.admin;
    const run = await admin.tracking.startRun(project, experiment.id, {
      name: 'cli-run',
      flushIntervalMs: 0,
    });
    run.logMetric('auc', 0.87);
    run.logParam('lr', 0.1);
    await run.flush();
    await run.logArtifact('notes.txt', 'hello');
    runId = run.id;
    const table = await baton([
      'runs',
      'search',
      project,
      '--filter',
      'metrics.auc > 0.8',
      '--order-by',
      'metrics.auc DESC',
    ]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/RUN\s+NAME\s+STATUS\s+STARTED\s+AUC/);
    expect(table.stdout).toContain('cli-run');
    const json = await baton(['runs', 'search', project, '--filter', 'metrics.auc > 0.8', '--json']);
    expect(JSON.parse(json.stdout).runs[0].info.id).toBe(runId);
    const out = path.join(dir, 'notes.txt');
    const art = await baton(['runs', 'artifact', project, runId, 'notes.txt', out]);
    expect(art.code, art.stderr).toBe(0);
    expect(await readFile(out, 'utf8')).toBe('hello');
    const ended = await baton(['runs', 'end', project, runId, 'failed', '--json']);
    expect(JSON.parse(ended.stdout).status).toBe('FAILED');
    const shown = await baton(['runs', 'show', project, runId]);
    expect(shown.stdout).toContain('param  lr = 0.1');
  });

  it('exits with a usage error on a bad filter and forbidden for a viewer', async () => {
    const bad = await baton(['runs', 'search', project, '--filter', 'metrics.auc >', '--json']);
    expect(bad.code).not.toBe(0);
    expect(JSON.parse(bad.stderr).detail ?? JSON.parse(bad.stderr).message).toContain('position');
    const denied = await baton(['runs', 'end', project, runId], viewerDir);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('experiment.write');
  });
});
