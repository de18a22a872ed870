import { nowIso } from '../clock.ts';
import { actorId, actorName, executor, type ServiceContext } from '../context.ts';

export interface AuditInput {
  /** Dotted verb, `project.create`, `member.set`, `token.revoke`, ... */
  action: string;
  targetType: string;
  targetId: string;
  projectId?: string | null;
  summary: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends one entry to the audit log, inside the caller's transaction when one is open so
 * that the mutation and its audit entry commit together.
 */
export async function recordAudit(ctx: ServiceContext, entry: AuditInput): Promise<void> {
  await executor(ctx)
    .insertInto('audit_log')
    .values({
      at: nowIso(),
      actor_id: actorId(ctx.actor),
      actor_name: actorName(ctx.actor),
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      project_id: entry.projectId ?? ctx.project?.id ?? null,
      summary: entry.summary,
      before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
      request_id: ctx.requestId ?? null,
    })
    .execute();
}
