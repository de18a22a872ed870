import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_CACHE_TTL_MS, changesAccess } from '../../src/http/auth-cache.ts';
import { createTestProject, DIALECTS, startTestApp, type TestApp } from '../support/test-app.ts';

// Credentials and memberships are remembered for a moment (AUTH_CACHE_TTL_MS); a change made
// through this server must still take effect on the very next request.
describe('which endpoints clear the credential memo', () => {
  it('clears on identity, membership and project changes, not on logging', () => {
    expect(changesAccess('DELETE', '/api/v1/tokens/:token')).toBe(true);
    expect(changesAccess('POST', '/api/v1/auth/logout')).toBe(true);
    expect(changesAccess('PATCH', '/api/v1/users/:username')).toBe(true);
    expect(changesAccess('DELETE', '/api/v1/projects/:project')).toBe(true);
    expect(changesAccess('DELETE', '/api/v1/projects/:project/members/:username')).toBe(true);
    expect(changesAccess('PUT', '/api/v1/projects/:project/members/:username')).toBe(true);
    expect(changesAccess('POST', '/api/v1/projects/:project/runs/:run/batch')).toBe(false);
    expect(changesAccess('GET', '/api/v1/tokens')).toBe(false);
    expect(AUTH_CACHE_TTL_MS).toBeLessThanOrEqual(2000);
  });
});

for (const dialect of DIALECTS) {
  describe(`credential memo on ${dialect}`, () => {
    let t: TestApp;
    let project: { id: string; slug: string };
    let admin: string;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      project = await createTestProject(t);
      admin = await t.adminToken();
    });
    afterAll(() => t.close());

    const search = (token: string) =>
      t.call('POST', `/projects/${project.slug}/api/2.0/mlflow/experiments/search`, {
        token,
        body: { max_results: 10 },
      });

    it('refuses a revoked token on the next call, through both APIs', async () => {
      const user = await t.userWithRoles(project, ['data-scientist']);
      expect((await search(user.token)).statusCode).toBe(200);
      expect((await t.call('GET', '/api/v1/auth/me', { token: user.token })).statusCode).toBe(200);
      const tokens = (await t.call('GET', '/api/v1/tokens', { token: user.token })).json() as {
        items: { id: string }[];
      };
      for (const tok of tokens.items) {
        const res = await t.call('DELETE', `/api/v1/tokens/${tok.id}`, { token: user.token });
        expect(res.statusCode, res.body).toBeLessThan(300);
      }
      const mlflow = await search(user.token);
      expect(mlflow.statusCode).toBe(401);
      expect((await t.call('GET', '/api/v1/auth/me', { token: user.token })).statusCode).toBe(401);
    });

    it('drops a removed member at once', async () => {
      const user = await t.userWithRoles(project, ['data-scientist']);
      expect((await search(user.token)).statusCode).toBe(200);
      const removed = await t.call('DELETE', `/api/v1/projects/${project.slug}/members/${user.username}`, {
        token: admin,
      });
      expect(removed.statusCode, removed.body).toBeLessThan(300);
      const after = await search(user.token);
      expect(after.statusCode).toBe(404);
      const baton = await t.call('GET', `/api/v1/projects/${project.slug}/experiments`, {
        token: user.token,
      });
      expect(baton.statusCode).toBe(404);
    });

    it('applies a role change at once', async () => {
      const user = await t.userWithRoles(project, ['data-scientist']);
      const create = (name: string) =>
        t.call('POST', `/projects/${project.slug}/api/2.0/mlflow/experiments/create`, {
          token: user.token,
          body: { name },
        });
      expect((await create(`before-${dialect}`)).statusCode).toBe(200);
      const set = await t.call('PUT', `/api/v1/projects/${project.slug}/members/${user.username}`, {
        token: admin,
        body: { roles: ['viewer'] },
      });
      expect(set.statusCode, set.body).toBeLessThan(300);
      expect((await create(`after-${dialect}`)).statusCode).toBe(403);
    });

    it('ends a browser session on logout at once', async () => {
      const user = await t.userWithRoles(project, ['viewer']);
      const login = await t.call('POST', '/api/v1/auth/login', {
        body: { username: user.username, password: user.password },
      });
      expect(login.statusCode, login.body).toBe(200);
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const csrf = (login.json() as { csrfToken: string }).csrfToken;
      const me = () => t.call('GET', '/api/v1/auth/me', { headers: { cookie } });
      expect((await me()).statusCode).toBe(200);
      const out = await t.call('POST', '/api/v1/auth/logout', { headers: { cookie, 'x-baton-csrf': csrf } });
      expect(out.statusCode, out.body).toBeLessThan(300);
      expect((await me()).statusCode).toBe(401);
    });
  });
}
