import type { ProfileChange } from '@baton/contracts';
import { type ServiceContext, updatePerson, updateTeamSettings } from '@baton/core';

/** What the demo team brings: a background and skills each, so role fit and the heatmap say something. */
export const DEMO_PROFILES: Record<string, ProfileChange> = {
  olivia: {
    background: 'product/business',
    summary: 'Owns the credit product; ran lending operations before moving to product.',
    skills: [
      { skill: 'product strategy', level: 5 },
      { skill: 'stakeholder management', level: 5 },
      { skill: 'KPI definition', level: 4 },
      { skill: 'roadmapping', level: 4 },
      { skill: 'requirements writing', level: 4 },
      { skill: 'A/B testing', level: 3 },
      { skill: 'domain expertise', level: 5 },
    ],
  },
  dan: {
    background: 'software developer',
    summary: 'Backend developer turned data engineer; keeps the applicant data flowing.',
    skills: [
      { skill: 'SQL', level: 5 },
      { skill: 'Python', level: 4 },
      { skill: 'Spark', level: 3 },
      { skill: 'Airflow', level: 4 },
      { skill: 'ETL', level: 4 },
      { skill: 'data quality', level: 3 },
      { skill: 'Parquet', level: 3 },
      { skill: 'dbt', level: 3 },
    ],
  },
  sara: {
    background: 'researcher/PhD',
    summary: 'PhD in statistics; credit scoring models and their evaluation.',
    skills: [
      { skill: 'statistics', level: 5 },
      { skill: 'Python', level: 5 },
      { skill: 'R', level: 4 },
      { skill: 'pandas', level: 4 },
      { skill: 'sklearn', level: 4 },
      { skill: 'PyTorch', level: 3 },
      { skill: 'mathematics', level: 5 },
      { skill: 'experiment design', level: 4 },
    ],
  },
  mel: {
    background: 'software developer',
    summary: 'Ships the models: training pipelines, ONNX export, serving and monitoring.',
    skills: [
      { skill: 'Python', level: 5 },
      { skill: 'scikit-learn', level: 4 },
      { skill: 'XGBoost', level: 4 },
      { skill: 'ONNX', level: 3 },
      { skill: 'Docker', level: 4 },
      { skill: 'k8s', level: 3 },
      { skill: 'CI/CD', level: 4 },
      { skill: 'monitoring', level: 3 },
    ],
  },
  omar: {
    background: 'software developer',
    summary: 'Keeps models safe in production: release gates, rollbacks, drift and latency alerts.',
    skills: [
      { skill: 'Python', level: 4 },
      { skill: 'MLflow', level: 4 },
      { skill: 'CI/CD', level: 5 },
      { skill: 'monitoring', level: 4 },
      { skill: 'Docker', level: 3 },
    ],
  },
  devi: {
    background: 'software developer',
    skills: [
      { skill: 'Linux', level: 5 },
      { skill: 'Kubernetes', level: 4 },
      { skill: 'Docker', level: 5 },
      { skill: 'Prometheus', level: 4 },
      { skill: 'Terraform', level: 4 },
      { skill: 'networking', level: 3 },
    ],
  },
  erin: {
    background: 'ethics/policy',
    summary: 'Lawyer by training; fairness of lending decisions under the EU AI Act.',
    skills: [
      { skill: 'fairness metrics', level: 4 },
      { skill: 'AI ethics', level: 5 },
      { skill: 'regulation and compliance', level: 5 },
      { skill: 'statistics', level: 3 },
      { skill: 'risk assessment', level: 4 },
    ],
  },
  vic: {
    background: 'data analyst',
    skills: [
      { skill: 'SQL', level: 4 },
      { skill: 'Excel', level: 5 },
    ],
  },
};

/** Gives the demo team its profiles and declares the attributes the credit data is sensitive in. */
export async function seedDemoTeam(ctx: ServiceContext): Promise<void> {
  for (const [username, change] of Object.entries(DEMO_PROFILES)) {
    await updatePerson({ ctx, input: { username, change } });
  }
  await updateTeamSettings({ ctx, input: { sensitiveAttributes: ['age', 'sex'] } });
}
