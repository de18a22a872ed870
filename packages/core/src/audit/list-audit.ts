import type { AuditEntry } from '@baton/contracts';
import { executor, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';

export interface ListAuditInput {
  /** Restrict to one project; absent lists the whole log (administrators). */
  projectId?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** Audit entries newest first; the cursor is the id to continue below. */
export async function listAudit({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListAuditInput;
}): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  let query = executor(ctx)
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(input.limit + 1);
  if (input.projectId) query = query.where('project_id', '=', input.projectId);
  if (input.action) query = query.where('action', '=', input.action);
  if (input.actor) query = query.where('actor_name', '=', input.actor);
  if (input.cursor !== undefined) {
    const below = Number(input.cursor);
    if (!Number.isSafeInteger(below) || below < 0) throw badRequest(`invalid cursor '${input.cursor}'`);
    query = query.where('id', '<', below);
  }
  const rows = await query.execute();
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      projectId: r.project_id,
      summary: r.summary,
      before: parseJson(r.before_json),
      after: parseJson(r.after_json),
      requestId: r.request_id,
    })),
    nextCursor: rows.length > input.limit && last ? String(last.id) : null,
  };
}
