import { randomUUID } from 'node:crypto';
import { type Endpoint, endpoints, type RoleCatalogue } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mlflowRouteTable } from '../src/mlflow/install-mlflow.ts';
import {
  createTestProject,
  DIALECTS,
  startTestApp,
  type TestApp,
  type TestUser,
} from './support/test-app.ts';

// Routes that are not contract endpoints; each must be listed here with its access, so a
// new raw route cannot slip in without a decision.
const RAW_ROUTES: Record<string, string> = {
  'GET /metrics': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/docs': 'public',
  'GET /*': 'public',
  // Predictions: authorised in the handler against the deployment's project (or public by its config).
  'POST /serve/:deployment/predict': 'project',
  // MLflow's REST API declares its access in its own table (walked in mlflow-access.test.ts).
  ...Object.fromEntries(mlflowRouteTable().map((r) => [`${r.method} ${r.url}`, r.access.kind])),
};

function urlFor(endpoint: Endpoint, projectSlug: string): string {
  return endpoint.path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    if (name === 'project') return projectSlug;
    if (name === 'username') return 'nobody-here';
    return randomUUID();
  });
}

const bodyFor = (endpoint: Endpoint) => (['POST', 'PUT', 'PATCH'].includes(endpoint.method) ? {} : undefined);
const ALL = Object.values(endpoints) as Endpoint[];

for (const dialect of DIALECTS) {
  describe(`access walk on ${dialect}: every route with every role`, () => {
    let t: TestApp;
    let project: { id: string; slug: string };
    let catalogue: RoleCatalogue;
    const byRole = new Map<string, TestUser>();
    let outsider: TestUser;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      project = await createTestProject(t);
      catalogue = (await t.call('GET', '/api/v1/roles', { token: await t.adminToken() })).json();
      for (const role of catalogue.roles) byRole.set(role.key, await t.userWithRoles(project, [role.key]));
      outsider = await t.user();
    });
    afterAll(() => t.close());

    it('has a declared access for every registered route', () => {
      const contract = new Map(ALL.map((e) => [`${e.method} ${e.path}`, e.access.kind]));
      for (const route of t.app.batonRoutes) {
        const key = `${route.method} ${route.url}`;
        const declared = contract.get(key) ?? RAW_ROUTES[key];
        expect(declared, `route ${key} is neither a contract endpoint nor a listed raw route`).toBeDefined();
        expect(route.access.kind).toBe(declared);
      }
      // And every contract endpoint is actually served.
      const served = new Set(t.app.batonRoutes.map((r) => `${r.method} ${r.url}`));
      for (const key of contract.keys()) expect(served.has(key), `${key} is not served`).toBe(true);
    });

    it('refuses every non-public endpoint without credentials', async () => {
      for (const endpoint of ALL.filter((e) => e.access.kind !== 'public')) {
        const res = await t.call(endpoint.method, urlFor(endpoint, project.slug), {
          body: bodyFor(endpoint),
        });
        expect(res.statusCode, `${endpoint.id} without credentials`).toBe(401);
        expect(res.json().code).toBe('unauthenticated');
      }
    });

    it('allows and denies each role exactly as the permission table says', async () => {
      let allowed = 0;
      let denied = 0;
      for (const endpoint of ALL) {
        for (const role of catalogue.roles) {
          const user = byRole.get(role.key)!;
          const res = await t.call(endpoint.method, urlFor(endpoint, project.slug), {
            token: user.token,
            body: bodyFor(endpoint),
          });
          const label = `${endpoint.id} as ${role.key} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
          expect(res.statusCode, label).toBeLessThan(500);
          const access = endpoint.access;
          const shouldAllow =
            access.kind === 'public' ||
            access.kind === 'user' ||
            (access.kind === 'project' && role.permissions.includes(access.permission));
          if (shouldAllow) {
            expect([401, 403], label).not.toContain(res.statusCode);
            allowed++;
          } else {
            expect(res.statusCode, label).toBe(403);
            expect(res.json().code).toBe('forbidden');
            denied++;
          }
        }
      }
      // The walk must exercise both outcomes, or it proves nothing.
      expect(allowed).toBeGreaterThan(50);
      expect(denied).toBeGreaterThan(50);
    });

    it('lets an administrator through admin-only endpoints', async () => {
      const admin = await t.adminToken();
      for (const endpoint of ALL.filter((e) => e.access.kind === 'instance-admin')) {
        const res = await t.call(endpoint.method, urlFor(endpoint, project.slug), {
          token: admin,
          body: bodyFor(endpoint),
        });
        expect([401, 403], `${endpoint.id} as admin`).not.toContain(res.statusCode);
      }
    });

    it('hides a project from a signed-in user who is not a member', async () => {
      for (const endpoint of ALL.filter((e) => e.access.kind === 'project')) {
        const res = await t.call(endpoint.method, urlFor(endpoint, project.slug), {
          token: outsider.token,
          body: bodyFor(endpoint),
        });
        expect(res.statusCode, `${endpoint.id} as outsider`).toBe(404);
        expect(res.json().code).toBe('not_found');
      }
    });
  });
}
