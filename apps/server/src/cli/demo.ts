import { randomBytes } from 'node:crypto';
import {
  createProject,
  createUser,
  enqueueJob,
  type ServiceContext,
  setMember,
  systemContext,
} from '@baton/core';
import type { BatonConfig } from '../config.ts';
import { demoWalkthroughJob } from '../jobs/demo-walkthrough.ts';
import type { Runtime } from '../runtime.ts';
import { DEMO_DATASET, demoCsvPath, seedDemoData } from './demo-data.ts';
import { seedDemoTeam } from './demo-team.ts';

export const DEMO_PROJECT = 'credit-risk';

/** A small team in which every role of the catalogue is held, as in a real ML team. */
export const DEMO_TEAM: { username: string; displayName: string; roles: string[] }[] = [
  { username: 'olivia', displayName: 'Olivia (product)', roles: ['product-owner', 'product-manager'] },
  { username: 'dan', displayName: 'Dan (data engineering)', roles: ['data-engineer'] },
  { username: 'sara', displayName: 'Sara (data science)', roles: ['data-scientist', 'ml-researcher'] },
  { username: 'mel', displayName: 'Mel (ML engineering)', roles: ['ml-engineer', 'mlops-engineer'] },
  { username: 'omar', displayName: 'Omar (MLOps)', roles: ['mlops-engineer'] },
  { username: 'devi', displayName: 'Devi (platform)', roles: ['devops-engineer'] },
  { username: 'erin', displayName: 'Erin (responsible AI)', roles: ['ai-ethicist'] },
  { username: 'vic', displayName: 'Vic (stakeholder)', roles: ['viewer'] },
];

/**
 * Creates the demo project and its team once (a second start finds it and does nothing).
 * The team's password is BATON_DEMO_PASSWORD, else the admin's, else a generated one.
 */
export async function seedDemo(runtime: Runtime, config: BatonConfig): Promise<void> {
  const { services } = runtime;
  const exists = await services.db
    .selectFrom('projects')
    .select('id')
    .where('slug', '=', DEMO_PROJECT)
    .executeTakeFirst();
  if (exists) return;
  const password =
    process.env.BATON_DEMO_PASSWORD || config.adminPassword || randomBytes(12).toString('base64url');
  const admin = await services.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', 'admin')
    .executeTakeFirst();
  if (!admin) return;
  const adminCtx: ServiceContext = {
    ...systemContext(services, 'demo'),
    actor: { kind: 'user', userId: admin.id, username: admin.username, isAdmin: true },
  };
  const project = await createProject({
    ctx: adminCtx,
    input: {
      slug: DEMO_PROJECT,
      name: 'Credit risk scoring',
      description:
        'Predict whether a loan applicant is a good or bad credit risk (German credit data), fairly across age and sex, served under 50 ms p99.',
    },
  });
  const scope = {
    id: project.id,
    slug: project.slug,
    name: project.name,
    roles: ['admin'],
    permissions: new Set(project.myPermissions),
  };
  for (const person of DEMO_TEAM) {
    const taken = await services.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', person.username)
      .executeTakeFirst();
    if (!taken) {
      await createUser({
        ctx: adminCtx,
        input: { username: person.username, displayName: person.displayName, password },
      });
    }
    await setMember({
      ctx: { ...adminCtx, project: scope },
      input: { username: person.username, roles: person.roles },
    });
  }
  await seedDemoTeam({ ...adminCtx, project: scope });
  const csv = demoCsvPath();
  const dan = await services.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', 'dan')
    .executeTakeFirstOrThrow();
  if (csv) {
    await seedDemoData(
      {
        ...systemContext(services, 'demo'),
        actor: { kind: 'user', userId: dan.id, username: dan.username, isAdmin: false },
        project: { ...scope, roles: ['data-engineer'] },
      },
      csv,
    );
  }
  await enqueueJob({
    ctx: { ...adminCtx, project: scope },
    catalogue: runtime.catalogue,
    input: { kind: 'audit.export', payload: {}, projectId: project.id, source: 'api' },
  });
  if (csv) {
    // The rest of the baton (train, register, approve, promote, deploy) follows on the worker.
    await enqueueJob({
      ctx: { ...adminCtx, project: scope },
      catalogue: runtime.catalogue,
      input: {
        kind: demoWalkthroughJob.kind,
        payload: { project: DEMO_PROJECT, dataset: DEMO_DATASET, step: 'train' },
        projectId: project.id,
      },
    });
  }
  process.stderr.write(
    `Demo: project '${DEMO_PROJECT}' with ${DEMO_TEAM.length} team members (${DEMO_TEAM.map((p) => p.username).join(', ')}); ` +
      `their password is ${process.env.BATON_DEMO_PASSWORD || config.adminPassword ? "the admin's (or BATON_DEMO_PASSWORD)" : password}\n`,
  );
}
