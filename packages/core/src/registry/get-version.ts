import type { ModelVersion } from '@baton/contracts';
import { executor, type ServiceContext } from '../context.ts';
import { decodePageToken, encodePageToken } from '../tracking/search/page-token.ts';
import { findModel, findVersion, versionView, versionViews } from './registry-repo.ts';

/** One version of a model, by number (`3`) or alias (`@production`). */
export async function getModelVersion({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { model: string; version: string | number };
}): Promise<ModelVersion> {
  const db = executor(ctx);
  const model = await findModel(ctx, db, input.model);
  return versionView(db, model, await findVersion(ctx, db, model, input.version));
}

/** A model's versions, newest first. */
export async function listModelVersions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { model: string; limit?: number | undefined; cursor?: string | undefined };
}): Promise<{ items: ModelVersion[]; nextCursor: string | null }> {
  const db = executor(ctx);
  const model = await findModel(ctx, db, input.model);
  const limit = input.limit ?? 100;
  const offset = decodePageToken(input.cursor);
  const rows = await db
    .selectFrom('model_versions')
    .selectAll()
    .where('model_id', '=', model.id)
    .orderBy('version', 'desc')
    .limit(limit + 1)
    .offset(offset)
    .execute();
  const more = rows.length > limit;
  return {
    items: await versionViews(db, model, more ? rows.slice(0, limit) : rows),
    nextCursor: more ? encodePageToken(offset + limit) : null,
  };
}
