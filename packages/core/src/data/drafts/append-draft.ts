import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { type DatasetVersion, type Draft, MAX_BATCH_BYTES } from '@baton/contracts';
import { recordAudit } from '../../audit/record-audit.ts';
import { newId, nowIso } from '../../clock.ts';
import { actorName, executor, inTransaction, requireProject, type ServiceContext } from '../../context.ts';
import { badRequest } from '../../errors.ts';
import { enqueueJob } from '../../jobs/enqueue-job.ts';
import { ensureDataset } from '../create-dataset.ts';
import { dataJobCatalogue } from '../data-jobs.ts';
import { duckMessage, literal, queryRows, withConnection } from '../duckdb.ts';
import { spool } from '../spool.ts';
import { DRAFT_DEFAULTS, draftView, isFull, openDraftOf } from './draft-repo.ts';
import { sealDraft } from './seal-draft.ts';

export interface AppendDraftInput {
  dataset: string;
  body: Readable | AsyncIterable<Uint8Array>;
  maxRows?: number | undefined;
  maxBytes?: number | undefined;
  maxAgeMs?: number | undefined;
}

/**
 * Appends one NDJSON batch to the dataset's open draft, opening one (with its thresholds)
 * when there is none. The batch is checked whole before it is kept; a draft that reaches
 * its row or byte threshold is sealed into a version at once, and a job seals it when its
 * age threshold passes.
 */
export async function appendDraft({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: AppendDraftInput;
}): Promise<{ draft: Draft; version: DatasetVersion | null }> {
  const project = requireProject(ctx);
  const file = await spool(input.body, MAX_BATCH_BYTES);
  let rows: number;
  let digest: string;
  try {
    if (file.bytes === 0) throw badRequest('the batch is empty');
    if (file.encoding !== 'utf-8')
      throw badRequest(`the batch is not UTF-8 (undecodable bytes at byte ${file.invalidAt})`);
    rows = await withConnection(async (conn) => {
      const [row] = await queryRows(
        conn,
        `SELECT count(*)::DOUBLE AS n FROM read_json(${literal(file.path)}, format='newline_delimited', maximum_object_size=67108864)`,
      ).catch((error: unknown) => {
        throw badRequest(`the batch is not NDJSON (one JSON object per line): ${duckMessage(error)}`);
      });
      return Number(row?.n ?? 0);
    });
    digest = (await ctx.services.artifacts.put(createReadStream(file.path))).digest;
  } finally {
    await file.remove();
  }
  const draft = await inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const dataset = await ensureDataset(ctx, input.dataset);
    let open = await openDraftOf(db, dataset.id);
    if (!open) {
      open = {
        id: newId(),
        dataset_id: dataset.id,
        status: 'open',
        rows: 0,
        bytes: 0,
        batches: 0,
        max_rows: input.maxRows ?? DRAFT_DEFAULTS.maxRows,
        max_bytes: input.maxBytes ?? DRAFT_DEFAULTS.maxBytes,
        max_age_ms: input.maxAgeMs ?? DRAFT_DEFAULTS.maxAgeMs,
        opened_at: nowIso(),
        opened_by: actorName(ctx.actor),
        version_number: null,
        sealed_at: null,
      };
      await db.insertInto('dataset_drafts').values(open).execute();
      await enqueueJob({
        ctx,
        catalogue: dataJobCatalogue(),
        input: {
          kind: 'data.seal-draft',
          payload: { draftId: open.id },
          projectId: project.id,
          delayMs: Number(open.max_age_ms),
        },
      });
    }
    const next = {
      rows: Number(open.rows) + rows,
      bytes: Number(open.bytes) + file.bytes,
      batches: Number(open.batches) + 1,
    };
    await db
      .insertInto('dataset_draft_batches')
      .values({ draft_id: open.id, seq: next.batches, digest, rows, bytes: file.bytes, created_at: nowIso() })
      .execute();
    await db.updateTable('dataset_drafts').set(next).where('id', '=', open.id).execute();
    await recordAudit(ctx, {
      action: 'dataset.draft.append',
      targetType: 'dataset-draft',
      targetId: open.id,
      summary: `${rows} rows appended to the draft of dataset '${dataset.name}'`,
      after: { batch: next.batches, rows, bytes: file.bytes, digest },
    });
    return { row: { ...open, ...next }, dataset: dataset.name };
  });
  if (isFull(draft.row)) {
    const version = await sealDraft({ ctx, input: { dataset: draft.dataset, draftId: draft.row.id } });
    return {
      draft: { ...draftView(draft.row, draft.dataset), status: 'sealed', versionNumber: version.number },
      version,
    };
  }
  return { draft: draftView(draft.row, draft.dataset), version: null };
}
