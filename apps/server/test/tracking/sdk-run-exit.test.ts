import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createBatonClient } from '@baton/sdk';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/baton-process.ts';
import { createTestProject, startTestApp, type TestApp, type TestUser } from '../support/test-app.ts';

// A script that logs through the SDK and never calls flush() or end(): it just runs out of work.
const SCRIPT = `
import { createBatonClient } from '@baton/sdk';
const baton = createBatonClient({ baseUrl: process.env.URL, token: process.env.TOKEN });
const run = await baton.tracking.startRun(process.env.PROJECT, 'exit', { name: process.env.RUN });
run.logParams({ lr: 0.1 });
for (let step = 0; step < 1500; step++) run.logMetric('loss', 1 / (step + 1), step);
if (process.env.FAIL) process.exitCode = 3;
`;

describe('an SDK run left open when the script ends', () => {
  let t: TestApp;
  let project: { id: string; slug: string };
  let researcher: TestUser;
  let url: string;
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    project = await createTestProject(t);
    researcher = await t.userWithRoles(project, ['ml-researcher']);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-sdk-exit-'));
    bundle = path.join(dir, 'script.mjs');
    await build({
      stdin: { contents: SCRIPT, resolveDir: REPO_ROOT, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: bundle,
      logLevel: 'silent',
      // Some bundled dependencies are CommonJS and require Node's built-ins.
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
    const client = createBatonClient({ baseUrl: url, token: researcher.token });
    await client.tracking.createExperiment(project.slug, 'exit');
  });

  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const runScript = (name: string, env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bundle], {
        env: { ...process.env, URL: url, TOKEN: researcher.token, PROJECT: project.slug, RUN: name, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('exit', (code) => resolve({ code, stderr }));
    });

  const runNamed = async (name: string) => {
    const client = createBatonClient({ baseUrl: url, token: researcher.token });
    const { runs } = await client.tracking.searchRuns(project.slug, {
      filter: `attributes.run_name = '${name}'`,
    });
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    const history = await client.tracking.metricHistory(project.slug, run.info.id, 'loss');
    return { run, total: history.total };
  };

  it('flushes every buffered metric and ends the run FINISHED', async () => {
    const { code, stderr } = await runScript('clean');
    expect(code, stderr).toBe(0);
    const { run, total } = await runNamed('clean');
    expect(run.info.status).toBe('FINISHED');
    expect(run.params).toEqual({ lr: '0.1' });
    expect(total).toBe(1500);
  });

  it('ends the run FAILED when the process exits with a failure code', async () => {
    const { code } = await runScript('failing', { FAIL: '1' });
    expect(code).toBe(3);
    const { run, total } = await runNamed('failing');
    expect(run.info.status).toBe('FAILED');
    expect(total).toBe(1500);
  });
});
