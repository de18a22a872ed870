import type { Deployment } from '@baton/contracts';
import { assertPermission } from '../access/resolve-access.ts';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { deploymentView, findDeployment } from './deployment-repo.ts';

/** The project's deployments, by name, each with the versions its aliases resolve to now. */
export async function listDeployments({
  ctx,
}: {
  ctx: ServiceContext;
  input?: undefined;
}): Promise<Deployment[]> {
  const project = requireProject(ctx);
  assertPermission(project, 'deployment.read');
  const db = executor(ctx);
  const rows = await db
    .selectFrom('deployments')
    .selectAll()
    .where('project_id', '=', project.id)
    .orderBy('name')
    .execute();
  return Promise.all(rows.map((row) => deploymentView(db, row)));
}

/** One deployment of the project, by name or id. */
export async function getDeployment({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { deployment: string };
}): Promise<Deployment> {
  const project = requireProject(ctx);
  assertPermission(project, 'deployment.read');
  const db = executor(ctx);
  return deploymentView(db, await findDeployment(ctx, db, input.deployment));
}
