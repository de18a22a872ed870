import type { Services } from '@baton/core';
import { sql } from 'kysely';
import type { HandlerGroup } from './handlers.ts';

export const systemHandlers = (
  services: Services,
  version: string,
): HandlerGroup<'health' | 'readiness' | 'serverInfo'> => ({
  health: async () => ({ status: 'ok' as const }),
  readiness: async ({ reply }) => {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    try {
      await sql`select 1`.execute(services.db);
      checks.database = { ok: true };
    } catch (error) {
      checks.database = { ok: false, detail: (error as Error).message };
    }
    try {
      await services.artifacts.check();
      checks.artifacts = { ok: true };
    } catch (error) {
      checks.artifacts = { ok: false, detail: (error as Error).message };
    }
    const ready = Object.values(checks).every((c) => c.ok);
    // A load balancer reads the status code, people read the body.
    if (!ready) reply.code(503);
    return { status: ready ? ('ready' as const) : ('not_ready' as const), checks };
  },
  serverInfo: async () => ({
    name: 'baton' as const,
    version,
    database: services.dialect,
    artifacts: services.artifacts.uri,
  }),
});
