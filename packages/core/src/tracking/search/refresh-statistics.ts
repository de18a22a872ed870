import { sql } from 'kysely';
import type { ServiceContext } from '../../context.ts';

const TABLES = ['runs', 'latest_metrics', 'run_params', 'run_tags'] as const;
const CHECK_EVERY_MS = 10_000;
let checkedAt = 0;

/**
 * Keeps PostgreSQL's planner statistics of the search tables fresh. Without them (a bulk load
 * just finished, or autovacuum is off or behind) the planner believes the tables empty and
 * picks nested loops that take seconds at 25,000 runs; with them, hash joins take milliseconds.
 * At most one check every 10 s per process; a table is analysed when a fifth of it changed.
 */
export async function refreshStatistics(ctx: ServiceContext): Promise<void> {
  if (ctx.services.dialect !== 'postgres') return;
  const now = Date.now();
  if (now - checkedAt < CHECK_EVERY_MS) return;
  checkedAt = now;
  const db = ctx.services.db;
  const { rows } = await sql<{ relname: string; mods: number; live: number; analysed: boolean }>`
    select relname, n_mod_since_analyze as mods, n_live_tup as live,
      (last_analyze is not null or last_autoanalyze is not null) as analysed
    from pg_stat_user_tables
    where relid in (${sql.join(TABLES.map((t) => sql`to_regclass(${t})`))})`.execute(db);
  for (const row of rows) {
    const mods = Number(row.mods);
    if (mods > 1000 && (!row.analysed || mods > 0.2 * Number(row.live))) {
      const table = TABLES.find((t) => t === row.relname);
      if (table) await sql`analyze ${sql.table(table)}`.execute(db);
    }
  }
}
