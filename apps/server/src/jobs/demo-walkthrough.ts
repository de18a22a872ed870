import {
  actorName,
  createDeployment,
  createRegisteredModel,
  decideApproval,
  defineJobKind,
  enqueueJob,
  JobCatalogue,
  type JobContext,
  type JobKind,
  promoteAlias,
  putPromotionPolicy,
  registerModelVersion,
  resolveProjectScope,
  type ServiceContext,
  startTraining,
} from '@baton/core';
import { z } from 'zod';

export const DEMO_MODEL = 'credit-risk';
export const DEMO_DEPLOYMENT = 'credit-risk';

/** How long the walkthrough waits for the data lane's checks and the training run (1 s steps). */
const MAX_WAITS = 600;

const payloadSchema = z.object({
  project: z.string(),
  dataset: z.string(),
  step: z.enum(['train', 'promote']),
  runId: z.string().optional(),
  waits: z.number().int().min(0).default(0),
});
type Payload = z.infer<typeof payloadSchema>;

/**
 * `demo.walkthrough`: passes the baton through every lane of the demo project, as its people
 * would. Waits (re-queued every second, holding no worker slot) until the data engineer's
 * dataset version has passed its quality suite; the ML engineer trains a gradient-boosted
 * model on it; once the run has finished, the ML engineer registers it, the production
 * policy asks for a test ROC AUC of at least 0.7, validated data and two approvals, the MLOps
 * and the AI ethicist approve, the ML engineer promotes and deploys it.
 */
export const demoWalkthroughJob: JobKind<Payload, unknown> = defineJobKind({
  kind: 'demo.walkthrough',
  description: 'Walk the demo project from its dataset version to a live deployment',
  payload: payloadSchema,
  timeoutMs: 10 * 60_000,
  maxAttempts: 1,
  backoffMs: 0,
  startable: false,
  handler: async (payload, job) => (payload.step === 'train' ? train(payload, job) : promote(payload, job)),
});

async function train(payload: Payload, job: JobContext) {
  const { db } = job.ctx.services;
  const version = await db
    .selectFrom('dataset_versions')
    .innerJoin('datasets', 'datasets.id', 'dataset_versions.dataset_id')
    .innerJoin('projects', 'projects.id', 'datasets.project_id')
    .select(['dataset_versions.number', 'dataset_versions.validation'])
    .where('projects.slug', '=', payload.project)
    .where('datasets.name', '=', payload.dataset)
    .orderBy('dataset_versions.number', 'desc')
    .executeTakeFirst();
  if (!version) return { stopped: `no version of ${payload.dataset}` };
  if (version.validation === 'failed')
    return { stopped: `${payload.dataset}@${version.number} failed its checks` };
  if (version.validation !== 'validated') return again(payload, job, 'waiting for the quality suite');

  const mel = await as(job, payload.project, 'mel');
  const started = await startTraining({
    ctx: mel,
    input: {
      dataset: `${payload.dataset}@${version.number}`,
      target: 'Class',
      learner: 'gbdt',
      params: { nTrees: 120, maxDepth: 4, learningRate: 0.08, seed: 7 },
      testFraction: 0.25,
      seed: 11,
      experiment: 'credit-risk-gbdt',
      runName: 'gbdt-baseline',
      force: false,
    },
  });
  await job.log('info', `mel started training run ${started.runId}`);
  return again({ ...payload, step: 'promote', runId: started.runId, waits: 0 }, job, 'training');
}

async function promote(payload: Payload, job: JobContext) {
  const { db } = job.ctx.services;
  const run = await db
    .selectFrom('runs')
    .select('status')
    .where('id', '=', payload.runId ?? '')
    .executeTakeFirst();
  if (!run) return { stopped: 'the training run is gone' };
  if (run.status === 'FAILED' || run.status === 'KILLED') return { stopped: `training ${run.status}` };
  if (run.status !== 'FINISHED') return again(payload, job, 'waiting for the training run');

  const mel = await as(job, payload.project, 'mel');
  await createRegisteredModel({
    ctx: mel,
    input: {
      name: DEMO_MODEL,
      description:
        'Good/bad credit risk of a loan applicant; gradient-boosted trees served as one ONNX graph.',
    },
  });
  const version = await registerModelVersion({
    ctx: mel,
    input: { model: DEMO_MODEL, runId: payload.runId, description: 'Baseline GBDT on German credit' },
  });
  await putPromotionPolicy({
    ctx: mel,
    input: {
      alias: 'production',
      policy: {
        metrics: [{ metric: 'test_roc_auc', op: '>=', value: 0.7 }],
        requireValidatedData: true,
        approvals: [
          { role: 'mlops-engineer', count: 1 },
          { role: 'ai-ethicist', count: 1 },
        ],
      },
    },
  });
  const approvals = [
    { user: 'omar', role: 'mlops-engineer', comment: 'Signature, latency budget and rollback plan checked.' },
    {
      user: 'erin',
      role: 'ai-ethicist',
      comment: 'Approved for the pilot; fairness audit by age and sex to follow.',
    },
  ];
  for (const approval of approvals) {
    await decideApproval({
      ctx: await as(job, payload.project, approval.user),
      input: {
        model: DEMO_MODEL,
        version: version.version,
        alias: 'production',
        decision: 'approve',
        role: approval.role,
        comment: approval.comment,
      },
    });
  }
  await promoteAlias({
    ctx: mel,
    input: {
      model: DEMO_MODEL,
      version: version.version,
      alias: 'production',
      reason: 'Baseline passes its gates: AUC, validated data, MLOps and ethics approvals',
    },
  });
  await createDeployment({
    ctx: mel,
    input: { name: DEMO_DEPLOYMENT, model: DEMO_MODEL, alias: 'production' },
  });
  await job.log(
    'info',
    `${DEMO_MODEL} v${version.version} is production and served at /serve/${DEMO_DEPLOYMENT}/predict`,
  );
  return { model: DEMO_MODEL, version: version.version, deployment: DEMO_DEPLOYMENT };
}

/** Queues the next look in a second (the walkthrough never holds a worker slot while it waits). */
async function again(payload: Payload, job: JobContext, what: string) {
  if (payload.waits >= MAX_WAITS) return { stopped: `gave up ${what}` };
  await enqueueJob({
    ctx: job.ctx,
    catalogue: new JobCatalogue([demoWalkthroughJob as JobKind]),
    input: {
      kind: demoWalkthroughJob.kind,
      payload: { ...payload, waits: payload.waits + 1 },
      projectId: job.projectId,
      delayMs: 1_000,
    },
  });
  return { waiting: what };
}

/** A context acting as one of the demo team in the demo project, with their own roles. */
async function as(job: JobContext, project: string, username: string): Promise<ServiceContext> {
  const { services } = job.ctx;
  const user = await services.db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  const actor = { kind: 'user' as const, userId: user.id, username: user.username, isAdmin: false };
  const scope = await resolveProjectScope(services.db, actor, project);
  return {
    ...job.ctx,
    actor,
    project: scope,
    logger: job.ctx.logger.child({ actor: actorName(actor) }),
  };
}
