import { assertPermission } from '../access/resolve-access.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { findDeployment } from './deployment-repo.ts';

/** Deletes a deployment; its prediction log stays (monitoring may still read it). */
export async function deleteDeployment({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { deployment: string };
}): Promise<void> {
  const project = requireProject(ctx);
  assertPermission(project, 'deployment.manage');
  await inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const row = await findDeployment(ctx, db, input.deployment);
    await db.deleteFrom('deployments').where('id', '=', row.id).execute();
    await recordAudit(ctx, {
      action: 'deployment.delete',
      targetType: 'deployment',
      targetId: row.id,
      summary: `deployment '${row.name}' deleted`,
      before: { name: row.name, alias: row.alias, status: row.status },
    });
  });
}
