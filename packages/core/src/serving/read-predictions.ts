import type { PredictionLogEntry } from '@baton/contracts';
import { assertPermission } from '../access/resolve-access.ts';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { findDeployment } from './deployment-repo.ts';
import { predictionView, selectLogPage } from './prediction-log.ts';

export interface ReadPredictionsInput {
  deployment: string;
  /** Epoch ms, inclusive. */
  from?: number | undefined;
  /** Epoch ms, exclusive. */
  to?: number | undefined;
  limit: number;
  cursor?: string | undefined;
}

const encodeCursor = (createdAt: number, id: string) => `${createdAt}.${id}`;
function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const match = /^(\d{1,16})\.([A-Za-z0-9-]{1,64})$/.exec(cursor);
  if (!match?.[1] || !match[2]) throw badRequest(`invalid cursor '${cursor.slice(0, 50)}'`);
  return { createdAt: Number(match[1]), id: match[2] };
}

/** A page of a deployment's prediction log within a time window, oldest first. */
export async function readPredictions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ReadPredictionsInput;
}): Promise<{ items: PredictionLogEntry[]; nextCursor: string | null }> {
  const project = requireProject(ctx);
  assertPermission(project, 'prediction.read');
  const db = executor(ctx);
  const deployment = await findDeployment(ctx, db, input.deployment);
  const rows = await selectLogPage(db, {
    deploymentId: deployment.id,
    from: input.from,
    to: input.to,
    after: input.cursor ? decodeCursor(input.cursor) : undefined,
    limit: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(predictionView),
    nextCursor: rows.length > input.limit && last ? encodeCursor(Number(last.created_at), last.id) : null,
  };
}
