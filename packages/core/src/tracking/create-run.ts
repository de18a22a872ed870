import { type Run, TRACKING_LIMITS } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { actorName, executor, inTransaction, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { findExperiment, findRun, newTrackingId, type RunRow, runViews } from './tracking-repo.ts';
import { assertKey, assertValue, integerOf } from './validate.ts';

export interface CreateRunInput {
  experiment: string;
  name?: string | undefined;
  parentRunId?: string | undefined;
  startTime?: number | undefined;
  tags?: Record<string, string> | undefined;
  /** Who ran it (MLflow's `user_id`); the caller's name by default. */
  userId?: string | undefined;
}

const ADJECTIVES = ['bright', 'calm', 'eager', 'gentle', 'keen', 'lucky', 'quiet', 'swift', 'bold', 'brave'];
const NOUNS = ['otter', 'falcon', 'cedar', 'comet', 'harbor', 'meadow', 'river', 'summit', 'lynx', 'ember'];
const pick = (list: string[]) => list[Math.floor(Math.random() * list.length)] ?? list[0]!;
const randomRunName = () => `${pick(ADJECTIVES)}-${pick(NOUNS)}-${Math.floor(Math.random() * 1000)}`;

/** Starts a run (RUNNING) in an active experiment, nested under a parent run when given. */
export async function createRun({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateRunInput;
}): Promise<Run> {
  const tags = Object.entries(input.tags ?? {});
  for (const [key, value] of tags)
    assertValue('tag', assertKey('tag', key), value, TRACKING_LIMITS.tagValueLength);
  // MLflow clients send the name and the parent as tags too.
  const name = input.name || input.tags?.['mlflow.runName'] || randomRunName();
  const parentRunId = input.parentRunId || input.tags?.['mlflow.parentRunId'] || null;
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const experiment = await findExperiment(ctx, db, input.experiment);
    if (experiment.lifecycle_stage !== 'active') {
      throw badRequest(`experiment '${experiment.name}' is deleted; restore it before starting runs in it`);
    }
    if (parentRunId) await findRun(ctx, db, parentRunId);
    const id = newTrackingId();
    const row: RunRow = {
      id,
      experiment_id: experiment.id,
      project_id: experiment.project_id,
      name,
      parent_run_id: parentRunId,
      status: 'RUNNING',
      start_time: integerOf('start_time', input.startTime, Date.now()),
      end_time: null,
      lifecycle_stage: 'active',
      deleted_time: null,
      user_id: input.userId || actorName(ctx.actor),
      artifact_uri: `${experiment.artifact_location.replace(/\/+$/, '')}/${id}/artifacts`,
    };
    await db.insertInto('runs').values(row).execute();
    const allTags = new Map(tags);
    allTags.set('mlflow.runName', name);
    if (parentRunId) allTags.set('mlflow.parentRunId', parentRunId);
    allTags.set('mlflow.user', row.user_id);
    await db
      .insertInto('run_tags')
      .values([...allTags].map(([key, value]) => ({ run_id: id, key, value })))
      .execute();
    await recordAudit(ctx, {
      action: 'run.create',
      targetType: 'run',
      targetId: id,
      summary: `run '${name}' started in experiment '${experiment.name}'`,
      after: { name, experimentId: experiment.id, parentRunId },
    });
    const [view] = await runViews(db, [row]);
    return view!;
  });
}
