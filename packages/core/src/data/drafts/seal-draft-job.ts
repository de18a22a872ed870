import { z } from 'zod';
import { defineJobKind } from '../../jobs/define-job-kind.ts';
import { sealDraft } from './seal-draft.ts';

/** `data.seal-draft`: seals a draft when its age threshold passes (queued when the draft opens). */
export const sealDraftJob = defineJobKind({
  kind: 'data.seal-draft',
  description: "Seal a dataset's draft into a version when it reaches its age threshold",
  payload: z.object({ draftId: z.string() }),
  timeoutMs: 60 * 60_000,
  maxAttempts: 3,
  backoffMs: 10_000,
  startable: false,
  handler: async ({ draftId }, job) => {
    const { db } = job.ctx.services;
    const draft = await db
      .selectFrom('dataset_drafts as d')
      .innerJoin('datasets as s', 's.id', 'd.dataset_id')
      .innerJoin('projects as p', 'p.id', 's.project_id')
      .select(['d.status', 's.name as dataset', 'p.id as projectId', 'p.slug', 'p.name as projectName'])
      .where('d.id', '=', draftId)
      .executeTakeFirst();
    if (draft?.status !== 'open') return { skipped: 'the draft is already sealed' };
    const ctx = {
      ...job.ctx,
      project: {
        id: draft.projectId,
        slug: draft.slug,
        name: draft.projectName,
        roles: [],
        permissions: new Set<never>(),
      },
    };
    const version = await sealDraft({ ctx, input: { dataset: draft.dataset, draftId } });
    return { version: version.number, rows: version.rowCount };
  },
});
