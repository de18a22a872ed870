import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREDICT_BODY_LIMIT } from '../../src/serving/install-serving.ts';
import { createTestProject, startTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { addVersion, moveAlias, record, registerModel, trainFixture } from './support/registry-fixtures.ts';

const F = 3;
const SECURITY = ['x-content-type-options', 'x-frame-options', 'referrer-policy'];

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  json: Record<string, unknown>;
}

/**
 * Real HTTP reaches the lean node:http listener; `inject()` reaches the Fastify route. Every
 * case is sent both ways and must get the same answer: status, code, message, headers.
 */
describe('predict over HTTP: the lean listener answers exactly as the Fastify route', () => {
  let t: TestApp;
  let url: string;
  let viewer: TestUser;
  let outsider: TestUser;
  const name = 'lean-strict';

  beforeAll(async () => {
    t = await startTestApp();
    const project = await createTestProject(t);
    const mlops = await t.userWithRoles(project, ['mlops-engineer']);
    viewer = await t.userWithRoles(project, ['viewer']);
    outsider = await t.user();
    const modelId = await registerModel(t.services, project.id, 'credit');
    const v1 = await addVersion(t.services, project.id, modelId, trainFixture({ features: F }));
    await moveAlias(t.services, modelId, 'production', v1.id);
    const res = await t.call('POST', `/api/v1/projects/${project.slug}/deployments`, {
      token: mlops.token,
      body: { name, model: 'credit', alias: 'production', config: { maxRows: 50, allowMissing: false } },
    });
    expect(res.statusCode, res.body).toBe(201);
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => t.close());

  const viaHttp = async (path: string, body: string, headers: Record<string, string>): Promise<Answer> => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers, body });
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      json: (await res.json()) as Record<string, unknown>,
    };
  };
  const viaInject = async (path: string, body: string, headers: Record<string, string>): Promise<Answer> => {
    const res = await t.app.inject({ method: 'POST', url: path, payload: body, headers });
    return {
      status: res.statusCode,
      headers: res.headers as Record<string, string | undefined>,
      json: res.json() as Record<string, unknown>,
    };
  };
  const comparable = (a: Answer) => {
    const { requestId: _id, predictions, ...rest } = a.json;
    return {
      status: a.status,
      body: rest,
      predictions,
      contentType: a.headers['content-type'],
      deployment: a.headers['x-baton-deployment'],
      security: SECURITY.map((h) => a.headers[h]),
      requestIdEchoed: a.headers['x-request-id'] === a.json.requestId,
    };
  };

  const ok = JSON.stringify({ records: [record(F)] });
  const cases: {
    label: string;
    path?: string;
    body: string;
    token?: string | null;
    status: number;
    code?: string;
    detail?: string;
  }[] = [
    { label: 'a record', body: ok, status: 200 },
    {
      label: 'columns',
      body: JSON.stringify({ columns: { x0: [1, 2], x1: [3, 4], x2: [5, 6] } }),
      status: 200,
    },
    {
      label: 'a missing column',
      body: JSON.stringify({ records: [{ x0: 1, x1: 2 }] }),
      status: 400,
      code: 'bad_request',
    },
    {
      label: 'extra columns',
      body: JSON.stringify({ records: [record(F, 1, { zip: 'x' })] }),
      status: 400,
      code: 'bad_request',
    },
    {
      label: 'a mistyped column',
      body: JSON.stringify({ records: [record(F, 1, { x1: 'high' })] }),
      status: 400,
      code: 'bad_request',
    },
    {
      label: 'a missing value the deployment forbids',
      body: JSON.stringify({ records: [record(F, 1, { x0: null })] }),
      status: 400,
      code: 'bad_request',
    },
    {
      label: '10,000 rows over the cap of 50',
      body: JSON.stringify({ records: Array.from({ length: 10_000 }, () => record(F)) }),
      status: 413,
      code: 'payload_too_large',
    },
    {
      label: 'NaN, which JSON cannot carry',
      body: '{"records": [{"x0": NaN, "x1": 1, "x2": 2}]}',
      status: 400,
      code: 'invalid_json',
      detail: 'send null for a missing value',
    },
    {
      label: 'a number beyond float32 (1e999 parses as Infinity)',
      body: '{"records": [{"x0": 1e999, "x1": 1, "x2": 2}]}',
      status: 400,
      code: 'bad_request',
      detail: 'records.0.x0 must be a finite number',
    },
    {
      label: 'a number beyond float32 (1e39)',
      body: '{"records": [{"x0": 1, "x1": -1e39, "x2": 2}]}',
      status: 400,
      code: 'bad_request',
      detail: 'records.0.x1 must be a finite number',
    },
    { label: 'an empty body', body: '', status: 400, code: 'invalid_json' },
    { label: 'no rows', body: '{"records": []}', status: 400, code: 'bad_request' },
    { label: 'no token', body: ok, token: null, status: 401, code: 'unauthenticated' },
    { label: 'a wrong token', body: ok, token: 'baton_pat_wrong', status: 401 },
    { label: 'a caller outside the project', body: ok, token: 'outsider', status: 404, code: 'not_found' },
    {
      label: 'an unknown deployment',
      path: '/serve/no-such-deployment/predict',
      body: ok,
      status: 404,
      code: 'not_found',
    },
    {
      label: 'an unknown deployment without a token',
      path: '/serve/no-such-deployment/predict',
      body: ok,
      token: null,
      status: 401,
    },
  ];

  for (const c of cases) {
    it(`answers ${c.label} with ${c.status}, the same both ways`, async () => {
      const token = c.token === undefined ? viewer.token : c.token === 'outsider' ? outsider.token : c.token;
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      };
      const path = c.path ?? `/serve/${name}/predict`;
      const before = t.app.batonServing.leanRequests;
      const lean = await viaHttp(path, c.body, headers);
      expect(t.app.batonServing.leanRequests).toBe(before + 1);
      const routed = await viaInject(path, c.body, headers);
      expect(lean.status, JSON.stringify(lean.json)).toBe(c.status);
      if (c.code) expect(lean.json.code).toBe(c.code);
      if (c.detail) expect(lean.json.detail).toContain(c.detail);
      expect(comparable(lean)).toEqual(comparable(routed));
      expect(lean.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  }

  it('keeps a valid request id the caller sends, and counts the call in the HTTP and serving metrics', async () => {
    const scrape = async () => (await fetch(`${url}/metrics`)).text();
    const count = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
    const http200 =
      /baton_http_requests_total\{method="POST",route="\/serve\/:deployment\/predict",status="200"\} (\d+)/;
    const served = new RegExp(
      `baton_serving_requests_total\\{deployment="${name}",variant="primary",status="200"\\} (\\d+)`,
    );
    const before = await scrape();
    const res = await viaHttp(`/serve/${name}/predict`, ok, {
      'content-type': 'application/json; charset=utf-8',
      authorization: `Bearer ${viewer.token}`,
      'x-request-id': 'client-chosen.id-1',
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('client-chosen.id-1');
    expect(res.json.requestId).toBe('client-chosen.id-1');
    const after = await scrape();
    expect(count(after, http200)).toBe(count(before, http200) + 1);
    expect(count(after, served)).toBe(count(before, served) + 1);
  });

  it('refuses a body over the limit from its declared length, without reading it', async () => {
    const socket = net.connect(Number(new URL(url).port), '127.0.0.1');
    const reply = await new Promise<string>((resolve, reject) => {
      let text = '';
      socket.on('data', (d) => {
        text += d;
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.write(
        `POST /serve/${name}/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
          `Authorization: Bearer ${viewer.token}\r\nContent-Length: ${PREDICT_BODY_LIMIT + 1}\r\n\r\n{"records":`,
      );
    });
    socket.destroy();
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toMatch(/connection: close/i);
    expect(reply).toContain('"code":"payload_too_large"');
  });

  it('leaves other methods, bodies that are not JSON and cookie sessions to the Fastify route', async () => {
    const before = t.app.batonServing.leanRequests;
    const plain = { 'content-type': 'text/plain', authorization: `Bearer ${viewer.token}` };
    const text = await viaHttp(`/serve/${name}/predict`, 'x0=1', plain);
    expect(text.status).toBe(400);
    expect(comparable(text)).toEqual(comparable(await viaInject(`/serve/${name}/predict`, 'x0=1', plain)));
    const xml = await viaHttp(`/serve/${name}/predict`, '<x/>', {
      ...plain,
      'content-type': 'application/xml',
    });
    expect(xml.status).toBe(415);
    expect(xml.json.code).toBe('unsupported_media_type');
    // A GET is not a predict call (the web UI's fallback answers it).
    const get = await fetch(`${url}/serve/${name}/predict`);
    expect(get.headers.get('x-baton-deployment')).toBeNull();
    // Read the answer to its end: an unread body keeps the connection busy and app.close() waiting.
    await get.arrayBuffer();
    const cookie = await fetch(`${url}/serve/${name}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'baton_session=nonsense' },
      body: ok,
    });
    expect(cookie.status).toBe(401);
    await cookie.arrayBuffer();
    expect(t.app.batonServing.leanRequests).toBe(before);
  });
});
