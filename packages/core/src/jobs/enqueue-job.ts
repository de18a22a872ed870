import type { FieldError, Job } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { isoAfter, newId, nowIso } from '../clock.ts';
import { actorName, executor, inTransaction, type ServiceContext } from '../context.ts';
import { badRequest, forbidden } from '../errors.ts';
import type { JobCatalogue } from './job-catalogue.ts';
import { jobEvents } from './job-events.ts';
import { toJob } from './job-row.ts';

export interface EnqueueJobInput {
  kind: string;
  /** Must be JSON: it is stored as text and parsed again by the worker. */
  payload: unknown;
  /** The owning project; `null` for a system job. */
  projectId: string | null;
  /** `api`: a user starts it by hand, so only `startable` kinds are allowed. */
  source?: 'api' | 'internal';
  /** Overrides the kind's default priority; higher runs first. */
  priority?: number;
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
}

/**
 * Queues a job. The payload is checked against the kind's schema here, so a bad request
 * fails at once instead of in a worker later. Pass the process's catalogue beside the input.
 */
export async function enqueueJob({
  ctx,
  input,
  catalogue,
}: {
  ctx: ServiceContext;
  input: EnqueueJobInput;
  catalogue: JobCatalogue;
}): Promise<Job> {
  const kind = catalogue.get(input.kind);
  if (!kind) {
    throw badRequest(`unknown job kind '${input.kind}'`, [{ path: 'kind', message: 'no such job kind' }]);
  }
  if ((input.source ?? 'internal') === 'api' && !kind.startable) {
    throw forbidden(`job kind '${kind.kind}' cannot be started by hand`);
  }
  const parsed = kind.payload.safeParse(input.payload);
  if (!parsed.success) {
    const errors: FieldError[] = parsed.error.issues.map((issue) => ({
      path: ['payload', ...issue.path.map(String)].join('.'),
      message: issue.message,
    }));
    const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw badRequest(`invalid payload for job kind '${kind.kind}': ${detail}`, errors);
  }

  const now = nowIso();
  const row = await inTransaction(ctx, async (ctx) => {
    const inserted = await executor(ctx)
      .insertInto('jobs')
      .values({
        id: newId(),
        kind: kind.kind,
        project_id: input.projectId,
        status: 'queued',
        // The payload as given, not as parsed: the worker parses it again with the schema of
        // its own release, and a transform's output need not parse a second time.
        payload: JSON.stringify(input.payload ?? null),
        result: null,
        error: null,
        priority: input.priority ?? kind.priority,
        attempts: 0,
        max_attempts: kind.maxAttempts,
        timeout_ms: kind.timeoutMs,
        backoff_ms: kind.backoffMs,
        progress: 0,
        progress_message: null,
        run_after: input.delayMs ? isoAfter(input.delayMs) : now,
        lease_owner: null,
        lease_expires_at: null,
        cancel_requested: 0,
        created_at: now,
        created_by: actorName(ctx.actor),
        started_at: null,
        finished_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(ctx, {
      action: 'job.enqueue',
      targetType: 'job',
      targetId: inserted.id,
      projectId: inserted.project_id,
      summary: `queued job ${inserted.kind}`,
      after: { kind: inserted.kind, payload: input.payload ?? null },
    });
    return inserted;
  });
  ctx.logger.info({ jobId: row.id, kind: row.kind, projectId: row.project_id }, 'job queued');
  // When the caller holds a transaction, the row is not visible until it commits; the worker
  // then finds it on its next poll instead.
  jobEvents.notifyEnqueued();
  return toJob(row);
}
