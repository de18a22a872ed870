import { assertPermission } from '../access/resolve-access.ts';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { findDeployment } from './deployment-repo.ts';
import { predictionView, selectLogPage } from './prediction-log.ts';

const PAGE = 2000;

/**
 * The prediction log of a window as NDJSON lines, read page by page so memory stays flat
 * however large the window. The deployment is checked before the first line is produced.
 */
export async function exportPredictions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { deployment: string; from?: number | undefined; to?: number | undefined };
}): Promise<{ deployment: string; lines: AsyncIterable<string> }> {
  const project = requireProject(ctx);
  assertPermission(project, 'prediction.read');
  const db = executor(ctx);
  const deployment = await findDeployment(ctx, db, input.deployment);
  async function* lines(): AsyncIterable<string> {
    let after: { createdAt: number; id: string } | undefined;
    for (;;) {
      const rows = await selectLogPage(db, {
        deploymentId: deployment.id,
        from: input.from,
        to: input.to,
        after,
        limit: PAGE,
      });
      for (const row of rows) yield `${JSON.stringify(predictionView(row))}\n`;
      const last = rows.at(-1);
      if (rows.length < PAGE || !last) return;
      after = { createdAt: Number(last.created_at), id: last.id };
    }
  }
  return { deployment: deployment.name, lines: lines() };
}
