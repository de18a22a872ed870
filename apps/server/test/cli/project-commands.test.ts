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
  unique,
} from './cli-harness.ts';

let server: CliServer;
const configDirs: string[] = [];

/** A config folder signed in as a fresh user (or as the administrator). */
async function signedIn(as: 'user' | 'admin' = 'user'): Promise<{ dir: string; username: string }> {
  const dir = await newConfigDir();
  configDirs.push(dir);
  const username = as === 'admin' ? 'admin' : await server.newUser();
  await login(server, dir, username, as === 'admin' ? ADMIN_PASSWORD : undefined);
  return { dir, username };
}

beforeAll(async () => {
  ensureBundle();
  server = await startCliServer();
});

afterAll(async () => {
  await server?.close();
  await Promise.all(configDirs.map(removeDir));
});

describe('baton project', () => {
  it('creates a project and lists it', async () => {
    const { dir } = await signedIn();
    const slug = unique('proj');
    const created = await runBaton(['project', 'create', slug, '--name', 'Churn model', '--json'], {
      configDir: dir,
    });
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ slug, name: 'Churn model', myRoles: ['admin'] });

    const listed = await runBaton(['project', 'list', '--json'], { configDir: dir });
    expect((JSON.parse(listed.stdout) as { items: { slug: string }[] }).items.map((p) => p.slug)).toEqual([
      slug,
    ]);
    const table = await runBaton(['project', 'list'], { configDir: dir });
    expect(table.stdout).toMatch(/^SLUG\s+NAME\s+MY ROLES/);
    expect(table.stdout).toContain(`${slug}  Churn model  admin`);
  });

  it('exits 6 when the slug is taken and 7 when it is not a slug', async () => {
    const { dir } = await signedIn();
    const slug = unique('proj');
    await runBaton(['project', 'create', slug, '--name', 'First'], { configDir: dir });
    const taken = await runBaton(['project', 'create', slug, '--name', 'Second'], { configDir: dir });
    expect(taken.code).toBe(6);
    expect(taken.stderr).toContain('(conflict)');

    const bad = await runBaton(['project', 'create', 'Not A Slug', '--name', 'x', '--json'], {
      configDir: dir,
    });
    expect(bad.code).toBe(7);
    expect(JSON.parse(bad.stderr)).toMatchObject({ code: 'bad_request', errors: [{ path: 'body.slug' }] });
  });

  it('exits 5 with a clear message for an unknown project', async () => {
    const { dir } = await signedIn();
    const result = await runBaton(['member', 'list', 'no-such-project'], { configDir: dir });
    expect(result.code).toBe(5);
    expect(result.stderr).toBe(
      "baton: project 'no-such-project' does not exist or you are not a member (not_found)\n",
    );
    expect(result.stdout).toBe('');
  });
});

describe('baton member', () => {
  it('adds a member with two roles, lists and removes them', async () => {
    const { dir } = await signedIn();
    const slug = unique('team');
    await runBaton(['project', 'create', slug, '--name', 'Team'], { configDir: dir });
    const colleague = await server.newUser();

    const added = await runBaton(
      ['member', 'add', slug, colleague, '--role', 'data-scientist', '--role', 'ml-researcher'],
      { configDir: dir },
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`${colleague} in '${slug}' now holds: data-scientist, ml-researcher`);

    const listed = await runBaton(['member', 'list', slug, '--json'], { configDir: dir });
    const members = JSON.parse(listed.stdout) as { items: { username: string; roles: string[] }[] };
    expect(members.items.find((m) => m.username === colleague)?.roles.sort()).toEqual([
      'data-scientist',
      'ml-researcher',
    ]);
    const table = await runBaton(['member', 'list', slug], { configDir: dir });
    expect(table.stdout).toMatch(new RegExp(`${colleague}\\s+${colleague}\\s+data-scientist, ml-researcher`));

    const removed = await runBaton(['member', 'remove', slug, colleague], { configDir: dir });
    expect(removed.code).toBe(0);
    const after = await runBaton(['member', 'list', slug, '--json'], { configDir: dir });
    expect(after.stdout).not.toContain(colleague);
  });

  it('exits 4 when the caller may not manage the team, 7 for an unknown role, 2 without --role', async () => {
    const owner = await signedIn();
    const slug = unique('team');
    await runBaton(['project', 'create', slug, '--name', 'Team'], { configDir: owner.dir });
    const viewer = await signedIn();
    await runBaton(['member', 'add', slug, viewer.username, '--role', 'viewer'], { configDir: owner.dir });

    const forbidden = await runBaton(['member', 'add', slug, viewer.username, '--role', 'admin'], {
      configDir: viewer.dir,
    });
    expect(forbidden.code).toBe(4);
    expect(forbidden.stderr).toContain('(forbidden)');

    const unknownRole = await runBaton(['member', 'add', slug, viewer.username, '--role', 'wizard'], {
      configDir: owner.dir,
    });
    expect(unknownRole.code).toBe(7);

    const noRole = await runBaton(['member', 'add', slug, viewer.username], { configDir: owner.dir });
    expect(noRole.code).toBe(2);
  });
});

describe('baton audit', () => {
  it("shows a project's log, filtered by action", async () => {
    const { dir, username } = await signedIn();
    const slug = unique('audited');
    await runBaton(['project', 'create', slug, '--name', 'Audited'], { configDir: dir });
    const result = await runBaton(
      ['audit', '--project', slug, '--action', 'project.create', '--limit', '5', '--json'],
      { configDir: dir },
    );
    expect(result.code).toBe(0);
    const page = JSON.parse(result.stdout) as { items: { action: string; actorName: string }[] };
    expect(page.items).toEqual([expect.objectContaining({ action: 'project.create', actorName: username })]);

    const table = await runBaton(['audit', '--project', slug], { configDir: dir });
    expect(table.stdout).toMatch(/^TIME \(UTC\)\s+ACTOR\s+ACTION\s+SUMMARY/);
    expect(table.stdout).toContain(`project '${slug}' created`);
  });

  it('shows the whole log to an administrator only', async () => {
    const admin = await signedIn('admin');
    const result = await runBaton(['audit', '--limit', '3', '--json'], { configDir: admin.dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).items).toHaveLength(3);

    const user = await signedIn();
    const refused = await runBaton(['audit'], { configDir: user.dir });
    expect(refused.code).toBe(4);
  });
});
