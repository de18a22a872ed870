import type { Project } from '@baton/contracts';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { projectView } from './project-view.ts';

export async function getProject({ ctx }: { ctx: ServiceContext }): Promise<Project> {
  const scope = requireProject(ctx);
  const db = executor(ctx);
  const row = await db
    .selectFrom('projects')
    .selectAll()
    .where('id', '=', scope.id)
    .executeTakeFirstOrThrow();
  return projectView(row, scope);
}
