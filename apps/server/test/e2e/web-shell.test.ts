import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatonProcess, REPO_ROOT, signIn, startBatonProcess } from '../support/baton-process.ts';
import { launchChromium } from '../support/browser.ts';

// The built UI, served by the built server, driven by Debian's chromium: nothing is built here.
const SCREENSHOT = path.join(REPO_ROOT, 'test-results/web-shell.png');
const ADMIN_PASSWORD = 'web-shell-admin-pw';
const NEW_MEMBER = 'rosa';
const NEW_MEMBER_ROLES = ['data-scientist', 'ml-engineer'];

describe('the web shell in a browser', () => {
  let home: string | undefined;
  let baton: BatonProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let adminHeaders: Record<string, string>;
  let roleNames: Map<string, string>;
  const pageErrors: string[] = [];

  const api = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${baton!.url}${route}`, {
      method,
      headers: body === undefined ? { cookie: adminHeaders.cookie! } : adminHeaders,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-web-shell-'));
    baton = await startBatonProcess({ home, env: { BATON_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    adminHeaders = await signIn(baton.url, 'admin', ADMIN_PASSWORD);

    // Someone to add to the team: an account only an administrator can create.
    const created = await api('POST', '/api/v1/users', {
      username: NEW_MEMBER,
      displayName: 'Rosa Lind',
      password: 'rosa-password-1',
    });
    expect(created.status).toBe(201);
    const catalogue = await api('GET', '/api/v1/roles');
    const roles = catalogue.json.roles as { key: string; name: string }[];
    roleNames = new Map(roles.map((role) => [role.key, role.name]));

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('sends a visitor to the sign-in page and shows why a wrong password fails', async () => {
    await page.goto(`${baton!.url}/projects`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');

    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/wrong password/i);
    expect(await alert.textContent()).toContain('invalid_credentials');
  });

  it('signs in and creates a project, showing a bad slug next to its field', async () => {
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your projects' }).waitFor();

    const form = page.getByRole('form', { name: 'Create a project' });
    await form.getByLabel('Name').fill('Fraud watch');
    expect(await form.getByLabel('Slug').inputValue()).toBe('fraud-watch');
    await form.getByLabel('Slug').fill('Fraud Watch!');
    await form.getByRole('button', { name: 'Create project' }).click();
    await form
      .getByText(/lower-case letters, digits and dashes/)
      .first()
      .waitFor();
    expect(await form.getByLabel('Slug').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Slug').fill('fraud-watch');
    await form.getByLabel('Description').fill('Flag card transactions that look like fraud.');
    await form.getByRole('button', { name: 'Create project' }).click();
    // The creator holds the project's admin role, whose lane is the team.
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/p/fraud-watch/team');
    expect(await page.getByRole('region', { name: 'Signed in' }).textContent()).toContain(
      `Your roles here: ${roleNames.get('admin')}`,
    );
  });

  it('adds a member with two roles from the team page', async () => {
    const form = page.getByRole('form', { name: 'Add a member' });
    await form.getByLabel('Username').fill(NEW_MEMBER);
    for (const key of NEW_MEMBER_ROLES) {
      await form.getByRole('checkbox', { name: roleNames.get(key)!, exact: true }).check();
    }
    await form.getByRole('button', { name: 'Add member' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${NEW_MEMBER} joined the team` })
      .waitFor();

    const row = page.getByRole('row').filter({ hasText: 'Rosa Lind' });
    const chips = row.getByRole('list', { name: `Roles of ${NEW_MEMBER}` }).getByRole('listitem');
    await chips.first().waitFor();
    expect(await chips.allInnerTexts()).toEqual(NEW_MEMBER_ROLES.map((key) => roleNames.get(key)));

    const members = await api('GET', '/api/v1/projects/fraud-watch/members');
    expect(members.status).toBe(200);
    const items = members.json.items as { username: string; roles: string[] }[];
    const rosa = items.find((member) => member.username === NEW_MEMBER);
    expect([...(rosa?.roles ?? [])].sort()).toEqual([...NEW_MEMBER_ROLES].sort());

    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('shows the change in the audit log of the platform lane, then signs out', async () => {
    await page
      .getByRole('navigation', { name: 'Lanes' })
      .getByRole('link', { name: /Platform/ })
      .click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: `'${NEW_MEMBER}' joined` })
      .waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(me).toBe(401);
    expect(pageErrors).toEqual([]);
  });

  it('renders the browsable API docs with every operation of the OpenAPI document', async () => {
    const doc = (await (await fetch(`${baton!.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    await page.goto(`${baton!.url}/api/docs`);
    await page.locator('details').first().waitFor();
    expect(await page.locator('details').count()).toBe(operations);
    expect(pageErrors).toEqual([]);
  });
});
