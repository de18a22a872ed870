import type { Experiment } from '@baton/contracts';
import { executor, type ServiceContext } from '../context.ts';
import { experimentView, findExperiment } from './tracking-repo.ts';

/** One experiment of the project, by id, or by name (`byName`, or when no id matches). */
export async function getExperiment({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { experiment: string; byName?: boolean };
}): Promise<Experiment> {
  const db = executor(ctx);
  return experimentView(
    db,
    await findExperiment(ctx, db, input.experiment, { byName: input.byName ?? false }),
  );
}
