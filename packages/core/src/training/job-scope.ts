import type { ServiceContext } from '../context.ts';
import type { JobContext } from '../jobs/define-job-kind.ts';

/**
 * A job runs as the system actor without a project; the training verbs it calls are
 * project-scoped, so it acts in the job's project (the transport already checked who queued it).
 */
export async function jobProjectContext(job: JobContext): Promise<ServiceContext> {
  if (!job.projectId) throw new Error('a training job needs a project');
  const project = await job.ctx.services.db
    .selectFrom('projects')
    .select(['id', 'slug', 'name'])
    .where('id', '=', job.projectId)
    .executeTakeFirstOrThrow();
  return { ...job.ctx, project: { ...project, roles: [], permissions: new Set() } };
}
