import type { Project } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso } from '../clock.ts';
import { inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { projectView } from './project-view.ts';

export async function updateProject({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { name?: string | undefined; description?: string | undefined };
}): Promise<Project> {
  const scope = requireProject(ctx);
  return inTransaction(ctx, async (ctx) => {
    const db = ctx.tx!;
    const before = await db
      .selectFrom('projects')
      .selectAll()
      .where('id', '=', scope.id)
      .executeTakeFirstOrThrow();
    const after = {
      ...before,
      name: input.name ?? before.name,
      description: input.description ?? before.description,
      updated_at: nowIso(),
    };
    await db
      .updateTable('projects')
      .set({ name: after.name, description: after.description, updated_at: after.updated_at })
      .where('id', '=', scope.id)
      .execute();
    await recordAudit(ctx, {
      action: 'project.update',
      targetType: 'project',
      targetId: scope.id,
      summary: `project '${scope.slug}' updated`,
      before: { name: before.name, description: before.description },
      after: { name: after.name, description: after.description },
    });
    // The request's scope was resolved before the update; a rename changes no permission.
    return projectView(after, scope);
  });
}
