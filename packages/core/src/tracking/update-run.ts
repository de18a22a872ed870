import type { RunInfo, RunStatus } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { executor, inTransaction, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { findRun, runInfoView } from './tracking-repo.ts';
import { integerOf } from './validate.ts';

export interface UpdateRunInput {
  run: string;
  status?: RunStatus | undefined;
  endTime?: number | undefined;
  name?: string | undefined;
  /** `deleted` deletes softly, `active` restores. */
  lifecycleStage?: 'active' | 'deleted' | undefined;
}

const TERMINAL = new Set(['FINISHED', 'FAILED', 'KILLED']);

/** Ends a run with a status (end time defaults to now), renames, deletes or restores it. */
export async function updateRun({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: UpdateRunInput;
}): Promise<RunInfo> {
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const row = await findRun(ctx, db, input.run);
    const next = { ...row };
    const restoring = input.lifecycleStage === 'active';
    if (row.lifecycle_stage === 'deleted' && !restoring && (input.status || input.name !== undefined)) {
      throw badRequest(`run '${row.id}' is deleted; restore it before updating it`);
    }
    if (input.status) {
      next.status = input.status;
      if (TERMINAL.has(input.status)) next.end_time = integerOf('end_time', input.endTime, Date.now());
      else next.end_time = null;
    } else if (input.endTime !== undefined) {
      next.end_time = integerOf('end_time', input.endTime, Date.now());
    }
    if (input.name !== undefined && input.name !== '') next.name = input.name;
    if (input.lifecycleStage) {
      next.lifecycle_stage = input.lifecycleStage;
      next.deleted_time = input.lifecycleStage === 'deleted' ? Date.now() : null;
    }
    await db
      .updateTable('runs')
      .set({
        status: next.status,
        end_time: next.end_time,
        name: next.name,
        lifecycle_stage: next.lifecycle_stage,
        deleted_time: next.deleted_time,
      })
      .where('id', '=', row.id)
      .execute();
    if (next.name !== row.name) {
      await db
        .insertInto('run_tags')
        .values({ run_id: row.id, key: 'mlflow.runName', value: next.name })
        .onConflict((oc) => oc.columns(['run_id', 'key']).doUpdateSet({ value: next.name }))
        .execute();
    }
    const action =
      next.lifecycle_stage !== row.lifecycle_stage
        ? next.lifecycle_stage === 'deleted'
          ? 'run.delete'
          : 'run.restore'
        : 'run.update';
    await recordAudit(ctx, {
      action,
      targetType: 'run',
      targetId: row.id,
      summary: `run '${next.name}' ${action === 'run.update' ? `updated (${next.status})` : `${action.split('.')[1]}d`}`,
      before: { status: row.status, name: row.name, lifecycleStage: row.lifecycle_stage },
      after: { status: next.status, name: next.name, lifecycleStage: next.lifecycle_stage },
    });
    return runInfoView(next);
  });
}
