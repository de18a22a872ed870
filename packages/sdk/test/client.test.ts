import { createServer } from 'node:net';
import { endpoints } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatonApiError, type BatonClient, createBatonClient, signIn } from '../src/index.ts';
import { ADMIN_PASSWORD, startTestServer, type TestServer, unique } from './test-server.ts';

let server: TestServer;
let admin: BatonClient;

/** Resolves to the BatonApiError a call throws, failing the test when it does not throw one. */
async function apiError(promise: Promise<unknown>): Promise<BatonApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BatonApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** A user of their own with an API token, for one test. */
async function newUser(): Promise<{ username: string; client: BatonClient }> {
  const username = unique('user');
  const password = 'user-test-password';
  await admin.users.create({ username, password });
  const session = await signIn({ baseUrl: server.url, username, password });
  const { secret } = await session.client.tokens.create({ name: 'test' });
  await session.signOut();
  return { username, client: createBatonClient({ baseUrl: server.url, token: secret }) };
}

beforeAll(async () => {
  server = await startTestServer();
  const session = await signIn({ baseUrl: server.url, username: 'admin', password: ADMIN_PASSWORD });
  const { secret } = await session.client.tokens.create({ name: 'sdk-test' });
  await session.signOut();
  admin = createBatonClient({ baseUrl: `${server.url}/`, token: secret });
});

afterAll(async () => {
  await server?.close();
});

describe('signing in and tokens', () => {
  it('creates a token with a session and acts with it', async () => {
    const session = await signIn({ baseUrl: server.url, username: 'admin', password: ADMIN_PASSWORD });
    expect(session.whoami.authMethod).toBe('session');
    const { token, secret } = await session.client.tokens.create({ name: 'laptop', expiresInDays: 7 });
    expect(secret).toMatch(/^baton_pat_/);
    expect(token.expiresAt).not.toBeNull();
    await session.signOut();

    const me = await createBatonClient({ baseUrl: server.url, token: secret }).auth.whoami();
    expect(me).toMatchObject({ authMethod: 'token', csrfToken: null, user: { username: 'admin' } });
  });

  it('ends the session on sign-out', async () => {
    const session = await signIn({ baseUrl: server.url, username: 'admin', password: ADMIN_PASSWORD });
    await session.signOut();
    const error = await apiError(session.client.auth.whoami());
    expect(error.code).toBe('unauthenticated');
  });

  it('rejects a wrong password with invalid_credentials', async () => {
    const error = await apiError(signIn({ baseUrl: server.url, username: 'admin', password: 'wrong-one' }));
    expect(error).toMatchObject({ status: 401, code: 'invalid_credentials' });
  });

  it('lists and revokes tokens; a revoked token is refused with token_revoked', async () => {
    const user = await newUser();
    const { token, secret } = await user.client.tokens.create({ name: 'to-revoke' });
    const listed = await user.client.tokens.list();
    expect(listed.items.map((t) => t.name)).toContain('to-revoke');
    expect(JSON.stringify(listed)).not.toContain(secret);

    const revoked = await user.client.tokens.revoke(token.id);
    expect(revoked.revokedAt).not.toBeNull();
    const error = await apiError(createBatonClient({ baseUrl: server.url, token: secret }).auth.whoami());
    expect(error).toMatchObject({ status: 401, code: 'token_revoked' });
  });
});

describe('typed calls', () => {
  it('creates a project, sets a member with two roles and reads the audit log', async () => {
    const slug = unique('proj');
    const created = await admin.projects.create({ slug, name: 'SDK project' });
    expect(created).toMatchObject({ slug, name: 'SDK project', description: '', myRoles: ['admin'] });

    const { items } = await admin.projects.list();
    expect(items.map((p) => p.slug)).toContain(slug);

    const user = await newUser();
    const member = await admin.members.set(slug, user.username, ['data-scientist', 'ml-researcher']);
    expect(member.roles.sort()).toEqual(['data-scientist', 'ml-researcher']);
    const team = await admin.members.list(slug);
    expect(team.items.find((m) => m.username === user.username)?.roles.sort()).toEqual([
      'data-scientist',
      'ml-researcher',
    ]);

    const seen = await user.client.projects.get(slug);
    expect(seen.myRoles.sort()).toEqual(['data-scientist', 'ml-researcher']);

    const audit = await admin.audit.listProject(slug, { limit: 10, action: 'member.add' });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]?.targetId).toBeTruthy();

    const removed = await admin.members.remove(slug, user.username);
    expect(removed.username).toBe(user.username);
    expect((await apiError(user.client.projects.get(slug))).code).toBe('not_found');
  });

  it('calls any endpoint generically', async () => {
    const info = await admin.call(endpoints.serverInfo);
    expect(info.name).toBe('baton');
    const health = await createBatonClient({ baseUrl: server.url }).system.health();
    expect(health).toEqual({ status: 'ok' });
  });
});

describe('errors', () => {
  it('maps a 404 problem to BatonApiError with code not_found', async () => {
    const error = await apiError(admin.projects.get('no-such-project'));
    expect(error).toBeInstanceOf(BatonApiError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', method: 'GET' });
    expect(error.detail).toContain("project 'no-such-project'");
    expect(error.message).toBe(error.detail);
    expect(error.requestId).toEqual(expect.any(String));
    expect(error.url).toBe(`${server.url}/api/v1/projects/no-such-project`);
  });

  it('refuses a bad token and a missing token with unauthenticated', async () => {
    const bad = createBatonClient({ baseUrl: server.url, token: 'baton_pat_not-a-real-token' });
    expect(await apiError(bad.projects.list())).toMatchObject({ status: 401, code: 'unauthenticated' });
    const anonymous = createBatonClient({ baseUrl: server.url });
    expect(await apiError(anonymous.auth.whoami())).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('carries the field errors of a bad request', async () => {
    const error = await apiError(admin.projects.create({ slug: 'Not A Slug', name: 'x' }));
    expect(error.code).toBe('bad_request');
    expect(error.errors[0]?.path).toBe('body.slug');
  });

  it('encodes path parameters instead of letting them change the path', async () => {
    const error = await apiError(admin.projects.get('a/b'));
    expect(error.code).toBe('bad_request');
    expect(error.url).toContain('/projects/a%2Fb');
  });

  it('says forbidden when a user calls an administrators-only endpoint', async () => {
    const user = await newUser();
    expect(await apiError(user.client.users.list())).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('reports a server it cannot reach as unavailable, naming the URL', async () => {
    const port = await closedPort();
    const client = createBatonClient({ baseUrl: `http://127.0.0.1:${port}` });
    const error = await apiError(client.projects.list());
    expect(error).toMatchObject({ status: 0, code: 'unavailable' });
    expect(error.message).toContain(`http://127.0.0.1:${port}/api/v1/projects`);
  });

  it('refuses an answer that breaks the contract', async () => {
    const fetchFromElsewhere: typeof fetch = async () => Response.json({ items: [{ slug: 42 }] });
    const client = createBatonClient({ baseUrl: 'http://baton.invalid', fetch: fetchFromElsewhere });
    const error = await apiError(client.projects.list());
    expect(error.code).toBe('internal');
    expect(error.detail).toContain('listProjects');
  });

  it('keeps the status of an error page that is not a problem', async () => {
    const gateway: typeof fetch = async () => new Response('<html>Bad gateway</html>', { status: 502 });
    const client = createBatonClient({ baseUrl: 'http://baton.invalid', fetch: gateway });
    expect(await apiError(client.system.health())).toMatchObject({ status: 502, code: 'unavailable' });
  });
});

/** A port nothing listens on: bound once by the OS, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
