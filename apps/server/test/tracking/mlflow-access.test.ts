import type { RoleCatalogue } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mlflowRouteTable } from '../../src/mlflow/install-mlflow.ts';
import {
  createTestProject,
  DIALECTS,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';

// The MLflow API's own access table, walked with every role of the catalogue, as
// access-walk.test.ts does for Baton's contract endpoints.
const urlFor = (url: string, slug: string) =>
  url.replace(':project', slug).replace('*', '0123/4567/artifacts/file.txt');

for (const dialect of DIALECTS) {
  describe(`MLflow access walk on ${dialect}`, () => {
    let t: TestApp;
    let project: { id: string; slug: string };
    let catalogue: RoleCatalogue;
    const byRole = new Map<string, TestUser>();
    let outsider: TestUser;
    const routes = mlflowRouteTable();
    const scoped = routes.filter((r) => r.url.startsWith('/projects/:project/api/'));

    beforeAll(async () => {
      t = await startTestApp(dialect);
      project = await createTestProject(t);
      catalogue = (await t.call('GET', '/api/v1/roles', { token: await t.adminToken() })).json();
      for (const role of catalogue.roles) byRole.set(role.key, await t.userWithRoles(project, [role.key]));
      outsider = await t.user();
    });
    afterAll(() => t.close());

    const call = (method: string, url: string, token?: string) =>
      t.call(method, url, {
        ...(token ? { token } : {}),
        ...(['POST', 'PUT'].includes(method) ? { body: {} } : {}),
      });

    it('answers every route without credentials with 401 UNAUTHENTICATED', async () => {
      for (const route of routes.filter((r) => r.access.kind !== 'public')) {
        const res = await call(route.method, urlFor(route.url, project.slug));
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
        expect(res.json().error_code).toBe('UNAUTHENTICATED');
      }
    });

    it('allows and denies each role exactly as the permission table says', async () => {
      let allowed = 0;
      let denied = 0;
      for (const route of scoped) {
        for (const role of catalogue.roles) {
          const res = await call(route.method, urlFor(route.url, project.slug), byRole.get(role.key)!.token);
          const label = `${route.method} ${route.url} as ${role.key} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
          // The multipart-upload endpoints answer 501 by design (the client then falls back).
          if (route.url.includes('/mpu/')) expect([403, 501], label).toContain(res.statusCode);
          else expect(res.statusCode, label).toBeLessThan(500);
          const permission = route.access.kind === 'project' ? route.access.permission : null;
          if (!permission || role.permissions.includes(permission)) {
            expect([401, 403], label).not.toContain(res.statusCode);
            allowed++;
          } else {
            expect(res.statusCode, label).toBe(403);
            expect(res.json().error_code, label).toBe('PERMISSION_DENIED');
            denied++;
          }
        }
      }
      expect(allowed).toBeGreaterThan(100);
      expect(denied).toBeGreaterThan(50);
    });

    it('hides the project, and the default project, from a user with no role in it', async () => {
      for (const route of routes.filter((r) => r.access.kind === 'project')) {
        const res = await call(route.method, urlFor(route.url, project.slug), outsider.token);
        expect(res.statusCode, `${route.method} ${route.url} as outsider: ${res.body}`).toBe(404);
        expect(res.json().error_code).toBe('RESOURCE_DOES_NOT_EXIST');
      }
    });

    it('answers /health and /version as MLflow does', async () => {
      expect((await t.call('GET', '/health')).body).toBe('OK');
      expect((await t.call('GET', '/version')).body).toMatch(/^2\.\d+\.\d+$/);
    });
  });
}
