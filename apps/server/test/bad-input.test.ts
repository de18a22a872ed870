import { randomUUID } from 'node:crypto';
import { type Endpoint, endpoints, problemSchema } from '@baton/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestProject, startTestApp, type TestApp } from './support/test-app.ts';

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = problemSchema.parse(res.json());
  expect(problem.code).toBe(code);
  expect(problem.status).toBe(status);
  expect(problem.detail.length).toBeGreaterThan(0);
  expect(problem.requestId).toBe(res.headers['x-request-id']);
  return problem;
}

describe('bad input gets a 4xx problem with a stable code, never a 500', () => {
  let t: TestApp;
  let project: { id: string; slug: string; ownerToken: string };

  beforeAll(async () => {
    t = await startTestApp();
    project = await createTestProject(t);
  });
  afterAll(() => t.close());

  it('malformed JSON', async () => {
    const res = await t.call('POST', '/api/v1/projects', {
      token: project.ownerToken,
      body: '{"slug": "abc", ',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400, 'invalid_json');
  });

  it('wrong types, with the failing field named', async () => {
    const res = await t.call('POST', '/api/v1/projects', {
      token: project.ownerToken,
      body: { slug: 42, name: ['x'] },
    });
    const problem = expectProblem(res, 400, 'bad_request');
    expect(problem.errors?.map((e) => e.path)).toEqual(expect.arrayContaining(['body.slug', 'body.name']));
  });

  it('a 10 MB body to a small endpoint', async () => {
    const huge = JSON.stringify({ username: 'x'.repeat(10 * 1024 * 1024), password: 'y' });
    const res = await t.call('POST', '/api/v1/auth/login', {
      body: huge,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 413, 'payload_too_large');
    const res2 = await t.call('POST', '/api/v1/projects', {
      token: project.ownerToken,
      body: huge,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res2, 413, 'payload_too_large');
  });

  it('a body type the endpoint does not take', async () => {
    const res = await t.call('POST', '/api/v1/projects', {
      token: project.ownerToken,
      body: 'slug=abc',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(res, 415, 'unsupported_media_type');
  });

  it('unknown ids', async () => {
    const token = project.ownerToken;
    expectProblem(
      await t.call('GET', `/api/v1/projects/${project.slug}/jobs/${randomUUID()}`, { token }),
      404,
      'not_found',
    );
    expectProblem(await t.call('DELETE', `/api/v1/tokens/${randomUUID()}`, { token }), 404, 'not_found');
    expectProblem(await t.call('GET', '/api/v1/projects/no-such-project', { token }), 404, 'not_found');
    expectProblem(
      await t.call('PUT', `/api/v1/projects/${project.slug}/members/ghost-user`, {
        token,
        body: { roles: ['viewer'] },
      }),
      404,
      'not_found',
    );
    expectProblem(
      await t.call('PUT', `/api/v1/projects/${project.slug}/members/admin`, {
        token,
        body: { roles: ['wizard'] },
      }),
      400,
      'bad_request',
    );
    expectProblem(await t.call('GET', '/api/v1/nothing-here', { token }), 404, 'route_not_found');
    expectProblem(await t.call('POST', '/nothing/here', { token }), 404, 'route_not_found');
    expectProblem(await t.call('GET', '/%E0%A4%A', { token }), 400, 'bad_request');
  });

  it('an expired token and a revoked token', async () => {
    const user = await t.user();
    const created = await t.call('POST', '/api/v1/tokens', {
      token: user.token,
      body: { name: 'short', expiresInDays: 1 },
    });
    expect(created.statusCode).toBe(201);
    const { token, secret } = created.json();
    await t.services.db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', token.id)
      .execute();
    const expired = expectProblem(
      await t.call('GET', '/api/v1/auth/me', { token: secret }),
      401,
      'token_expired',
    );
    expect(expired.detail).toMatch(/expired/);

    const other = (
      await t.call('POST', '/api/v1/tokens', { token: user.token, body: { name: 'gone' } })
    ).json();
    expect(
      (await t.call('DELETE', `/api/v1/tokens/${other.token.id}`, { token: user.token })).statusCode,
    ).toBe(200);
    expectProblem(await t.call('GET', '/api/v1/auth/me', { token: other.secret }), 401, 'token_revoked');
    expectProblem(
      await t.call('GET', '/api/v1/auth/me', { token: 'baton_pat_made_up' }),
      401,
      'unauthenticated',
    );
    expectProblem(
      await t.call('GET', '/api/v1/auth/me', { headers: { authorization: 'Basic abc' } }),
      401,
      'unauthenticated',
    );
  });

  it('a wrong role', async () => {
    const viewer = await t.userWithRoles(project, ['viewer']);
    const problem = expectProblem(
      await t.call('PUT', `/api/v1/projects/${project.slug}/members/admin`, {
        token: viewer.token,
        body: { roles: ['viewer'] },
      }),
      403,
      'forbidden',
    );
    expect(problem.detail).toContain('member.manage');
    expect(problem.detail).toContain('viewer');
  });

  it('a browser session mutation without the CSRF header', async () => {
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: ADMIN_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'baton_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    const headers = { cookie: `baton_session=${cookie?.value}` };
    expectProblem(
      await t.call('POST', '/api/v1/projects', { headers, body: { slug: 'csrf-test', name: 'x' } }),
      403,
      'csrf_failed',
    );
    const ok = await t.call('POST', '/api/v1/projects', {
      headers: { ...headers, 'x-baton-csrf': login.json().csrfToken },
      body: { slug: 'csrf-test', name: 'x' },
    });
    expect(ok.statusCode).toBe(201);
    // Reads need no CSRF token.
    expect((await t.call('GET', '/api/v1/auth/me', { headers })).statusCode).toBe(200);
  });

  it('wrong login and bad query values', async () => {
    expectProblem(
      await t.call('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'wrong-password' } }),
      401,
      'invalid_credentials',
    );
    expectProblem(
      await t.call('GET', `/api/v1/projects/${project.slug}/jobs?limit=abc`, { token: project.ownerToken }),
      400,
      'bad_request',
    );
    expectProblem(
      await t.call('GET', '/api/v1/projects/Not_A_Slug!', { token: project.ownerToken }),
      400,
      'bad_request',
    );
    const long = expectProblem(
      await t.call('GET', `/api/v1/projects/${'x'.repeat(5000)}`, { token: project.ownerToken }),
      404,
      'route_not_found',
    );
    expect(long.detail.length).toBeLessThan(300);
  });

  it('garbage of every JSON shape to every endpoint never yields a 500', async () => {
    const admin = await t.adminToken();
    const shapes: unknown[] = [
      null,
      [],
      [1, 2],
      'text',
      12,
      true,
      { a: { b: { c: [null] } } },
      { slug: null, roles: 7 },
    ];
    for (const endpoint of Object.values(endpoints) as Endpoint[]) {
      const url = endpoint.path.replace(/:([a-zA-Z]+)/g, (_, n: string) =>
        n === 'project' ? project.slug : '%00..%2F',
      );
      for (const body of shapes) {
        const res = await t.call(endpoint.method, url, {
          token: admin,
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
        expect(
          res.statusCode,
          `${endpoint.id} with ${JSON.stringify(body)}: ${res.body.slice(0, 200)}`,
        ).toBeLessThan(500);
      }
    }
  });
});
