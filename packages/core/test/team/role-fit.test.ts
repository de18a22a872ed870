import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLE_CATALOGUE as catalogue } from '../../src/access/role-catalogue.ts';
import { rankRoles } from '../../src/team/rank-roles.ts';
import { readProfileText } from '../../src/team/read-profile-text.ts';
import { canonicalSkill, normalizeTerm, skillVocabulary } from '../../src/team/skill-vocabulary.ts';

// The mapping: each background's usual starting roles.
const STARTING: Record<string, string[]> = {
  'software developer': ['ml-engineer', 'mlops-engineer'],
  'data analyst': ['data-scientist', 'data-engineer'],
  'researcher/PhD': ['ml-researcher'],
  'product/business': ['product-manager'],
  'ethics/policy': ['ai-ethicist'],
};

// What people with each background typically bring, at honest levels.
const TYPICAL_SKILLS: Record<string, { skill: string; level: number }[]> = {
  'software developer': [
    { skill: 'Python', level: 4 },
    { skill: 'Docker', level: 3 },
    { skill: 'Git', level: 4 },
    { skill: 'SQL', level: 3 },
    { skill: 'software engineering', level: 4 },
  ],
  'data analyst': [
    { skill: 'SQL', level: 4 },
    { skill: 'Excel', level: 5 },
    { skill: 'statistics', level: 3 },
    { skill: 'data visualisation', level: 4 },
  ],
  'researcher/PhD': [
    { skill: 'mathematics', level: 5 },
    { skill: 'Python', level: 3 },
    { skill: 'research methods', level: 5 },
    { skill: 'statistics', level: 4 },
  ],
  'product/business': [
    { skill: 'communication', level: 4 },
    { skill: 'roadmapping', level: 3 },
    { skill: 'stakeholder management', level: 4 },
    { skill: 'requirements writing', level: 3 },
  ],
  'ethics/policy': [
    { skill: 'regulation and compliance', level: 4 },
    { skill: 'communication', level: 4 },
    { skill: 'risk assessment', level: 3 },
  ],
};

const TEXTS: Record<string, string> = {
  'software developer':
    'Backend software engineer, 6 years of Java and Python services. Docker every day, some K8s, wrote our CI pipelines in GitHub Actions.',
  'data analyst':
    'Data analyst in retail: SQL and Excel all day, Tableau dashboards, some stats and a few A/B tests for marketing.',
  'researcher/PhD':
    'PhD in computer vision. Published papers on new architectures for deep learning; PyTorch, JAX, lots of maths.',
  'product/business':
    'Product manager for a payments app. I own the roadmap, write PRDs and user stories, and define our KPIs with stakeholders.',
  'ethics/policy':
    'Policy advisor with a background in law and philosophy; worked on GDPR compliance and risk assessment for public-sector algorithms.',
};

describe('role fit', () => {
  for (const [background, expected] of Object.entries(STARTING)) {
    it(`puts a starting role first for a ${background} with no skills yet`, () => {
      const { ranking, startingPoint } = rankRoles(catalogue, { skills: [], background });
      expect(expected).toContain(ranking[0]!.role);
      expect(ranking[0]!.startingRole).toBe(true);
      expect(startingPoint).toEqual({ background, roles: expected });
    });

    it(`puts a starting role first for a ${background} with typical skills`, () => {
      const { ranking } = rankRoles(catalogue, { skills: TYPICAL_SKILLS[background]!, background });
      expect(expected).toContain(ranking[0]!.role);
      expect(ranking[0]!.score).toBeGreaterThan(ranking[expected.length]!.score);
    });

    it(`reads a ${background} from free text and puts a starting role first`, () => {
      const reading = readProfileText(catalogue, TEXTS[background]!);
      expect(reading.background).toBe(background);
      const { ranking } = rankRoles(catalogue, { skills: reading.skills, background: reading.background });
      expect(expected).toContain(ranking[0]!.role);
    });
  }

  it('explains a fit: matched skills with levels, missing skills, the background', () => {
    const { ranking } = rankRoles(catalogue, {
      skills: [
        { skill: 'k8s', level: 4 },
        { skill: 'docker', level: 5 },
      ],
      background: 'software engineer',
      heldRoles: ['ml-engineer'],
    });
    const mlops = ranking.find((f) => f.role === 'mlops-engineer')!;
    expect(mlops.matched).toEqual([
      { skill: 'Kubernetes', level: 4 },
      { skill: 'Docker', level: 5 },
    ]);
    expect(mlops.missing).toContain('CI/CD');
    expect(mlops.startingRole).toBe(true);
    expect(mlops.explanation).toMatch(/2 of 8 skills of MLOps engineer \(Kubernetes 4\/5, Docker 5\/5\)/);
    expect(mlops.explanation).toMatch(/software developer background usually starts here/);
    expect(ranking.find((f) => f.role === 'ml-engineer')!.held).toBe(true);
    // Access roles (project admin, viewer) are not jobs to fit anyone to.
    expect(ranking.map((f) => f.role)).not.toContain('viewer');
  });

  it('weighs levels: an expert outranks a beginner with the same skills', () => {
    const skills = (level: number) =>
      ['statistics', 'Python', 'SQL', 'pandas'].map((skill) => ({ skill, level }));
    const beginner = rankRoles(catalogue, { skills: skills(1), background: null }).ranking[0]!;
    const expert = rankRoles(catalogue, { skills: skills(5), background: null }).ranking[0]!;
    expect(beginner.role).toBe('data-scientist');
    expect(expert.role).toBe('data-scientist');
    expect(expert.score).toBeGreaterThan(beginner.score);
  });

  it('lists skills no role asks for apart', () => {
    const { otherSkills } = rankRoles(catalogue, {
      skills: [
        { skill: 'Excel', level: 5 },
        { skill: 'Cobol', level: 2 },
        { skill: 'Python', level: 3 },
      ],
      background: null,
    });
    expect(otherSkills).toEqual(['Excel', 'Cobol']);
  });
});

