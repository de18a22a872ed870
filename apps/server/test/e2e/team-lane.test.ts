import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatonProcess, REPO_ROOT, startBatonProcess } from '../support/baton-process.ts';
import { launchChromium, signInInBrowser } from '../support/browser.ts';

// The built UI and server with the demo project (a team holding every role, with profiles),
// driven by Debian's chromium as a product owner would use it.
const SHOTS = path.join(REPO_ROOT, 'test-results');
const PASSWORD = 'team-lane-demo-pw';

describe('the team lane in a browser', () => {
  let home: string | undefined;
  let baton: BatonProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  const shot = async (name: string) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `team-lane-${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-team-lane-'));
    baton = await startBatonProcess({
      home,
      args: ['--demo'],
      env: { BATON_ADMIN_PASSWORD: PASSWORD, BATON_DEMO_PASSWORD: PASSWORD },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await signInInBrowser(page, baton.url, 'olivia', PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('shows the role catalogue: every role, its responsibilities and the skills-by-role chart', async () => {
    await page.goto(`${baton!.url}/roles`);
    await page.getByRole('heading', { name: 'Role catalogue', level: 1 }).waitFor();
    for (const name of [
      'Product owner',
      'Product manager (ML/AI PM)',
      'Data engineer',
      'Data scientist / analyst',
      'ML researcher / AI scientist',
      'ML engineer',
      'MLOps engineer',
      'DevOps engineer',
      'AI ethicist / responsible-AI lead',
    ]) {
      await page.getByRole('heading', { name, exact: true, level: 2 }).waitFor();
    }
    const mlops = page.getByRole('region', { name: 'MLOps engineer', exact: true });
    await mlops.getByRole('rowheader', { name: 'Monitor models and detect drift' }).waitFor();
    expect(await mlops.getByRole('row', { name: /Monitor models and detect drift/ }).textContent()).toContain(
      'monitor.manage',
    );
    const chart = page.getByRole('table', { name: 'Skills each role needs' });
    await chart.getByRole('rowheader', { name: 'Kubernetes' }).waitFor();
    await shot('catalogue');
  });

  it('ranks the roles for a pasted resume, reading synonyms', async () => {
    const form = page.getByRole('form', { name: 'Candidate role fit' });
    await form
      .getByLabel('Or paste a resume or a few sentences')
      .fill(
        'PhD in computer vision. New architectures in PyTorch, reproducing papers; some sklearn, K8S at times.',
      );
    await form.getByRole('button', { name: 'Rank the roles' }).click();
    const ranking = page.getByRole('list', { name: 'Role fit of the candidate' });
    await ranking.getByRole('listitem').first().waitFor();
    expect(await ranking.getByRole('listitem').first().textContent()).toContain(
      'ML researcher / AI scientist',
    );
    const words = await page
      .getByRole('list', { name: 'Recognised words' })
      .getByRole('listitem')
      .allInnerTexts();
    expect(words).toEqual(expect.arrayContaining(['sklearn → scikit-learn', 'K8S → Kubernetes', 'PyTorch']));
  });

  it("shows the project team with a healthy report and the team's skills heatmap", async () => {
    await page.goto(`${baton!.url}/p/credit-risk/team`);
    await page.getByRole('heading', { name: 'Team health' }).waitFor();
    await page.getByText('Healthy', { exact: true }).waitFor();
    const heatmap = page.getByRole('table', { name: 'Skills by role' });
    const k8s = heatmap.getByRole('row', { name: /^Kubernetes/ });
    await k8s.waitFor();
    // Mel's "k8s" is stored as Kubernetes: level 3 for the MLOps engineer column.
    expect(await k8s.textContent()).toContain('MLOps engineer: Kubernetes at level 3 (mel)');
    await shot('team');
  });

  it("opens a person's profile with their role fit, and lets a product owner edit it", async () => {
    await page.getByRole('link', { name: 'Mel (ML engineering)' }).click();
    await page.getByRole('heading', { name: 'Mel (ML engineering)', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/p/credit-risk/team/people/mel');
    const skills = page.getByRole('list', { name: 'Skills of mel' }).getByRole('listitem');
    expect(await skills.allInnerTexts()).toContain('Kubernetes · 3/5');
    const fit = page.getByRole('list', { name: 'Role fit of mel' }).getByRole('listitem');
    await fit.first().waitFor();
    expect(await fit.first().textContent()).toMatch(/ML engineer|MLOps engineer/);
    expect(await fit.first().textContent()).toContain('held');

    await page.getByRole('button', { name: 'Edit profile' }).click();
    const form = page.getByRole('form', { name: 'Edit profile' });
    const row = (await form.getByRole('textbox', { name: /^Skill \d+$/ }).count()) + 1;
    await form.getByRole('button', { name: 'Add a skill' }).click();
    await form.getByRole('textbox', { name: `Skill ${row}`, exact: true }).fill('terraform');
    await form.getByRole('combobox', { name: `Level of skill ${row}`, exact: true }).selectOption('2');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Profile saved' }).waitFor();
    // "terraform" is stored under the catalogue's name once the profile has loaded again.
    await skills.filter({ hasText: 'infrastructure as code · 2/5' }).waitFor();
    await shot('profile');
  });

  it('flags sensitive data without an AI ethicist when the ethicist leaves, and clears when she is back', async () => {
    await page.getByRole('link', { name: /Team of Credit risk scoring/ }).click();
    await page.getByRole('heading', { name: 'Team health' }).waitFor();
    const erin = page.getByRole('row').filter({ hasText: 'Erin (responsible AI)' });
    await erin.getByRole('button', { name: 'Remove erin' }).click();
    await erin.getByRole('button', { name: 'Yes, remove erin' }).click();
    const findings = page.getByRole('list', { name: 'Findings' });
    const critical = findings
      .getByRole('listitem')
      .filter({ hasText: 'Sensitive attributes but no AI ethicist' });
    await critical.waitFor();
    // The demo declares age and sex in the team settings; the data lane's column tags add the
    // German credit columns tagged sensitive.
    expect(await critical.textContent()).toMatch(
      /Critical.*age \(declared, data-tags\), sex \(declared\), ForeignWorker \(data-tags\)/,
    );
    await page.getByText('At risk', { exact: true }).waitFor();
    await shot('health-at-risk');

    const add = page.getByRole('form', { name: 'Add a member' });
    await add.getByLabel('Username').fill('erin');
    await add.getByRole('checkbox', { name: 'AI ethicist / responsible-AI lead', exact: true }).check();
    await add.getByRole('button', { name: 'Add member' }).click();
    await page.getByText('Healthy', { exact: true }).waitFor();
    expect(await findings.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
