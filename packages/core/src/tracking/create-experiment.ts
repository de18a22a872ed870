import { type Experiment, TRACKING_LIMITS } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { actorName, executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { badRequest, conflict } from '../errors.ts';
import { type ExperimentRow, experimentView, newTrackingId } from './tracking-repo.ts';
import { assertKey, assertValue } from './validate.ts';

export interface CreateExperimentInput {
  name: string;
  tags?: Record<string, string> | undefined;
  /** Where run artifacts go; `mlflow-artifacts:/<id>` (served by Baton's artifact proxy) by default. */
  artifactLocation?: string | undefined;
}

export function assertExperimentName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '')
    throw badRequest('an experiment name must be a non-empty string');
  if (name.length > TRACKING_LIMITS.experimentNameLength) {
    throw badRequest(`an experiment name has at most ${TRACKING_LIMITS.experimentNameLength} characters`);
  }
  return name;
}

/** Creates an experiment in the project; names are unique per project (deleted ones too). */
export async function createExperiment({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateExperimentInput;
}): Promise<Experiment> {
  const name = assertExperimentName(input.name);
  const tags = Object.entries(input.tags ?? {});
  for (const [key, value] of tags)
    assertValue('tag', assertKey('tag', key), value, TRACKING_LIMITS.tagValueLength);
  const project = requireProject(ctx);
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const taken = await db
      .selectFrom('experiments')
      .select(['id', 'lifecycle_stage'])
      .where('project_id', '=', project.id)
      .where('name', '=', name)
      .executeTakeFirst();
    if (taken) {
      throw conflict(
        `an experiment named '${name}' already exists${taken.lifecycle_stage === 'deleted' ? ' (deleted; restore it or pick another name)' : ''}`,
      );
    }
    const id = newTrackingId();
    const now = Date.now();
    const row: ExperimentRow = {
      id,
      project_id: project.id,
      name,
      artifact_location: input.artifactLocation || `mlflow-artifacts:/${id}`,
      lifecycle_stage: 'active',
      creation_time: now,
      last_update_time: now,
      created_by: actorName(ctx.actor),
    };
    await db.insertInto('experiments').values(row).execute();
    if (tags.length > 0) {
      await db
        .insertInto('experiment_tags')
        .values(tags.map(([key, value]) => ({ experiment_id: id, key, value })))
        .execute();
    }
    await recordAudit(ctx, {
      action: 'experiment.create',
      targetType: 'experiment',
      targetId: id,
      summary: `experiment '${name}' created`,
      after: { name },
    });
    return experimentView(db, row);
  });
}
