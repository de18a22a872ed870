import type { Experiment } from '@baton/contracts';
import { TRACKING_LIMITS } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { conflict } from '../errors.ts';
import { assertExperimentName } from './create-experiment.ts';
import { experimentView, findExperiment } from './tracking-repo.ts';
import { assertKey, assertValue } from './validate.ts';

export interface UpdateExperimentInput {
  experiment: string;
  name?: string | undefined;
  tags?: Record<string, string> | undefined;
  /** `deleted` deletes softly (its runs with it), `active` restores. */
  lifecycleStage?: 'active' | 'deleted' | undefined;
}

/** Renames, tags, deletes (soft) or restores an experiment. */
export async function updateExperiment({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: UpdateExperimentInput;
}): Promise<Experiment> {
  const tags = Object.entries(input.tags ?? {});
  for (const [key, value] of tags)
    assertValue('tag', assertKey('tag', key), value, TRACKING_LIMITS.tagValueLength);
  const project = requireProject(ctx);
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const row = await findExperiment(ctx, db, input.experiment);
    const now = Date.now();
    const next = { ...row, last_update_time: now };
    if (input.name !== undefined && input.name !== row.name) {
      const name = assertExperimentName(input.name);
      const taken = await db
        .selectFrom('experiments')
        .select('id')
        .where('project_id', '=', project.id)
        .where('name', '=', name)
        .executeTakeFirst();
      if (taken) throw conflict(`an experiment named '${name}' already exists`);
      next.name = name;
    }
    if (input.lifecycleStage && input.lifecycleStage !== row.lifecycle_stage) {
      next.lifecycle_stage = input.lifecycleStage;
      // MLflow deletes and restores an experiment's runs with it.
      await db
        .updateTable('runs')
        .set({
          lifecycle_stage: input.lifecycleStage,
          deleted_time: input.lifecycleStage === 'deleted' ? now : null,
        })
        .where('experiment_id', '=', row.id)
        .where('lifecycle_stage', '=', row.lifecycle_stage)
        .execute();
    }
    await db
      .updateTable('experiments')
      .set({ name: next.name, lifecycle_stage: next.lifecycle_stage, last_update_time: now })
      .where('id', '=', row.id)
      .execute();
    for (const [key, value] of tags) {
      await db
        .insertInto('experiment_tags')
        .values({ experiment_id: row.id, key, value })
        .onConflict((oc) => oc.columns(['experiment_id', 'key']).doUpdateSet({ value }))
        .execute();
    }
    const action =
      next.lifecycle_stage !== row.lifecycle_stage
        ? next.lifecycle_stage === 'deleted'
          ? 'experiment.delete'
          : 'experiment.restore'
        : 'experiment.update';
    await recordAudit(ctx, {
      action,
      targetType: 'experiment',
      targetId: row.id,
      summary: `experiment '${next.name}' ${action.split('.')[1]}d`,
      before: { name: row.name, lifecycleStage: row.lifecycle_stage },
      after: { name: next.name, lifecycleStage: next.lifecycle_stage, tags: input.tags },
    });
    return experimentView(db, next);
  });
}
