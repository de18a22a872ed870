import type { Draft } from '@baton/contracts';
import type { Selectable } from 'kysely';
import type { Executor } from '../../context.ts';
import type { DatasetDraftsTable } from '../../db/data-schema.ts';

export type DraftRow = Selectable<DatasetDraftsTable>;

export const DRAFT_DEFAULTS = { maxRows: 1_000_000, maxBytes: 256 * 1024 ** 2, maxAgeMs: 60 * 60_000 };

export const openDraftOf = (db: Executor, datasetId: string): Promise<DraftRow | undefined> =>
  db
    .selectFrom('dataset_drafts')
    .selectAll()
    .where('dataset_id', '=', datasetId)
    .where('status', '=', 'open')
    .executeTakeFirst();

export const draftView = (row: DraftRow, dataset: string): Draft => ({
  id: row.id,
  dataset,
  status: row.status as Draft['status'],
  rows: Number(row.rows),
  bytes: Number(row.bytes),
  batches: Number(row.batches),
  openedAt: row.opened_at,
  maxRows: Number(row.max_rows),
  maxBytes: Number(row.max_bytes),
  maxAgeMs: Number(row.max_age_ms),
  versionNumber: row.version_number === null ? null : Number(row.version_number),
});

/** Whether a draft has reached its row or byte threshold. */
export const isFull = (row: DraftRow): boolean =>
  Number(row.rows) >= Number(row.max_rows) || Number(row.bytes) >= Number(row.max_bytes);
