import type { Project } from '@baton/contracts';
import { executor, type ServiceContext } from '../context.ts';
import { projectViewFor } from './project-view.ts';

/** The caller's projects; an administrator sees every project. */
export async function listProjects({ ctx }: { ctx: ServiceContext }): Promise<Project[]> {
  const db = executor(ctx);
  const actor = ctx.actor;
  let query = db.selectFrom('projects').selectAll('projects').orderBy('projects.slug');
  if (actor.kind === 'user' && !actor.isAdmin) {
    query = query
      .innerJoin('memberships', 'memberships.project_id', 'projects.id')
      .where('memberships.user_id', '=', actor.userId);
  }
  const rows = await query.execute();
  return Promise.all(rows.map((row) => projectViewFor(db, ctx, row)));
}
