import { z } from 'zod';

/**
 * The permissions a role can grant inside a project. Which role holds which permission is
 * data (the role catalogue), not code; this list is the vocabulary that data may use.
 */
export const PERMISSIONS = {
  'project.read': 'See the project, its goals and its lanes',
  'project.manage': 'Rename the project and change its settings',
  'member.read': 'See who is on the team and which roles they hold',
  'member.manage': 'Add and remove members and change their roles',
  'audit.read': "Read the project's audit log",
  'job.read': 'See background jobs, their progress and logs',
  'job.manage': 'Start, cancel and retry background jobs',
  'goal.read': 'See goals, KPIs, requirements and the roadmap',
  'goal.write': 'Write goals, KPIs, requirements, milestones and the backlog',
  'data.read': 'Read datasets, versions, profiles and quality results',
  'data.write': 'Ingest data, create versions and edit quality suites',
  'pipeline.manage': 'Create and schedule data pipelines',
  'experiment.read': 'Read experiments, runs, metrics and artifacts',
  'experiment.write': 'Create experiments and log runs',
  'analysis.write': 'Run statistical tests, A/B analyses and write reports',
  'model.read': 'See registered models, versions and lineage',
  'model.train': 'Start training and tuning jobs',
  'model.register': 'Register model versions and edit their metadata',
  'model.promote': 'Move aliases (promote, roll back) subject to the gates',
  'model.approve': 'Approve or reject a promotion',
  'gate.manage': 'Declare the promotion gates of the project',
  'deployment.read': 'See deployments and their metrics',
  'deployment.manage': 'Create, scale and delete deployments',
  'prediction.read': 'Read the prediction log',
  'monitor.read': 'See monitors, drift reports and alerts',
  'monitor.manage': 'Create monitors and alert rules',
  'fairness.read': 'See fairness audits and model cards',
  'fairness.audit': 'Run fairness audits and write model cards',
  'guideline.manage': 'Write responsible-AI guidelines and compliance checklists',
  'infra.read': 'See workers, storage and platform health of the project',
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_KEYS = Object.keys(PERMISSIONS) as Permission[];
export const permissionSchema = z.enum(PERMISSION_KEYS as [Permission, ...Permission[]]);
