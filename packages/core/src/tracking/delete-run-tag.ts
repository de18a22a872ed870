import { recordAudit } from '../audit/record-audit.ts';
import { executor, inTransaction, type ServiceContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { assertWritable, findRun } from './tracking-repo.ts';

/** Removes a tag from a run; a tag that is not there is a 404 (as in MLflow). */
export async function deleteRunTag({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { run: string; key: string };
}): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const run = await findRun(ctx, db, input.run);
    assertWritable(run, 'tags');
    const result = await db
      .deleteFrom('run_tags')
      .where('run_id', '=', run.id)
      .where('key', '=', input.key)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound(`tag of run '${run.id}'`, input.key);
    await recordAudit(ctx, {
      action: 'run.tag.delete',
      targetType: 'run',
      targetId: run.id,
      summary: `tag '${input.key}' removed from run '${run.name}'`,
    });
  });
}
