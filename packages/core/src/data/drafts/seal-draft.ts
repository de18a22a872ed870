import { rm } from 'node:fs/promises';
import type { DatasetVersion, Draft } from '@baton/contracts';
import { recordAudit } from '../../audit/record-audit.ts';
import { nowIso } from '../../clock.ts';
import { executor, inTransaction, requireProject, type ServiceContext } from '../../context.ts';
import { conflict } from '../../errors.ts';
import { commitVersion } from '../commit-version.ts';
import { findDataset } from '../dataset-repo.ts';
import { duckMessage, literal, VERSION_PARQUET, withConnection } from '../duckdb.ts';
import { type LocalFile, localFileOf } from '../local-file.ts';
import { workFile } from '../spool.ts';
import { draftView, openDraftOf } from './draft-repo.ts';

/**
 * Seals the dataset's open draft (or the given one) into a version: its batches become one
 * Parquet file (columns united by name). The draft is claimed and the version committed in
 * one transaction, so a failed seal leaves the draft open with every row.
 */
export async function sealDraft({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { dataset: string; draftId?: string; message?: string | undefined };
}): Promise<DatasetVersion> {
  const project = requireProject(ctx);
  const db = executor(ctx);
  const dataset = await findDataset(db, project.id, input.dataset);
  const draft = await openDraftOf(db, dataset.id);
  if (!draft || (input.draftId && draft.id !== input.draftId)) {
    throw conflict(`dataset '${dataset.name}' has no open draft to seal`);
  }
  const batches = await db
    .selectFrom('dataset_draft_batches')
    .select(['digest'])
    .where('draft_id', '=', draft.id)
    .orderBy('seq')
    .execute();
  const files: LocalFile[] = [];
  const parquet = await workFile('.parquet');
  try {
    for (const batch of batches) files.push(await localFileOf(ctx.services.artifacts, batch.digest));
    await withConnection((conn) =>
      conn.run(
        `COPY (SELECT * FROM read_json([${files.map((f) => literal(f.path)).join(', ')}], format='newline_delimited', union_by_name=true, maximum_object_size=67108864)) TO ${literal(parquet)} (${VERSION_PARQUET})`,
      ),
    ).catch((error: unknown) => {
      throw conflict(`the draft cannot be sealed: ${duckMessage(error)}`);
    });
    return await inTransaction(ctx, async (ctx) => {
      const tx = executor(ctx);
      const claimed = await tx
        .updateTable('dataset_drafts')
        .set({ status: 'sealed', sealed_at: nowIso() })
        .where('id', '=', draft.id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw conflict('the draft was sealed by another request');
      const version = await commitVersion(ctx, {
        dataset: dataset.name,
        parquet,
        message: input.message ?? `sealed draft of ${batches.length} batches`,
        source: {
          kind: 'draft',
          format: 'ndjson',
          filename: null,
          options: { batches: batches.length },
          skippedRows: 0,
          skippedLines: [],
          bytes: Number(draft.bytes),
        },
      });
      await tx
        .updateTable('dataset_drafts')
        .set({ version_number: version.number })
        .where('id', '=', draft.id)
        .execute();
      await recordAudit(ctx, {
        action: 'dataset.draft.seal',
        targetType: 'dataset-draft',
        targetId: draft.id,
        summary: `draft of dataset '${dataset.name}' sealed as version ${version.number}`,
        after: { version: version.number, rows: version.rowCount, batches: batches.length },
      });
      return version;
    });
  } finally {
    await Promise.all(files.map((f) => f.release()));
    await rm(parquet, { force: true });
  }
}

/** The dataset's open draft, or null. */
export async function getDraft({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { dataset: string };
}): Promise<Draft | null> {
  const db = executor(ctx);
  const dataset = await findDataset(db, requireProject(ctx).id, input.dataset);
  const draft = await openDraftOf(db, dataset.id);
  return draft ? draftView(draft, dataset.name) : null;
}
