import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWorker, type Worker } from '@baton/core';
import { type BatonClient, createBatonClient, signIn } from '@baton/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger, openRuntime, type Runtime, type Server, startServer } from '../../src/runtime.ts';
import { ensureBundle, login, newConfigDir, runBaton, USER_PASSWORD, unique } from '../cli/cli-harness.ts';
import { GERMAN_CREDIT } from './training-app.ts';

const ADMIN = 'admin-train-cli-password';

describe('baton train', () => {
  let home: string;
  let runtime: Runtime;
  let server: Server;
  let worker: Worker;
  let admin: BatonClient;
  let dir: string;
  let viewerDir: string;
  const project = unique('tcli');
  const baton = (args: string[], configDir = dir) => runBaton(args, { configDir });

  beforeAll(async () => {
    ensureBundle();
    home = await mkdtemp(path.join(tmpdir(), 'baton-train-cli-'));
    const config = loadConfig(
      {},
      { home, port: 0, adminPassword: ADMIN, logLevel: 'silent', webRoot: path.join(home, 'web') },
    );
    runtime = await openRuntime(config, createLogger(config));
    server = await startServer(config, runtime);
    worker = createWorker({ services: runtime.services, catalogue: runtime.catalogue, pollIntervalMs: 50 });
    worker.start();
    const session = await signIn({ baseUrl: server.url, username: 'admin', password: ADMIN });
    const { secret } = await session.client.tokens.create({ name: 'setup' });
    await session.signOut();
    admin = createBatonClient({ baseUrl: server.url, token: secret });
    const engineer = unique('mle');
    const viewer = unique('view');
    await admin.users.create({ username: engineer, password: USER_PASSWORD });
    await admin.users.create({ username: viewer, password: USER_PASSWORD });
    await admin.projects.create({ slug: project, name: 'Training CLI' });
    await admin.members.set(project, engineer, ['ml-engineer']);
    await admin.members.set(project, viewer, ['viewer']);
    await admin.data.create(project, 'credit');
    await admin.data.ingest(project, 'credit', new TextEncoder().encode(GERMAN_CREDIT), {
      contentType: 'text/csv',
    });
    const cli = { url: server.url, admin, newUser: async () => '', close: async () => {} };
    dir = await newConfigDir();
    viewerDir = await newConfigDir();
    await login(cli, dir, engineer);
    await login(cli, viewerDir, viewer);
  });
  afterAll(async () => {
    await worker.stop();
    await server.close();
    await runtime.close();
    await rm(home, { recursive: true, force: true });
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
