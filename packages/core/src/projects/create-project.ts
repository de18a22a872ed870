import type { Project } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId, nowIso } from '../clock.ts';
import { actorName, inTransaction, type ServiceContext } from '../context.ts';
import { conflict, ServiceError } from '../errors.ts';
import { projectViewFor } from './project-view.ts';

export interface CreateProjectInput {
  slug: string;
  name: string;
  description?: string | undefined;
}

/** Creates a project; a user creating it becomes its first member with the `admin` role. */
export async function createProject({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateProjectInput;
}): Promise<Project> {
  return inTransaction(ctx, async (ctx) => {
    const db = ctx.tx!;
    const taken = await db
      .selectFrom('projects')
      .select('id')
      .where('slug', '=', input.slug)
      .executeTakeFirst();
    if (taken) throw conflict(`a project with slug '${input.slug}' already exists`);
    const at = nowIso();
    const row = {
      id: newId(),
      slug: input.slug,
      name: input.name,
      description: input.description ?? '',
      created_at: at,
      created_by: actorName(ctx.actor),
      updated_at: at,
    };
    await db.insertInto('projects').values(row).execute();
    if (ctx.actor.kind === 'user') {
      const adminRole = await db
        .selectFrom('roles')
        .select('key')
        .where('key', '=', 'admin')
        .executeTakeFirst();
      if (!adminRole) throw new ServiceError('precondition_failed', "the role catalogue has no 'admin' role");
      await db
        .insertInto('memberships')
        .values({ project_id: row.id, user_id: ctx.actor.userId, created_at: at })
        .execute();
      await db
        .insertInto('member_roles')
        .values({ project_id: row.id, user_id: ctx.actor.userId, role: 'admin' })
        .execute();
    }
    await recordAudit(ctx, {
      action: 'project.create',
      targetType: 'project',
      targetId: row.id,
      projectId: row.id,
      summary: `project '${row.slug}' created`,
      after: { slug: row.slug, name: row.name, description: row.description },
    });
    return projectViewFor(db, ctx, row);
  });
}
