import { dataJobKinds, exportAuditJob, type JobKind, trainingJobKinds } from '@baton/core';
import { demoWalkthroughJob } from './demo-walkthrough.ts';

/** The job kinds every Baton server and worker knows. Lanes add theirs here. */
export const builtinJobKinds = (): JobKind[] => [
  exportAuditJob as JobKind,
  ...dataJobKinds(),
  ...trainingJobKinds(),
  demoWalkthroughJob as JobKind,
];
