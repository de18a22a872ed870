import type { Job, JobStatus } from '@baton/contracts';
import { executor, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { toJob } from './job-row.ts';

export interface ListJobsInput {
  projectId: string | null;
  status?: JobStatus;
  kind?: string;
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

interface Cursor {
  createdAt: string;
  id: string;
}

const encodeCursor = (c: Cursor): string =>
  Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url');

function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return { createdAt: value[0] as string, id: value[1] as string };
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest('invalid cursor', [{ path: 'cursor', message: 'not a cursor this endpoint returned' }]);
}

/** The project's jobs, newest first, a page at a time (keyset pagination on created_at, id). */
export async function listJobs({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListJobsInput;
}): Promise<{ items: Job[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 500);
  const cursor = input.cursor ? decodeCursor(input.cursor) : undefined;
  const { projectId, status, kind } = input;
  const rows = await executor(ctx)
    .selectFrom('jobs')
    .selectAll()
    .where((eb) => (projectId === null ? eb('project_id', 'is', null) : eb('project_id', '=', projectId)))
    .$if(status !== undefined, (qb) => qb.where('status', '=', status!))
    .$if(kind !== undefined, (qb) => qb.where('kind', '=', kind!))
    .$if(cursor !== undefined, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('created_at', '<', cursor!.createdAt),
          eb.and([eb('created_at', '=', cursor!.createdAt), eb('id', '<', cursor!.id)]),
        ]),
      ),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toJob),
    nextCursor:
      rows.length > limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}
