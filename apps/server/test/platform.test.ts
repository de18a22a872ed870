import { type Endpoint, endpoints } from '@baton/contracts';
import { createWorker, type Worker } from '@baton/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestProject, DIALECTS, startTestApp, type TestApp } from './support/test-app.ts';

async function until<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 15_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const dialect of DIALECTS) {
  describe(`platform endpoints and jobs over HTTP on ${dialect}`, () => {
    let t: TestApp;
    let worker: Worker;
    beforeAll(async () => {
      t = await startTestApp(dialect);
      worker = createWorker({ services: t.services, catalogue: t.runtime.catalogue, pollIntervalMs: 50 });
      worker.start();
    });
    afterAll(async () => {
      await worker.stop();
      await t.close();
    });

    it('answers health, readiness and server info', async () => {
      expect((await t.call('GET', '/healthz')).json()).toEqual({ status: 'ok' });
      const ready = await t.call('GET', '/readyz');
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({
        status: 'ready',
        checks: { database: { ok: true }, artifacts: { ok: true } },
      });
      const info = (await t.call('GET', '/api/v1/info')).json();
      expect(info).toMatchObject({ name: 'baton', database: dialect });
    });

    it('publishes an OpenAPI document covering every endpoint, and a docs page', async () => {
      const doc = (await t.call('GET', '/api/openapi.json')).json();
      expect(doc.openapi).toBe('3.0.3');
      const operations = new Set<string>();
      for (const ops of Object.values(doc.paths) as Record<string, { operationId: string }>[]) {
        for (const op of Object.values(ops)) operations.add(op.operationId);
      }
      for (const endpoint of Object.values(endpoints) as Endpoint[])
        expect(operations).toContain(endpoint.id);
      const createProject = doc.paths['/api/v1/projects'].post;
      expect(createProject.requestBody.content['application/json'].schema.required).toContain('slug');
      // File bodies are described as such, not as JSON.
      const upload = doc.paths['/api/v1/projects/{project}/datasets/{dataset}/versions'].post;
      expect(upload.requestBody.content['text/csv'].schema).toEqual({ type: 'string', format: 'binary' });
      const page = await t.call('GET', '/api/docs');
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).toContain('/api/openapi.json');
    });

    it('exposes Prometheus metrics with request counts, latency and queue depth', async () => {
      await t.call('GET', '/healthz');
      const metrics = (await t.call('GET', '/metrics')).body;
      expect(metrics).toMatch(/baton_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
      expect(metrics).toContain('baton_http_request_duration_seconds_bucket');
      expect(metrics).toMatch(/baton_jobs\{status="queued"\} \d+/);
      expect(metrics).toContain('baton_process_resident_memory_bytes');
    });

    it('echoes a sane incoming request id and replaces a malformed one', async () => {
      const given = await t.call('GET', '/healthz', { headers: { 'x-request-id': 'trace-abc.123' } });
      expect(given.headers['x-request-id']).toBe('trace-abc.123');
      const bad = await t.call('GET', '/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
      expect(bad.headers['x-request-id']).not.toBe('bad id with spaces');
    });

    it('runs a job started through the API and shows its status, progress and logs', async () => {
      const project = await createTestProject(t);
      const token = project.ownerToken;
      const base = `/api/v1/projects/${project.slug}/jobs`;
      const kinds = (await t.call('GET', '/api/v1/job-kinds', { token })).json().items;
      expect(kinds.map((k: { kind: string }) => k.kind)).toContain('audit.export');

      const started = await t.call('POST', base, { token, body: { kind: 'audit.export' } });
      expect(started.statusCode, started.body).toBe(202);
      const id = started.json().id;
      const done = await until('the job to finish', async () => {
        const job = (await t.call('GET', `${base}/${id}`, { token })).json();
        return ['succeeded', 'failed'].includes(job.status) ? job : undefined;
      });
      expect(done.status).toBe('succeeded');
      expect(done.progress).toBe(1);
      expect(done.result.entries).toBeGreaterThanOrEqual(1);
      const stored = await t.services.artifacts.stat(done.result.digest);
      expect(stored?.size).toBe(done.result.size);
      let text = '';
      for await (const chunk of await t.services.artifacts.get(done.result.digest)) text += chunk;
      expect(JSON.parse(text.split('\n')[0] ?? '').action).toBe('project.create');

      const logs = (await t.call('GET', `${base}/${id}/logs`, { token })).json().items;
      expect(logs.map((l: { message: string }) => l.message).join('\n')).toMatch(
        /exporting \d+ audit entries/,
      );
      const list = (await t.call('GET', `${base}?status=succeeded`, { token })).json();
      expect(list.items.map((j: { id: string }) => j.id)).toContain(id);
      expect((await t.call('POST', `${base}/${id}/cancel`, { token })).statusCode).toBe(409);

      const unknown = await t.call('POST', base, { token, body: { kind: 'no.such-kind' } });
      expect(unknown.statusCode).toBe(400);
      // Another project's member cannot see this job.
      const other = await createTestProject(t);
      expect(
        (await t.call('GET', `/api/v1/projects/${other.slug}/jobs/${id}`, { token: other.ownerToken }))
          .statusCode,
      ).toBe(404);
    });
  });
}
