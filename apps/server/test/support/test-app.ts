import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  bootstrapAdmin,
  createToken,
  createUser,
  type Dialect,
  queueDepth,
  type Services,
  setMember,
  systemContext,
} from '@baton/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger, openRuntime, type Runtime } from '../../src/runtime.ts';
import { BATON_VERSION } from '../../src/version.ts';

export const ADMIN_PASSWORD = 'admin-password-1';

/** SQLite always; PostgreSQL when BATON_TEST_DATABASE_URL is set. */
export const DIALECTS: Dialect[] = process.env.BATON_TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestApp {
  app: FastifyInstance;
  runtime: Runtime;
  services: Services;
  home: string;
  /** A fresh user with the given roles in the project, and a bearer token for them. */
  userWithRoles(
    project: { id: string; slug: string },
    roles: string[],
    opts?: { isAdmin?: boolean },
  ): Promise<TestUser>;
  user(opts?: { isAdmin?: boolean }): Promise<TestUser>;
  adminToken(): Promise<string>;
  /** An inject with a bearer token and JSON body. */
  call(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  token: string;
}

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}${process.pid}x${Date.now().toString(36)}x${counter++}`;

/** An in-process Baton (real database, real artifact folder) driven through `inject`. */
export async function startTestApp(dialect: Dialect = 'sqlite'): Promise<TestApp> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-test-'));
  const schema = dialect === 'postgres' ? `baton_srv_${Math.random().toString(36).slice(2, 10)}` : undefined;
  const config = loadConfig(
    {},
    {
      home,
      port: 0,
      adminPassword: ADMIN_PASSWORD,
      logLevel: 'silent',
      ...(dialect === 'postgres'
        ? { databaseUrl: process.env.BATON_TEST_DATABASE_URL, databaseSchema: schema }
        : {}),
    },
  );
  const runtime = await openRuntime(config, createLogger(config));
  const { services } = runtime;
  await bootstrapAdmin(services, ADMIN_PASSWORD);
  const app = await buildApp({
    config,
    services,
    version: BATON_VERSION,
    jobs: { catalogue: runtime.catalogue, queueDepth: () => queueDepth(services.db) },
  });
  await app.ready();
  const system = systemContext(services, 'test');

  const user: TestApp['user'] = async (opts = {}) => {
    const username = uniqueName('u');
    const password = 'password-of-test-user';
    const created = await createUser({
      ctx: system,
      input: { username, password, isAdmin: opts.isAdmin ?? false },
    });
    const ctx = {
      ...system,
      actor: { kind: 'user' as const, userId: created.id, username, isAdmin: created.isAdmin },
    };
    const { secret } = await createToken({ ctx, input: { name: 'test' } });
    return { id: created.id, username, password, token: secret };
  };

  let adminTokenValue: string | undefined;
  const testApp: TestApp = {
    app,
    runtime,
    services,
    home,
    user,
    async userWithRoles(project, roles, opts = {}) {
      const u = await user(opts);
      const scope = {
        id: project.id,
        slug: project.slug,
        name: project.slug,
        roles: [],
        permissions: new Set<never>(),
      };
      await setMember({ ctx: { ...system, project: scope }, input: { username: u.username, roles } });
      return u;
    },
    async adminToken() {
      if (adminTokenValue) return adminTokenValue;
      const admin = await services.db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', 'admin')
        .executeTakeFirstOrThrow();
      const ctx = {
        ...system,
        actor: { kind: 'user' as const, userId: admin.id, username: 'admin', isAdmin: true },
      };
      adminTokenValue = (await createToken({ ctx, input: { name: 'test-admin' } })).secret;
      return adminTokenValue;
    },
    call(method, url, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      return app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(options.body !== undefined ? { payload: options.body as object } : {}),
      });
    },
    async close() {
      await app.close();
      await runtime.close();
      if (schema) {
        const { openDatabase } = await import('@baton/core');
        const cleanup = openDatabase({ url: process.env.BATON_TEST_DATABASE_URL, poolSize: 1 });
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(cleanup.db);
        await cleanup.close();
      }
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
  return testApp;
}

/** Creates a project through the API as a fresh admin-role member; returns its id and slug. */
export async function createTestProject(
  t: TestApp,
): Promise<{ id: string; slug: string; ownerToken: string }> {
  const owner = await t.user();
  const slug = uniqueName('p').toLowerCase();
  const res = await t.call('POST', '/api/v1/projects', {
    token: owner.token,
    body: { slug, name: `Project ${slug}` },
  });
  if (res.statusCode !== 201) throw new Error(`project create failed: ${res.statusCode} ${res.body}`);
  return { id: res.json().id, slug, ownerToken: owner.token };
}
