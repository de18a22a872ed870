import { endpoints, type QueryOf } from '@baton/contracts';
import type { Call } from '../call.ts';
import type { QueryValues } from '../request.ts';

export type AuditQuery = QueryValues<QueryOf<typeof endpoints.listAudit>>;

/** The append-only audit log: who did what, when, with the before and after. */
export const auditApi = (call: Call) => ({
  /**
   * The whole audit log, newest first (administrators). Filter by `action` or `actor`;
   * page with `limit` (1-500, default 50) and the `nextCursor` of the previous page.
   *
   * ```ts
   * const page = await admin.audit.list({ action: 'token.create', limit: 20 });
   * const next = page.nextCursor ? await admin.audit.list({ cursor: page.nextCursor }) : null;
   * ```
   */
  list: (query: AuditQuery = {}) => call(endpoints.listAudit, { query }),

  /**
   * The audit log of one project, newest first (`audit.read`).
   *
   * ```ts
   * const { items } = await client.audit.listProject('credit-risk', { limit: 10 });
   * ```
   */
  listProject: (project: string, query: AuditQuery = {}) =>
    call(endpoints.listProjectAudit, { params: { project }, query }),
});
