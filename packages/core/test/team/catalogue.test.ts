import {
  PERMISSION_KEYS,
  parseRoleCatalogueYaml,
  roleCatalogueSchema,
  roleCatalogueToYaml,
} from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLE_CATALOGUE as catalogue } from '../../src/access/role-catalogue.ts';

// Every role and responsibility the issue names, by the words it uses.
const REQUIRED: Record<string, RegExp[]> = {
  'product-owner': [/goals and the vision/],
  'product-manager': [
    /goals, timelines and technical requirements/,
    /design docs and wireframes/,
    /Prioritise and execute/,
    /roadmap/,
    /responsible-AI practices/,
    /impact with data-driven KPIs/,
    /Assign people and resources/,
  ],
  'data-scientist': [
    /Clean data and explore it \(EDA\)/,
    /statistical models/,
    /hypothesis and A\/B tests/,
    /Build and evaluate models/,
    /reports and dashboards/,
  ],
  'data-engineer': [
    /pipelines and ETL/,
    /Aggregate and collect data/,
    /warehouse or lake/,
    /data behaviour and quality/,
    /real-time streaming/,
    /self-service data and APIs/,
  ],
  'ml-researcher': [
    /Implement papers and new architectures/,
    /experiments and report/,
    /accuracy and efficiency/,
  ],
  'ml-engineer': [
    /Design, train and optimise models/,
    /preprocessing and data pipelines/,
    /Deploy models to production/,
    /Monitor and retrain/,
    /data science, data engineering and operations/,
  ],
  'mlops-engineer': [
    /Automate training and deployment pipelines/,
    /Version models and roll them back/,
    /detect drift/,
    /CI\/CD/,
  ],
  'devops-engineer': [/Deploy and run production systems/, /Monitor infrastructure/],
  'ai-ethicist': [/bias and fairness/, /guidelines for responsible AI/, /compliance/, /Educate the team/],
};

