import type { Lane } from '@baton/contracts';
import type { Executor } from '../context.ts';

/** Whether a responsibility is carried out in Baton, not only assigned by title. */
export interface UsageResult {
  probe: string;
  responsibility: string;
  lane: Lane;
  describe: string;
  action: string;
  status: 'met' | 'unmet' | 'unchecked';
  detail: string;
}

/**
 * A check that a responsibility's work is done in its lane: "monitor data quality" is unmet
 * while the training datasets have no quality suite. A probe without `check` belongs to a
 * lane that does not report yet; it shows as unchecked until that lane fills it in.
 */
export interface UsageProbe {
  id: string;
  /** The responsibility key of the catalogue it checks. */
  responsibility: string;
  lane: Lane;
  /** What "in use" means, as a sentence: `every deployment has a monitor`. */
  describe: string;
  /** What to do when it is unmet. */
  action: string;
  check?: (db: Executor, project: { id: string }) => Promise<{ met: boolean; detail: string }>;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Jobs that failed in the last week and were not run again successfully since. */
async function failedJobs(db: Executor, project: { id: string }) {
  const since = new Date(Date.now() - WEEK_MS).toISOString();
  const rows = await db
    .selectFrom('jobs')
    .select(['kind', 'status', 'finished_at'])
    .where('project_id', '=', project.id)
    .where('status', 'in', ['failed', 'succeeded'])
    .where('finished_at', '>=', since)
    .orderBy('finished_at')
    .execute();
  const lastState = new Map<string, { failed: number; ok: boolean }>();
  for (const row of rows) {
    const state = lastState.get(row.kind) ?? { failed: 0, ok: true };
    if (row.status === 'failed') lastState.set(row.kind, { failed: state.failed + 1, ok: false });
    else lastState.set(row.kind, { failed: state.failed, ok: true });
  }
  const open = [...lastState.entries()].filter(([, s]) => !s.ok);
  if (open.length === 0)
    return { met: true, detail: 'no background job is left failed from the last 7 days' };
  const count = open.reduce((sum, [, s]) => sum + s.failed, 0);
  const kinds = open.map(([kind]) => kind).join(', ');
  return {
    met: false,
    detail: `${count} background job${count > 1 ? 's' : ''} failed in the last 7 days and ${count > 1 ? 'were' : 'was'} not run again successfully (${kinds})`,
  };
}

/** Until the training lane records which datasets train models, every dataset counts. */
async function datasetsWithoutSuites(db: Executor, project: { id: string }) {
  const rows = await db
    .selectFrom('datasets')
    .leftJoin('quality_suites', 'quality_suites.dataset_id', 'datasets.id')
    .select(['datasets.name as name', 'quality_suites.id as suite'])
    .where('datasets.project_id', '=', project.id)
    .execute();
  const names = [...new Set(rows.map((r) => r.name))];
  if (names.length === 0) return { met: true, detail: 'the project has no datasets yet' };
  const bare = names.filter((name) => !rows.some((r) => r.name === name && r.suite !== null));
  if (bare.length === 0) return { met: true, detail: `all ${names.length} datasets have a quality suite` };
  return { met: false, detail: `no quality suite on ${bare.map((n) => `'${n}'`).join(', ')}` };
}

/**
 * The probes Baton runs. The data and monitoring lanes fill in `check` when their tables
 * exist; until then those responsibilities are judged by title alone.
 */
export const USAGE_PROBES: readonly UsageProbe[] = [
  {
    id: 'data.quality-suites',
    responsibility: 'monitor-data-quality',
    lane: 'data',
    describe: "the project's training datasets have a quality suite",
    action: 'Add a quality suite to every training dataset in the data lane.',
    check: datasetsWithoutSuites,
  },
  {
    id: 'monitoring.deployment-monitors',
    responsibility: 'monitor-drift',
    lane: 'monitoring',
    describe: 'every deployment has a monitor',
    action: 'Create a monitor with drift and quality checks for each deployment in the monitoring lane.',
  },
  {
    id: 'platform.failed-jobs',
    responsibility: 'keep-platform-running',
    lane: 'platform',
    describe: 'no background job is left failed',
    action: 'Look at the failed jobs in the platform lane, fix the cause and run them again.',
    check: failedJobs,
  },
];

export async function runUsageProbes(
  db: Executor,
  project: { id: string },
  probes: readonly UsageProbe[],
): Promise<UsageResult[]> {
  const results: UsageResult[] = [];
  for (const probe of probes) {
    const { check, ...about } = probe;
    const base = { ...about, probe: probe.id };
    if (!check) {
      results.push({
        ...base,
        status: 'unchecked',
        detail: `the ${probe.lane} lane does not report this yet`,
      });
      continue;
    }
    const outcome = await check(db, project);
    results.push({ ...base, status: outcome.met ? 'met' : 'unmet', detail: outcome.detail });
  }
  return results;
}
