import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundle, newConfigDir, removeDir, runBaton } from '../cli/cli-harness.ts';
import { createTestProject, startTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { addVersion, moveAlias, record, registerModel, trainFixture } from './support/registry-fixtures.ts';

describe('baton deployment', () => {
  let t: TestApp;
  let project: { id: string; slug: string };
  let mlops: TestUser;
  let viewer: TestUser;
  let url: string;
  let dir: string;
  const baton = (args: string[], token = mlops.token) =>
    runBaton(args, { configDir: dir, env: { BATON_URL: url, BATON_TOKEN: token } });

  beforeAll(async () => {
    ensureBundle();
    t = await startTestApp('sqlite');
    project = await createTestProject(t);
    mlops = await t.userWithRoles(project, ['mlops-engineer']);
    viewer = await t.userWithRoles(project, ['viewer']);
    const modelId = await registerModel(t.services, project.id, 'cli-model');
    const v1 = await addVersion(t.services, project.id, modelId, trainFixture());
    const v2 = await addVersion(t.services, project.id, modelId, trainFixture({ flip: true }));
    await moveAlias(t.services, modelId, 'production', v1.id);
    await moveAlias(t.services, modelId, 'challenger', v2.id);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    dir = await newConfigDir();
  });
  afterAll(async () => {
    await t.close();
    await removeDir(dir);
  });

  it('creates, lists, splits, stops, reads the log, exports it and deletes', async () => {
    const created = await baton([
      'deployment',
      'create',
      project.slug,
      'cli-dep',
      '--model',
      'cli-model',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'cli-dep', current: { version: 1 } });
    const listed = await baton(['deployment', 'list', project.slug]);
    expect(listed.stdout).toContain('cli-model@production');
    expect(listed.stdout).toContain('v1');
    const split = await baton([
      'deployment',
      'split',
      project.slug,
      'cli-dep',
      '--challenger',
      'challenger',
      '--canary',
      '25',
      '--json',
    ]);
    expect(split.code, split.stderr).toBe(0);
    expect(JSON.parse(split.stdout)).toMatchObject({
      mode: 'canary',
      canaryPercent: 25,
      challenger: { version: 2 },
    });
    for (let i = 0; i < 4; i++) {
      const res = await t.call('POST', '/serve/cli-dep/predict', {
        token: viewer.token,
        body: { records: [record(3)] },
      });
      expect(res.statusCode).toBe(200);
    }
    await (await t.app.batonServing.peek('cli-dep'))!.flushLog();
    const log = await baton(['deployment', 'log', project.slug, 'cli-dep', '--since', '10m', '--json']);
    expect(log.code, log.stderr).toBe(0);
    expect(
      JSON.parse(log.stdout)
        .items.map((e: { variant: string }) => e.variant)
        .sort(),
    ).toEqual(['canary', 'primary', 'primary', 'primary']);
    const out = path.join(dir, 'log.ndjson');
    const exported = await baton(['deployment', 'export', project.slug, 'cli-dep', out]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(4);
    const show = await baton(['deployment', 'show', project.slug, 'cli-dep']);
    expect(show.stdout).toContain('health ready');
    const stopped = await baton(['deployment', 'stop', project.slug, 'cli-dep']);
    expect(stopped.stdout).toContain('cli-dep is stopped');
    // A viewer may read but not manage: the CLI exits non-zero with the server's reason.
    const denied = await baton(['deployment', 'delete', project.slug, 'cli-dep'], viewer.token);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('deployment.manage');
    const deleted = await baton(['deployment', 'delete', project.slug, 'cli-dep']);
    expect(deleted.code, deleted.stderr).toBe(0);
  });
});