describe('the shipped role catalogue', () => {
  it('holds every role and responsibility of the issue, each mapped to Baton capabilities and permissions', () => {
    for (const [key, patterns] of Object.entries(REQUIRED)) {
      const role = catalogue.roles.find((r) => r.key === key);
      expect(role, key).toBeDefined();
      expect(role!.kind).toBe('team');
      expect(role!.purpose.length).toBeGreaterThan(20);
      expect(role!.skills.length, `${key} skills`).toBeGreaterThan(3);
      expect(role!.tools.length, `${key} tools`).toBeGreaterThan(1);
      expect(role!.backgrounds.length, `${key} backgrounds`).toBeGreaterThan(0);
      for (const pattern of patterns) {
        expect(
          role!.responsibilities.some((r) => pattern.test(r.title)),
          `${key}: ${pattern}`,
        ).toBe(true);
      }
      for (const r of role!.responsibilities) {
        expect(r.capabilities.length, `${key}/${r.key} capabilities`).toBeGreaterThan(0);
        expect(r.permissions.length, `${key}/${r.key} permissions`).toBeGreaterThan(0);
        for (const p of r.permissions) expect(role!.permissions).toContain(p);
      }
    }
    expect(catalogue.roles.find((r) => r.key === 'data-scientist')!.purpose).toMatch(/umbrella/);
  });

  it('lets admins and product owners and managers manage the team, and nobody else', () => {
    const managers = catalogue.roles.filter((r) => r.permissions.includes('member.manage')).map((r) => r.key);
    expect(managers.sort()).toEqual(['admin', 'product-manager', 'product-owner']);
    // Everyone in a project reads the team.
    for (const role of catalogue.roles) expect(role.permissions, role.key).toContain('member.read');
    expect(catalogue.roles.find((r) => r.key === 'admin')!.permissions.sort()).toEqual(
      [...PERMISSION_KEYS].sort(),
    );
  });

  it('maps each background to the starting roles of the issue', () => {
    const starting = Object.fromEntries((catalogue.backgrounds ?? []).map((b) => [b.name, b.startingRoles]));
    expect(starting).toEqual({
      'software developer': ['ml-engineer', 'mlops-engineer'],
      'data analyst': ['data-scientist', 'data-engineer'],
      'researcher/PhD': ['ml-researcher'],
      'product/business': ['product-manager'],
      'ethics/policy': ['ai-ethicist'],
    });
  });

  it('round-trips through YAML unchanged', () => {
    const yaml = roleCatalogueToYaml(catalogue);
    expect(yaml).toMatch(/^# Baton role catalogue/);
    expect(yaml).toContain('permissions: [model.approve]');
    const back = parseRoleCatalogueYaml(yaml);
    expect(back.ok).toBe(true);
    expect(back.ok && back.catalogue).toEqual(catalogue);
  });

  it('lists every problem of a YAML document with its place and line', () => {
    const yaml = roleCatalogueToYaml(catalogue)
      .replace('key: data-engineer', 'key: Data Engineer')
      .replace('permissions: [model.approve]', 'permissions: [model.fly]')
      .replace('startingRoles: [ml-researcher]', 'startingRoles: [wizard]');
    const result = parseRoleCatalogueYaml(yaml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(result.problems.map((p) => [p.path, p.message]));
    // Problems of shape come first; references between roles are checked once the shapes are right.
    expect(Object.keys(byPath)).toHaveLength(2);
    expect(byPath['yaml.roles.2.key']).toMatch(/lower-case letters.*\(line \d+\)/);
    expect(byPath['yaml.roles.0.responsibilities.3.permissions.0']).toMatch(
      /'model.fly' is not a permission Baton knows \(GET \/api\/v1\/permissions lists them\) \(line \d+\)/,
    );
    const line = Number(/line (\d+)/.exec(byPath['yaml.roles.2.key']!)![1]);
    expect(yaml.split('\n')[line - 1]).toContain('key: Data Engineer');

    const shapesFixed = yaml
      .replace('key: Data Engineer', 'key: data-engineer')
      .replace('[model.fly]', '[model.approve]');
    const second = parseRoleCatalogueYaml(shapesFixed);
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.problems).toEqual([
        {
          path: 'yaml.backgrounds.2.startingRoles.0',
          message: expect.stringMatching(
            /'researcher\/PhD' starts in 'wizard', which is not a role of the catalogue \(line \d+\)/,
          ),
        },
      ]);
    }
  });

  it('refuses YAML that is not YAML, naming the line', () => {
    const result = parseRoleCatalogueYaml('version: 1\nroles:\n  - key: a\n   name: [unclosed\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]!.message).toMatch(/^line \d+, column \d+: /);
  });

  it('refuses a responsibility that needs a permission its role does not grant', () => {
    const result = roleCatalogueSchema.safeParse({
      version: 1,
      roles: [
        {
          key: 'annotator',
          name: 'Annotator',
          purpose: 'Labels data',
          lane: 'data',
          responsibilities: [{ title: 'Label data', permissions: ['data.write'] }],
          permissions: ['data.read'],
        },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/needs 'data.write', which the role does not grant/);
  });

  it('reads a catalogue of the first format, where responsibilities are sentences', () => {
    const parsed = roleCatalogueSchema.parse({
      version: 1,
      roles: [
        {
          key: 'annotator',
          name: 'Annotator',
          purpose: 'Labels data',
          lane: 'data',
          responsibilities: ['Label data carefully', 'Review labels'],
          permissions: ['data.read'],
        },
      ],
    });
    expect(parsed.roles[0]!.kind).toBe('team');
    expect(parsed.roles[0]!.responsibilities).toEqual([
      {
        key: 'label-data-carefully',
        title: 'Label data carefully',
        importance: 'core',
        capabilities: [],
        permissions: [],
      },
      { key: 'review-labels', title: 'Review labels', importance: 'core', capabilities: [], permissions: [] },
    ]);
  });
});
