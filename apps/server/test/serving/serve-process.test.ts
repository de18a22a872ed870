import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATON_BIN, REPO_ROOT } from '../support/baton-process.ts';
import { createTestProject, startTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { addVersion, moveAlias, record, registerModel, trainFixture } from './support/registry-fixtures.ts';

const F = 3;

/** Spawns the built `baton serve --deployment NAME` and resolves with its URL once the model is loaded. */
async function startServe(
  home: string,
  deployment: string,
): Promise<{ url: string; proc: ChildProcess; output: () => string }> {
  if (!fs.existsSync(path.join(REPO_ROOT, 'apps/server/dist/baton.js')))
    throw new Error('run `npm run build` first');
  const proc = spawn(
    process.execPath,
    [BATON_BIN, 'serve', '--deployment', deployment, '--port', '0', '--home', home],
    {
      env: { ...process.env, BATON_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    out += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`baton serve was not ready:\n${out}`)), 20_000);
    proc.stderr?.on('data', () => {
      const match = /Baton serving '[^']+' \(version \d+\) at (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`baton serve exited with ${code}:\n${out}`));
    });
  });
  return { url, proc, output: () => out };
}

const exited = (proc: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });

describe('baton serve --deployment: a separate serving process on the shared store', () => {
  let t: TestApp;
  let project: { id: string; slug: string };
  let user: TestUser;
  let deploymentId: string;
  const name = `proc-${process.pid}`;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    project = await createTestProject(t);
    user = await t.userWithRoles(project, ['mlops-engineer']);
    const modelId = await registerModel(t.services, project.id, 'proc');
    const v1 = await addVersion(t.services, project.id, modelId, trainFixture({ features: F }));
    await moveAlias(t.services, modelId, 'production', v1.id);
    const res = await t.call('POST', `/api/v1/projects/${project.slug}/deployments`, {
      token: user.token,
      body: { name, model: 'proc', alias: 'production' },
    });
    deploymentId = res.json().id;
  });
  afterAll(() => t.close());

  const traffic = (url: string, counters: { ok: number; failed: number }, stop: () => boolean) =>
    Array.from({ length: 8 }, async () => {
      while (!stop()) {
        try {
          const res = await fetch(`${url}/serve/${name}/predict`, {
            method: 'POST',
            headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ records: [record(F), record(F, -0.3)] }),
          });
          if (res.status === 200) counters.ok++;
          else counters.failed++;
          await res.arrayBuffer();
        } catch {
          return;
        }
      }
    });

  const logRows = () =>
    t.services.db
      .selectFrom('prediction_log')
      .selectAll()
      .where('deployment_id', '=', deploymentId)
      .execute();

  it('is ready once the model is loaded, serves only its deployment, and loses nothing on SIGTERM', async () => {
    const before = (await logRows()).length;
    const serve = await startServe(t.home, name);
    const ready = await fetch(`${serve.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', health: { primary: { version: 1 } } });
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${serve.url}/api/v1/projects`)).status).toBe(404);
    const other = await fetch(`${serve.url}/serve/another/predict`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: '{"records":[]}',
    });
    expect(other.status).toBe(404);
    const counters = { ok: 0, failed: 0 };
    let stop = false;
    const clients = traffic(serve.url, counters, () => stop);
    while (counters.ok < 300) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await Promise.all(clients);
    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    expect(metrics).toContain(
      `baton_serving_requests_total{deployment="${name}",variant="primary",status="200"}`,
    );
    serve.proc.kill('SIGTERM');
    await exited(serve.proc);
    expect(serve.proc.exitCode).toBe(0);
    expect(counters.failed).toBe(0);
    expect((await logRows()).length - before).toBe(counters.ok);
  });

  it('leaves a readable, consistent prediction log when killed with SIGKILL mid-traffic', async () => {
    const before = (await logRows()).length;
    const serve = await startServe(t.home, name);
    const counters = { ok: 0, failed: 0 };
    let stop = false;
    const clients = traffic(serve.url, counters, () => stop);
    while (counters.ok < 1500) await new Promise((r) => setTimeout(r, 5));
    serve.proc.kill('SIGKILL');
    await exited(serve.proc);
    stop = true;
    await Promise.all(clients);
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(t.services.db);
    expect(integrity.rows[0]?.integrity_check).toBe('ok');
    const rows = (await logRows()).slice(before);
    // Written in whole batches: some made it, none beyond what was answered, each row intact.
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(counters.ok);
    for (const row of rows) {
      expect(JSON.parse(row.inputs_json)).toHaveLength(2);
      expect(JSON.parse(row.outputs_json)).toHaveLength(2);
      expect(row.model_version_id).toBeTruthy();
    }
    // And the store is still usable: the API reads the log back.
    const page = await t.call(
      'GET',
      `/api/v1/projects/${project.slug}/deployments/${name}/predictions?limit=5`,
      { token: user.token },
    );
    expect(page.statusCode).toBe(200);
  });
});
