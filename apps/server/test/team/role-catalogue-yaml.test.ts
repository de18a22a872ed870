import { parseRoleCatalogueYaml, problemSchema, type RoleCatalogue } from '@baton/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestProject, DIALECTS, startTestApp, type TestApp } from '../support/test-app.ts';

for (const dialect of DIALECTS) {
  describe(`role catalogue as YAML on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    let shipped: string;

    const importYaml = (yaml: string, dryRun = false) =>
      t.call('POST', '/api/v1/roles/import', { token: admin, body: { yaml, dryRun } });
    const catalogue = async (): Promise<RoleCatalogue> =>
      (await t.call('GET', '/api/v1/roles', { token: admin })).json();

    beforeAll(async () => {
      t = await startTestApp(dialect);
      admin = await t.adminToken();
      const user = await t.user();
      const res = await t.call('GET', '/api/v1/roles/export', { token: user.token });
      expect(res.statusCode).toBe(200);
      shipped = res.json().yaml;
    });
    afterAll(() => t.close());

    it('exports every role with its responsibilities, capabilities and permissions', async () => {
      const parsed = parseRoleCatalogueYaml(shipped);
      expect(parsed.ok).toBe(true);
      expect(parsed.ok && parsed.catalogue).toEqual(await catalogue());
      expect(shipped).toContain('- key: monitor-data-quality');
      expect(shipped).toContain('startingRoles: [ml-engineer, mlops-engineer]');
    });

    it('imports an edited catalogue, reports the changes and audits the import', async () => {
      const edited = shipped
        .replace(
          'purpose: Deploys and monitors the production systems and the infrastructure they run on.',
          'purpose: Runs production systems and the platform under them.',
        )
        .replace(
          /\nbackgrounds:/,
          `
  - key: annotator
    name: Annotator
    lane: data
    purpose: Labels data for supervised learning.
    responsibilities:
      - title: Label data carefully
        capabilities: ["Data lane: dataset versions"]
        permissions: [data.read]
    skills: [domain expertise]
    permissions: [project.read, member.read, data.read]
backgrounds:`,
        );
      const dry = await importYaml(edited, true);
      expect(dry.statusCode, dry.body).toBe(200);
      expect(dry.json()).toMatchObject({
        applied: false,
        changes: { added: ['annotator'], changed: ['devops-engineer'], removed: [], unchanged: 11 - 1 },
      });
      expect((await catalogue()).roles.map((r) => r.key)).not.toContain('annotator');

      const res = await importYaml(edited);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        applied: true,
        changes: { added: ['annotator'], changed: ['devops-engineer'] },
      });
      const stored = await catalogue();
      const annotator = stored.roles.find((r) => r.key === 'annotator')!;
      expect(annotator.responsibilities).toEqual([
        {
          key: 'label-data-carefully',
          title: 'Label data carefully',
          importance: 'core',
          capabilities: ['Data lane: dataset versions'],
          permissions: ['data.read'],
        },
      ]);
      const audit = (await t.call('GET', '/api/v1/audit?action=roles.import', { token: admin })).json();
      expect(audit.items[0]).toMatchObject({
        action: 'roles.import',
        actorName: 'admin',
        summary: expect.stringMatching(/12 roles/),
      });

      // Importing what was exported changes nothing.
      const again = await importYaml(
        (await t.call('GET', '/api/v1/roles/export', { token: admin })).json().yaml,
      );
      expect(again.json().changes).toEqual({ added: [], removed: [], changed: [], unchanged: 12 });
    });

    it('refuses an invalid document with a 400 listing every problem, and changes nothing', async () => {
      const before = await catalogue();
      const broken = shipped
        .replace('key: data-engineer', 'key: Data_Engineer')
        .replace('lane: registry', 'lane: kitchen');
      const res = await importYaml(broken);
      expect(res.statusCode).toBe(400);
      const problem = problemSchema.parse(res.json());
      expect(problem.code).toBe('bad_request');
      expect(problem.detail).toMatch(/^the role catalogue has 2 problems; first: yaml\.roles\.2\.key: /);
      expect(problem.errors).toEqual([
        { path: 'yaml.roles.2.key', message: expect.stringMatching(/lower-case letters.*\(line \d+\)/) },
        { path: 'yaml.roles.6.lane', message: expect.stringMatching(/\(line \d+\)$/) },
      ]);
      expect(await catalogue()).toEqual(before);
    });

    it('refuses a document that is not YAML, and an alias bomb, with a 400', async () => {
      const res = await importYaml('version: 1\nroles: [\n  - key: a\n');
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].message).toMatch(/^line \d+, column \d+: /);
      const bomb = [
        'a: &a [x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      ].join('\n');
      const refused = await importYaml(bomb);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0].message).toMatch(/alias/i);
    });

    it('refuses to drop a role still held by a member, in a dry run too', async () => {
      const project = await createTestProject(t);
      await t.userWithRoles(project, ['ml-researcher']);
      const parsed = parseRoleCatalogueYaml(shipped);
      if (!parsed.ok) throw new Error('the shipped catalogue does not parse');
      const without = {
        ...parsed.catalogue,
        roles: parsed.catalogue.roles.filter((r) => r.key !== 'ml-researcher'),
      };
      const { roleCatalogueToYaml } = await import('@baton/contracts');
      const yaml = roleCatalogueToYaml({
        ...without,
        backgrounds: without.backgrounds?.map((b) => ({
          ...b,
          startingRoles: b.startingRoles.filter((r) => r !== 'ml-researcher'),
        })),
      });
      for (const dryRun of [true, false]) {
        const res = await importYaml(yaml, dryRun);
        expect(res.statusCode, res.body).toBe(409);
        expect(res.json()).toMatchObject({
          code: 'conflict',
          detail: expect.stringMatching(/'ml-researcher' \(held by \d+\)/),
        });
      }
      expect((await catalogue()).roles.map((r) => r.key)).toContain('ml-researcher');
    });

    it('refuses a document over the size limit with a 413', async () => {
      const res = await importYaml(`# ${'x'.repeat(3 * 1024 * 1024)}`);
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toBe('payload_too_large');
    });
  });
}
