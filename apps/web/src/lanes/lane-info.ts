import type { Lane } from '@baton/contracts';

export interface LaneInfo {
  title: string;
  /** Who works in this lane, from the team's job descriptions. */
  who: string;
  /** One sentence: what the lane is for in the hand-off from data to deployment. */
  purpose: string;
  /** The main objects the lane will hold. */
  objects: string[];
  /** Whether this lane has pages yet; the others show what they will hold. */
  built: boolean;
}

/** The lanes of Baton, in the order the work flows (see docs/ARCHITECTURE.md, "Lanes"). */
export const LANE_INFO: Record<Lane, LaneInfo> = {
  team: {
    title: 'Team',
    who: 'Everyone',
    purpose: 'Who is on the project, which roles they hold and what those roles may do.',
    objects: ['Member', 'Role', 'Skill', 'Assignment', 'Permission'],
    built: true,
  },
  product: {
    title: 'Product',
    who: 'Product owners and product managers',
    purpose: 'The goals of the project and the requirements every model must meet before it ships.',
    objects: ['Project', 'Goal', 'KPI', 'Requirement', 'Milestone', 'BacklogItem'],
    built: false,
  },
  data: {
    title: 'Data',
    who: 'Data engineers',
    purpose: 'Sources ingested into immutable, profiled dataset versions that pass their quality suite.',
    objects: ['Source', 'Dataset', 'DatasetVersion', 'QualitySuite', 'Pipeline', 'Schedule'],
    built: true,
  },
  analysis: {
    title: 'Analysis',
    who: 'Data scientists and analysts',
    purpose: 'Profiles, statistical tests and A/B analyses, written up as reports.',
    objects: ['Profile', 'StatTest', 'ABTest', 'Report'],
    built: false,
  },
  tracking: {
    title: 'Tracking',
    who: 'Data scientists and ML researchers',
    purpose: 'Experiments and their runs, each tied to the exact dataset version it used.',
    objects: ['Experiment', 'Run', 'Param', 'Metric', 'Artifact'],
    built: true,
  },
  training: {
    title: 'Training',
    who: 'ML engineers',
    purpose: 'Training and tuning jobs that turn a run into a model.',
    objects: ['TrainingJob', 'Learner', 'Model'],
    built: true,
  },
  registry: {
    title: 'Registry',
    who: 'ML engineers and MLOps engineers',
    purpose: 'Registered model versions, their aliases and the gates a promotion must pass.',
    objects: ['Model', 'ModelVersion', 'Alias', 'Gate'],
    built: true,
  },
  serving: {
    title: 'Serving',
    who: 'MLOps engineers',
    purpose: 'Deployments of an aliased model version, with validated inputs and a prediction log.',
    objects: ['Deployment', 'Prediction'],
    built: true,
  },
  monitoring: {
    title: 'Monitoring',
    who: 'MLOps engineers',
    purpose: 'Drift and live quality computed from the prediction log, and the alerts they raise.',
    objects: ['Monitor', 'DriftReport', 'Alert'],
    built: false,
  },
  'responsible-ai': {
    title: 'Responsible AI',
    who: 'AI ethicists and responsible-AI leads',
    purpose: 'Fairness audits, model cards and the sign-offs a promotion needs.',
    objects: ['FairnessAudit', 'ModelCard', 'Approval', 'Guideline'],
    built: false,
  },
  platform: {
    title: 'Platform',
    who: 'DevOps engineers',
    purpose: 'Background jobs and the audit log today; health, metrics, workers, storage and backups next.',
    objects: ['Job', 'AuditEntry', 'Health', 'Metrics', 'Worker', 'Storage', 'Backup'],
    built: true,
  },
};
