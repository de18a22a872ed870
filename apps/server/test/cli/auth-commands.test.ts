import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  type CliServer,
  ensureBundle,
  login,
  newConfigDir,
  removeDir,
  runBaton,
  startCliServer,
  USER_PASSWORD,
} from './cli-harness.ts';

let server: CliServer;
const configDirs: string[] = [];

async function configDir(): Promise<string> {
  const dir = await newConfigDir();
  configDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  ensureBundle();
  server = await startCliServer();
});

afterAll(async () => {
  await server?.close();
  await Promise.all(configDirs.map(removeDir));
});

describe('baton login, whoami and logout', () => {
  it('signs in with --password-stdin and stores a token readable by its owner only', async () => {
    const dir = await configDir();
    const username = await server.newUser();
    const result = await runBaton(
      ['login', '--url', `${server.url}/`, '--username', username, '--password-stdin'],
      { configDir: dir, input: `${USER_PASSWORD}\n` },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Signed in to ${server.url} as ${username}.`);

    const file = path.join(dir, 'credentials.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const tokens = await runBaton(['token', 'list', '--json'], { configDir: dir });
    const names = (JSON.parse(tokens.stdout) as { items: { name: string }[] }).items.map((t) => t.name);
    expect(names).toEqual([expect.stringMatching(/^cli@/)]);
  });

  it('revokes the previous CLI token when signing in again', async () => {
    const dir = await configDir();
    const first = await server.newUser();
    await login(server, dir, first);
    const second = await server.newUser();
    await login(server, dir, second);

    const me = await runBaton(['whoami', '--json'], { configDir: dir });
    expect(JSON.parse(me.stdout).user.username).toBe(second);
    const { items } = await server.admin.audit.list({ action: 'token.revoke', actor: first });
    expect(items).toHaveLength(1);
  });

  it('prints whoami as JSON and as text', async () => {
    const dir = await configDir();
    const username = await server.newUser();
    await login(server, dir, username);

    const json = await runBaton(['whoami', '--json'], { configDir: dir });
    expect(json.code).toBe(0);
    const me = JSON.parse(json.stdout);
    expect(me).toMatchObject({ authMethod: 'token', user: { username, isAdmin: false }, memberships: [] });

    const text = await runBaton(['whoami'], { configDir: dir });
    expect(text.stdout).toContain(`${username} on ${server.url}`);
    expect(text.stdout).toContain('Not a member of any project.');
  });

  it('refuses a wrong password with exit 3 and never prints a stack trace', async () => {
    const dir = await configDir();
    const result = await runBaton(['login', '--url', server.url, '--username', 'admin', '--password-stdin'], {
      configDir: dir,
      input: 'not-the-password\n',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('baton: unknown username or wrong password (invalid_credentials)\n');
  });

  it('requires --password-stdin when stdin is not a terminal (exit 2)', async () => {
    const result = await runBaton(['login', '--url', server.url, '--username', 'admin'], {
      configDir: await configDir(),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--password-stdin');
  });

  it('says when nobody is signed in (exit 3), as text and as JSON', async () => {
    const dir = await configDir();
    const text = await runBaton(['project', 'list'], { configDir: dir });
    expect(text.code).toBe(3);
    expect(text.stderr).toMatch(/^baton: not signed in: run `baton login/);

    const json = await runBaton(['project', 'list', '--json'], { configDir: dir });
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stderr)).toMatchObject({ code: 'unauthenticated' });
    expect(json.stdout).toBe('');
  });

  it('logs out: revokes the CLI token and deletes the credentials', async () => {
    const dir = await configDir();
    await login(server, dir, 'admin', ADMIN_PASSWORD);
    const before = await runBaton(['token', 'list', '--json'], { configDir: dir });
    const cliToken = (JSON.parse(before.stdout) as { items: { id: string; name: string }[] }).items.find(
      (t) => t.name.startsWith('cli@'),
    );

    const result = await runBaton(['logout', '--json'], { configDir: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ url: server.url, revoked: true });
    await expect(stat(path.join(dir, 'credentials.json'))).rejects.toThrow();

    const { items } = await server.admin.tokens.list();
    expect(items.find((t) => t.id === cliToken?.id)?.revokedAt).not.toBeNull();
    expect((await runBaton(['whoami'], { configDir: dir })).code).toBe(3);
  });
});

describe('baton token', () => {
  it('creates, lists and revokes a token; the revoked token then exits 3', async () => {
    const dir = await configDir();
    const username = await server.newUser();
    await login(server, dir, username);

    const created = await runBaton(['token', 'create', 'nightly', '--expires-in-days', '30'], {
      configDir: dir,
    });
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^baton_pat_\S+$/);
    expect(created.stderr).toContain('it will not be shown again');

    const withToken = { configDir: await configDir(), env: { BATON_URL: server.url, BATON_TOKEN: secret } };
    const me = await runBaton(['whoami', '--json'], withToken);
    expect(JSON.parse(me.stdout).user.username).toBe(username);

    const listed = await runBaton(['token', 'list', '--json'], { configDir: dir });
    const nightly = (JSON.parse(listed.stdout) as { items: { id: string; name: string }[] }).items.find(
      (t) => t.name === 'nightly',
    );
    expect(nightly).toBeDefined();
    const table = await runBaton(['token', 'list'], { configDir: dir });
    expect(table.stdout).toMatch(/^ID\s+NAME\s+PREFIX\s+STATUS/);
    expect(table.stdout).toContain('(this CLI)');
    expect(table.stdout).not.toContain(secret);

    const revoked = await runBaton(['token', 'revoke', nightly?.id ?? '', '--json'], { configDir: dir });
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout).revokedAt).toEqual(expect.any(String));

    const refused = await runBaton(['whoami'], withToken);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^baton: the API token was revoked at .*\(token_revoked\)\n$/);
  });

  it('rejects an expiry that is not a whole number with exit 2', async () => {
    const result = await runBaton(['token', 'create', 'x', '--expires-in-days', 'soon'], {
      configDir: await configDir(),
    });
    expect(result.code).toBe(2);
  });

  it('sends a stored token only to the server it came from', async () => {
    const dir = await configDir();
    await login(server, dir, 'admin', ADMIN_PASSWORD);
    const elsewhere = await runBaton(['whoami'], {
      configDir: dir,
      env: { BATON_URL: 'http://127.0.0.1:9' },
    });
    expect(elsewhere.code).toBe(3);
    expect(elsewhere.stderr).toContain('not signed in to http://127.0.0.1:9');
  });

  it('reports an unreachable server with exit 8', async () => {
    const result = await runBaton(['project', 'list'], {
      configDir: await configDir(),
      env: { BATON_URL: 'http://127.0.0.1:9', BATON_TOKEN: 'baton_pat_whatever' },
    });
    expect(result.code).toBe(8);
    expect(result.stderr).toMatch(
      /^baton: could not reach Baton at http:\/\/127\.0\.0\.1:9\/api\/v1\/projects/,
    );
  });
});
