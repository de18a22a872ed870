import { writeFile } from 'node:fs/promises';
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
import { smallModelFiles } from './registry-fixtures.ts';

describe('baton model', () => {
  let server: CliServer;
  let engineerDir: string;
  let mlopsDir: string;
  const project = unique('mcli');
  const runIds: string[] = [];
  const as = (configDir: string, args: string[]) => runBaton([...args, '--project', project], { configDir });

  beforeAll(async () => {
    ensureBundle();
    server = await startCliServer();
    const engineer = await server.newUser();
    const mlops = await server.newUser();
    await server.admin.projects.create({ slug: project, name: 'Registry CLI' });
    await server.admin.members.set(project, engineer, ['ml-engineer']);
    await server.admin.members.set(project, mlops, ['mlops-engineer']);
    engineerDir = await newConfigDir();
    mlopsDir = await newConfigDir();
    await login(server, engineerDir, engineer);
    await login(server, mlopsDir, mlops);
    const experiment = await server.admin.tracking.createExperiment(project, 'registry-cli');
    const files = smallModelFiles();
    for (const auc of [0.7, 0.75]) {
      const run = await server.admin.tracking.startRun(project, experiment.id, { flushIntervalMs: 0 });
      run.logMetric('roc_auc', auc);
      await run.logArtifact('model.onnx', new Uint8Array(files.onnx));
      await run.logArtifact('signature.json', files.signature);
      await run.end();
      runIds.push(run.id);
    }
  });
  afterAll(() => server.close());

  it('registers, then promote exits 9 printing every failing gate', async () => {
    const registered = await as(engineerDir, [
      'model',
      'register',
      'credit',
      '--run',
      runIds[0]!,
      '--create',
      '--json',
    ]);
    expect(registered.code, registered.stderr).toBe(0);
    expect(JSON.parse(registered.stdout).version).toBe(1);
    const policyFile = path.join(mlopsDir, 'production.yaml');
    await writeFile(
      policyFile,
      [
        'metrics:',
        '  - { metric: roc_auc, op: ">=", value: 0.8 }',
        'approvals:',
        '  - { role: ai-ethicist, count: 1 }',
        'hooks: [fairness]',
      ].join('\n'),
    );
    const bad = path.join(mlopsDir, 'bad.yaml');
    await writeFile(bad, 'metrics: [{ metric: roc_auc, op: "~", value: 1 }]');
    const refused = await as(mlopsDir, ['model', 'policy', 'set', 'production', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('metrics.0.op');
    const set = await as(mlopsDir, ['model', 'policy', 'set', 'production', policyFile]);
    expect(set.code, set.stderr).toBe(0);

    const blocked = await as(mlopsDir, [
      'model',
      'promote',
      'credit',
      '--version',
      '1',
      '--alias',
      'production',
    ]);
    expect(blocked.code).toBe(9);
    expect(blocked.stderr).toContain('FAIL  metric:roc_auc>=0.8');
    expect(blocked.stderr).toContain('FAIL  approval:ai-ethicist');
    expect(blocked.stderr).toContain('FAIL  hook:fairness  check not available');
    const json = await as(mlopsDir, [
      'model',
      'promote',
      'credit',
      '--version',
      '1',
      '--alias',
      'production',
      '--json',
    ]);
    expect(json.code).toBe(9);
    expect(JSON.parse(json.stderr)).toMatchObject({ code: 'gates_failed', status: 422 });
    const gates = await as(mlopsDir, ['model', 'gates', 'credit', '--version', '1', '--alias', 'production']);
    expect(gates.code).toBe(9);
    expect(gates.stdout).toContain('3 gate(s) failing');
    const wrongRole = await as(engineerDir, [
      'model',
      'promote',
      'credit',
      '--version',
      '1',
      '--alias',
      'production',
    ]);
    expect(wrongRole.code).toBe(4);
  });

  it('promotes an ungated alias, rolls it back in one command and shows the history', async () => {
    await as(engineerDir, ['model', 'register', 'credit', '--run', runIds[1]!]);
    const first = await as(mlopsDir, ['model', 'promote', 'credit', '--version', '1', '--alias', 'champion']);
    expect(first.code, first.stderr).toBe(0);
    const second = await as(mlopsDir, [
      'model',
      'promote',
      'credit',
      '--version',
      '2',
      '--alias',
      'champion',
      '--reason',
      'better',
    ]);
    expect(second.stdout).toContain('champion: v1 -> v2 (promote, revision 2) better');
    const back = await as(mlopsDir, [
      'model',
      'rollback',
      'credit',
      '--alias',
      'champion',
      '--reason',
      'p99 regression',
    ]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain('champion: v2 -> v1 (rollback, revision 3)');
    const history = await as(engineerDir, ['model', 'history', 'credit', '--alias', 'champion']);
    expect(history.stdout).toMatch(/v2 -> v1\s+rollback/);
    const show = await as(engineerDir, ['model', 'show', 'credit']);
    expect(show.stdout).toContain('@champion -> v1');
  });
});
