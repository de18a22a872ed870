import { exportModelOnnx, fitModel, tableFromRecords } from '@baton/ml';
import type { TestApp } from '../support/test-app.ts';

let cached: { onnx: Buffer; signature: string } | undefined;

/** A small real classifier exported to ONNX with its signature. */
export function smallModelFiles(): { onnx: Buffer; signature: string } {
  if (cached) return cached;
  const rows = Array.from({ length: 40 }, (_, i) => ({ x: i % 10, y: i % 10 > 4 ? 'yes' : 'no' }));
  const table = tableFromRecords(rows, { x: 'numeric', y: 'categorical' });
  const model = fitModel({ table, target: 'y', task: 'classification', learner: { kind: 'logistic' } });
  const exported = exportModelOnnx(model);
  cached = { onnx: Buffer.from(exported.onnx), signature: JSON.stringify(exported.signature) };
  return cached;
}

async function expectStatus(res: { statusCode: number; body: string }, status: number, what: string) {
  if (res.statusCode !== status) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
}

/** Through Baton's API as `token` (a writer of experiments): a finished run with model.onnx, signature.json and metrics. */
export async function apiRunWithModel(
  t: TestApp,
  slug: string,
  token: string,
  metrics: Record<string, number> = {},
): Promise<string> {
  const exp = await t.call('POST', `/api/v1/projects/${slug}/experiments`, {
    token,
    body: { name: `exp-${Math.random().toString(36).slice(2, 10)}` },
  });
  await expectStatus(exp, 201, 'create experiment');
  const run = await t.call('POST', `/api/v1/projects/${slug}/experiments/${exp.json().id}/runs`, {
    token,
    body: {},
  });
  await expectStatus(run, 201, 'create run');
  const runId = run.json().info.id as string;
  const files = smallModelFiles();
  for (const [path, body] of [
    ['model.onnx', files.onnx],
    ['signature.json', Buffer.from(files.signature)],
  ] as const) {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/projects/${slug}/runs/${runId}/artifacts?path=${path}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      payload: body,
    });
    await expectStatus(res, 201, `upload ${path}`);
  }
  const entries = Object.entries(metrics);
  if (entries.length > 0) {
    const res = await t.call('POST', `/api/v1/projects/${slug}/runs/${runId}/log-batch`, {
      token,
      body: { metrics: entries.map(([key, value]) => ({ key, value, step: 0, timestamp: Date.now() })) },
    });
    await expectStatus(res, 200, 'log metrics');
  }
  await expectStatus(
    await t.call('PATCH', `/api/v1/projects/${slug}/runs/${runId}`, { token, body: { status: 'FINISHED' } }),
    200,
    'end run',
  );
  return runId;
}
