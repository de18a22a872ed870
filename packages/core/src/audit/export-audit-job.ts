import { Readable } from 'node:stream';
import { z } from 'zod';
import { defineJobKind } from '../jobs/define-job-kind.ts';

const PAGE = 500;

/**
 * `audit.export`: writes a project's whole audit log, oldest first, as NDJSON into the
 * artifact store, for a compliance review or an archive. The result names the artifact.
 */
export const exportAuditJob = defineJobKind({
  kind: 'audit.export',
  description: "Export the project's audit log as NDJSON into the artifact store",
  payload: z.object({}).loose(),
  timeoutMs: 10 * 60_000,
  maxAttempts: 3,
  backoffMs: 2_000,
  startable: true,
  handler: async (_payload, job) => {
    const { db, artifacts } = job.ctx.services;
    const projectId = job.projectId;
    if (!projectId) throw new Error('audit.export needs a project');
    const total = Number(
      (
        await db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('project_id', '=', projectId)
          .executeTakeFirstOrThrow()
      ).n,
    );
    await job.log('info', `exporting ${total} audit entries`);
    let written = 0;
    async function* lines() {
      let after = 0;
      for (;;) {
        job.signal.throwIfAborted();
        const rows = await db
          .selectFrom('audit_log')
          .selectAll()
          .where('project_id', '=', projectId)
          .where('id', '>', after)
          .orderBy('id')
          .limit(PAGE)
          .execute();
        if (rows.length === 0) return;
        for (const row of rows) {
          yield Buffer.from(`${JSON.stringify(row)}\n`);
          after = row.id;
        }
        written += rows.length;
        await job.progress(total === 0 ? 1 : Math.min(1, written / total), `${written}/${total} entries`);
      }
    }
    const ref = await artifacts.put(Readable.from(lines()));
    await job.log('info', `wrote ${written} entries, ${ref.size} bytes, sha256 ${ref.digest}`);
    return { entries: written, digest: ref.digest, size: ref.size, format: 'ndjson' };
  },
});
