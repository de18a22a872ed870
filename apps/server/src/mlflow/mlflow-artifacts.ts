import type { Readable } from 'node:stream';
import {
  deleteRunArtifact,
  listRunArtifacts,
  openRunArtifact,
  putRunArtifact,
  type ServiceContext,
  ServiceError,
} from '@baton/core';
import { mlflowFile } from './mlflow-format.ts';

// The artifact proxy serves `mlflow-artifacts:/<experiment>/<run>/artifacts/<path>`, the
// location Baton gives every run, from the run's artifacts in Baton's store.

export interface ProxyPath {
  experimentId: string;
  runId: string;
  /** Relative to the run's artifact root; '' for the root. */
  path: string;
}

export function proxyPath(raw: string): ProxyPath {
  const parts = raw.replace(/^\/+/, '').split('/');
  const [experimentId, runId, root, ...rest] = parts;
  if (!experimentId || !runId || root !== 'artifacts') {
    throw new ServiceError(
      'bad_request',
      `artifact path '${raw.slice(0, 200)}' is not '<experiment_id>/<run_id>/artifacts/<path>', the only form Baton's artifact proxy serves`,
    );
  }
  return { experimentId, runId, path: rest.join('/') };
}

async function checkRun(ctx: ServiceContext, p: ProxyPath): Promise<void> {
  const row = await ctx.services.db
    .selectFrom('runs')
    .select('experiment_id')
    .where('id', '=', p.runId)
    .where('project_id', '=', ctx.project?.id ?? '')
    .executeTakeFirst();
  if (!row || row.experiment_id !== p.experimentId)
    throw new ServiceError('not_found', `run '${p.runId}' does not exist`);
}

export async function proxyList(ctx: ServiceContext, raw: string) {
  if (raw.replace(/^\/+|\/+$/g, '') === '') return { files: [] };
  const p = proxyPath(raw);
  await checkRun(ctx, p);
  const files = await listRunArtifacts({ ctx, input: { run: p.runId, path: p.path } });
  return { files: files.map((f) => mlflowFile(f, p.path)) };
}

export async function proxyPut(ctx: ServiceContext, raw: string, body: Readable) {
  const p = proxyPath(raw);
  await checkRun(ctx, p);
  await putRunArtifact({ ctx, input: { run: p.runId, path: p.path, body } });
  return {};
}

export async function proxyGet(ctx: ServiceContext, raw: string) {
  const p = proxyPath(raw);
  await checkRun(ctx, p);
  return openRunArtifact({ ctx, input: { run: p.runId, path: p.path } });
}

export async function proxyDelete(ctx: ServiceContext, raw: string) {
  const p = proxyPath(raw);
  await checkRun(ctx, p);
  await deleteRunArtifact({ ctx, input: { run: p.runId, path: p.path } });
  return {};
}

/** The experiment id at the head of a proxy path, to find its project on the bare root. */
export const proxyExperimentId = (raw: string): string => raw.replace(/^\/+/, '').split('/')[0] ?? '';
