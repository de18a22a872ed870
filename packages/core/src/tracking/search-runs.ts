import { type Run, TRACKING_LIMITS, type ViewType } from '@baton/contracts';
import { type RawBuilder, sql } from 'kysely';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { decodePageToken, encodePageToken } from './search/page-token.ts';
import { refreshStatistics } from './search/refresh-statistics.ts';
import { runFilterSql, runOrderSql } from './search/run-filter-sql.ts';
import type { RunRow } from './tracking-repo.ts';
import { runViews } from './tracking-repo.ts';

export interface SearchRunsInput {
  /** Experiments to search (ids); every experiment of the project when empty. */
  experimentIds?: string[] | undefined;
  filter?: string | undefined;
  orderBy?: string[] | undefined;
  viewType?: ViewType | undefined;
  maxResults?: number | undefined;
  pageToken?: string | undefined;
}

const lifecycle = (viewType: ViewType) =>
  viewType === 'ALL'
    ? sql`1 = 1`
    : sql`runs.lifecycle_stage = ${viewType === 'DELETED_ONLY' ? 'deleted' : 'active'}`;

/**
 * Runs of the project's experiments matching an MLflow filter, in `orderBy` order (then
 * newest first), one page at a time.
 */
export async function searchRuns({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: SearchRunsInput;
}): Promise<{ runs: Run[]; nextPageToken: string | null }> {
  const project = requireProject(ctx);
  const db = executor(ctx);
  const maxResults = input.maxResults ?? 1000;
  if (!Number.isSafeInteger(maxResults) || maxResults < 1 || maxResults > TRACKING_LIMITS.maxSearchResults) {
    throw badRequest(`max_results must be between 1 and ${TRACKING_LIMITS.maxSearchResults}`);
  }
  const offset = decodePageToken(input.pageToken);
  const known = await db
    .selectFrom('experiments')
    .select('id')
    .where('project_id', '=', project.id)
    .$if((input.experimentIds?.length ?? 0) > 0, (q) => q.where('id', 'in', input.experimentIds!))
    .execute();
  const experimentIds = known.map((e) => e.id);
  if (experimentIds.length === 0) return { runs: [], nextPageToken: null };
  const where = runFilterSql(ctx.services.dialect, input.filter ?? '', experimentIds);
  const order = runOrderSql(input.orderBy ?? [], experimentIds, ctx.services.dialect);
  await refreshStatistics(ctx);
  const conditions = [
    sql`runs.project_id = ${project.id}`,
    sql`runs.experiment_id in (${sql.join(experimentIds.map((id) => sql`${id}`))})`,
    lifecycle(input.viewType ?? 'ACTIVE_ONLY'),
    ...where,
  ];
  const last = [sql`runs.start_time desc`, sql`runs.id asc`];
  const select = async (
    from: RawBuilder<unknown>,
    extra: RawBuilder<unknown>[],
    terms: RawBuilder<unknown>[],
    limit: number,
    skip: number,
  ) =>
    (
      await sql<RunRow>`select runs.* from ${from} where ${sql.join([...conditions, ...extra], sql` and `)} order by ${sql.join([...terms, ...last])} limit ${limit} offset ${skip}`.execute(
        db,
      )
    ).rows;
  const from = sql`runs ${sql.join(order.joins, sql` `)}`;
  const lead = order.leadingMetric;
  let rows: RunRow[];
  if (lead) {
    // Band by band (values, NaN, missing), each read only when the page reaches it.
    const want = offset + maxResults + 1;
    const found = await select(lead.valueFrom, [lead.valueWhere], lead.valueTerms, want, 0);
    for (const band of lead.lastBands) {
      if (found.length >= want) break;
      found.push(...(await select(from, [band], lead.restTerms, want - found.length, 0)));
    }
    rows = found.slice(offset);
  } else {
    rows = await select(from, [], order.terms, maxResults + 1, offset);
  }
  const more = rows.length > maxResults;
  const page = more ? rows.slice(0, maxResults) : rows;
  return {
    runs: await runViews(db, page),
    nextPageToken: more ? encodePageToken(offset + maxResults) : null,
  };
}
