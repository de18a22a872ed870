import type { Job } from '@baton/contracts';
import { executor, type ServiceContext } from '../context.ts';
import { findJobInProject, toJob } from './job-row.ts';

export interface GetJobInput {
  /** The project the caller is acting in; `null` for system jobs. */
  projectId: string | null;
  jobId: string;
}

/** One job of the project; a job of another project is not_found. */
export async function getJob({ ctx, input }: { ctx: ServiceContext; input: GetJobInput }): Promise<Job> {
  return toJob(await findJobInProject(executor(ctx), input.projectId, input.jobId));
}
