import type { Run } from '@baton/contracts';
import { executor, type ServiceContext } from '../context.ts';
import { findRun, runViews } from './tracking-repo.ts';

/** One run of the project: info, params, tags, latest metrics and dataset inputs. */
export async function getRun({ ctx, input }: { ctx: ServiceContext; input: { run: string } }): Promise<Run> {
  const db = executor(ctx);
  const [view] = await runViews(db, [await findRun(ctx, db, input.run)]);
  return view!;
}
