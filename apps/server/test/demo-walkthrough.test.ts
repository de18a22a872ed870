import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatonProcess, REPO_ROOT, signIn, startBatonProcess } from './support/baton-process.ts';

// The README's promise: one start seeds a project whose baton has gone through every lane
// (data -> training run -> model version -> gated, approved promotion -> live deployment).
const PASSWORD = 'walkthrough-demo-pw';

describe('the demo walks the whole baton on first start', () => {
  let baton: BatonProcess | undefined;
  let home = '';
  let headers: Record<string, string> = {};

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-walkthrough-'));
    baton = await startBatonProcess({
      home,
      args: ['--demo'],
      env: { BATON_ADMIN_PASSWORD: PASSWORD, BATON_DEMO_PASSWORD: PASSWORD },
    });
    // Vic is a viewer: everything below is readable by the least privileged member.
    headers = await signIn(baton.url, 'vic', PASSWORD);
  });

  afterAll(async () => {
    await baton?.stop();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  const get = async (p: string) => {
    const res = await fetch(`${baton!.url}/api/v1/projects/credit-risk${p}`, { headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('ends with a production model behind its gates, served and answering predictions', async () => {
    const deadline = Date.now() + 90_000;
    let deployments: { name: string }[] = [];
    while (Date.now() < deadline) {
      deployments = (await get('/deployments')).body.items as { name: string }[];
      if (deployments.length > 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(deployments.map((d) => d.name)).toEqual(['credit-risk']);

    const history = (await get('/models/credit-risk/history?alias=production')).body.items as {
      kind: string;
      actor: string;
      toVersion: number;
      gateReport: { passed: boolean; gates: { gate: string; passed: boolean }[] };
    }[];
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: 'promote', actor: 'mel', toVersion: 1 });
    expect(history[0]!.gateReport.passed).toBe(true);
    expect(history[0]!.gateReport.gates.map((g) => g.gate).sort()).toEqual(
      [
        'approval:ai-ethicist',
        'approval:mlops-engineer',
        'data:validated',
        'metric:test_roc_auc>=0.7',
      ].sort(),
    );

    const approvals = (await get('/models/credit-risk/versions/1/approvals')).body.items as {
      approver: string;
      role: string;
    }[];
    expect(approvals.map((a) => `${a.approver}:${a.role}`).sort()).toEqual([
      'erin:ai-ethicist',
      'omar:mlops-engineer',
    ]);

    // Lineage: the version came from a training run on the validated German credit version.
    const lineage = (await get('/models/credit-risk/versions/1/lineage')).body;
    expect(JSON.stringify(lineage)).toContain('german_credit');

    const csv = fs.readFileSync(path.join(REPO_ROOT, 'examples/german_credit.csv'), 'utf8').split('\n');
    const names = JSON.parse(`[${csv[0]}]`) as string[];
    const values = csv[1]!.split(',');
    const record: Record<string, number | string> = {};
    names.forEach((name, i) => {
      if (name !== 'Class') record[name] = Number(values[i]);
    });
    const res = await fetch(`${baton!.url}/serve/credit-risk/predict`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ records: [record] }),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { version: number; predictions: { label: string }[] };
    expect(answer.version).toBe(1);
    expect(['Good', 'Bad']).toContain(answer.predictions[0]!.label);
  }, 120_000);
});