describe('synonyms and free text', () => {
  const vocabulary = skillVocabulary(catalogue);

  it('maps synonyms to the catalogue name whatever the case or punctuation', () => {
    for (const [term, skill] of [
      ['k8s', 'Kubernetes'],
      ['K8S', 'Kubernetes'],
      ['sklearn', 'scikit-learn'],
      ['Scikit-Learn', 'scikit-learn'],
      ['scikit learn', 'scikit-learn'],
      ['PYTORCH', 'PyTorch'],
      ['torch', 'PyTorch'],
      ['cicd', 'CI/CD'],
      ['Continuous Integration', 'CI/CD'],
      ['data visualization', 'data visualisation'],
      ['Optimization', 'optimisation'],
      ['TF', 'TensorFlow'],
    ] as const) {
      expect(canonicalSkill(vocabulary, term), term).toBe(skill);
    }
    expect(canonicalSkill(vocabulary, '  Haskell ')).toBe('Haskell');
    expect(normalizeTerm('Scikit-Learn')).toBe('scikit learn');
    expect(normalizeTerm('C++')).toBe('c++');
  });

  it('says which words of a text it matched, as written', () => {
    const reading = readProfileText(
      catalogue,
      'Shipped SKLEARN and xgb models on k8s; wrote the Dockerfile and the GitHub Actions workflow.',
    );
    expect(reading.recognised).toEqual([
      { word: 'SKLEARN', skill: 'scikit-learn' },
      { word: 'xgb', skill: 'XGBoost' },
      { word: 'k8s', skill: 'Kubernetes' },
      { word: 'Dockerfile', skill: 'Docker' },
      { word: 'GitHub Actions', skill: 'CI/CD' },
    ]);
    expect(reading.skills.map((s) => s.skill)).toEqual([
      'scikit-learn',
      'XGBoost',
      'Kubernetes',
      'Docker',
      'CI/CD',
    ]);
    expect(reading.skills.every((s) => s.level === 3)).toBe(true);
  });

  it('prefers the longest phrase and uses each word once', () => {
    const reading = readProfileText(catalogue, 'Good at Scikit Learn, CI/CD and A/B testing.');
    expect(reading.recognised).toEqual([
      { word: 'Scikit Learn', skill: 'scikit-learn' },
      { word: 'CI/CD', skill: 'CI/CD' },
      { word: 'A/B testing', skill: 'A/B testing literacy' },
    ]);
  });

  it('does not read role titles or stray letters as skills', () => {
    const reading = readProfileText(
      catalogue,
      'I want to be an ML engineer. Three years of R&D, a lot of r and d.',
    );
    expect(reading.recognised).toEqual([]);
    const r = readProfileText(catalogue, 'Statistics in R and Python.');
    expect(r.recognised.map((x) => x.skill)).toEqual(['statistics', 'R', 'Python']);
  });

  it('reads the background most often named, and the word that showed it', () => {
    const reading = readProfileText(
      catalogue,
      'Former developer. PhD in physics, then a postdoc; researcher at heart.',
    );
    expect(reading.background).toBe('researcher/PhD');
    expect(reading.backgroundWord).toBe('PhD');
    expect(readProfileText(catalogue, 'Nothing to see here').background).toBeNull();
  });
});
