import type { CheckResult, SuiteDefinition } from '@baton/contracts';
import { newId, nowIso } from '../../clock.ts';
import type { Services } from '../../context.ts';
import { parseColumns } from '../dataset-repo.ts';
import { withConnection } from '../duckdb.ts';
import { localFileOf } from '../local-file.ts';
import { evaluateCheck } from './evaluate-check.ts';

export interface SuitesOutcome {
  validation: 'unchecked' | 'validated' | 'failed';
  suites: { name: string; status: 'passed' | 'failed'; failed: number; checks: number }[];
}

/**
 * Runs every quality suite of the version's dataset on the version, records one result per
 * suite, and marks the version `validated` (all passed), `failed`, or `unchecked` (no suites).
 */
export async function runSuites(
  services: Services,
  versionId: string,
  jobId: string | null,
  signal?: AbortSignal,
): Promise<SuitesOutcome> {
  const { db } = services;
  const version = await db
    .selectFrom('dataset_versions')
    .selectAll()
    .where('id', '=', versionId)
    .executeTakeFirstOrThrow();
  const suites = await db
    .selectFrom('quality_suites')
    .selectAll()
    .where('dataset_id', '=', version.dataset_id)
    .orderBy('name')
    .execute();
  if (suites.length === 0) {
    await db
      .updateTable('dataset_versions')
      .set({ validation: 'unchecked' })
      .where('id', '=', versionId)
      .execute();
    return { validation: 'unchecked', suites: [] };
  }
  const file = await localFileOf(services.artifacts, version.digest);
  const target = {
    file: file.path,
    rowCount: Number(version.row_count),
    columns: new Map(parseColumns(version).map((c) => [c.name, c.type])),
  };
  const outcome: SuitesOutcome = { validation: 'validated', suites: [] };
  try {
    for (const suite of suites) {
      signal?.throwIfAborted();
      const definition = JSON.parse(suite.definition_json) as SuiteDefinition;
      const startedAt = nowIso();
      const results: CheckResult[] = [];
      await withConnection(async (conn) => {
        for (const [i, check] of definition.checks.entries()) {
          signal?.throwIfAborted();
          results.push(await evaluateCheck(conn, target, check, i));
        }
      });
      const failed = results.filter((r) => !r.success).length;
      const status = failed === 0 ? 'passed' : 'failed';
      if (failed > 0) outcome.validation = 'failed';
      outcome.suites.push({ name: suite.name, status, failed, checks: results.length });
      await db
        .insertInto('quality_runs')
        .values({
          id: newId(),
          version_id: versionId,
          suite_name: suite.name,
          status,
          results_json: JSON.stringify(results),
          job_id: jobId,
          started_at: startedAt,
          finished_at: nowIso(),
        })
        .execute();
    }
  } finally {
    await file.release();
  }
  await db
    .updateTable('dataset_versions')
    .set({ validation: outcome.validation })
    .where('id', '=', versionId)
    .execute();
  return outcome;
}
