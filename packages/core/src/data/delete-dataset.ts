import { recordAudit } from '../audit/record-audit.ts';
import { executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { conflict } from '../errors.ts';
import { findDataset } from './dataset-repo.ts';

/**
 * Deletes a dataset with its versions, profiles, tags, suites and drafts. Refused, naming
 * them, while runs or models refer to any of its versions. Parquet files no other version
 * shares are removed from the artifact store after the commit.
 */
export async function deleteDataset({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { dataset: string };
}): Promise<void> {
  const project = requireProject(ctx);
  const digests = await inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const dataset = await findDataset(db, project.id, input.dataset);
    const refs = await db
      .selectFrom('dataset_version_refs as r')
      .innerJoin('dataset_versions as v', 'v.id', 'r.version_id')
      .select(['v.number', 'r.ref_type', 'r.ref_id'])
      .where('v.dataset_id', '=', dataset.id)
      .orderBy('v.number')
      .limit(20)
      .execute();
    if (refs.length > 0) {
      const list = refs.map((r) => `version ${r.number} by ${r.ref_type} ${r.ref_id}`).join(', ');
      throw conflict(`dataset '${dataset.name}' cannot be deleted: its versions are in use (${list})`);
    }
    const versions = await db
      .selectFrom('dataset_versions')
      .select(['number', 'digest'])
      .where('dataset_id', '=', dataset.id)
      .execute();
    const batches = await db
      .selectFrom('dataset_draft_batches as b')
      .innerJoin('dataset_drafts as d', 'd.id', 'b.draft_id')
      .select('b.digest')
      .where('d.dataset_id', '=', dataset.id)
      .execute();
    await db.deleteFrom('datasets').where('id', '=', dataset.id).execute();
    await recordAudit(ctx, {
      action: 'dataset.delete',
      targetType: 'dataset',
      targetId: dataset.id,
      summary: `dataset '${dataset.name}' deleted with ${versions.length} versions`,
      before: { name: dataset.name, versions: versions.map((v) => ({ number: v.number, digest: v.digest })) },
    });
    return [...versions.map((v) => v.digest), ...batches.map((b) => b.digest)];
  });
  // Content-addressed: a file another version (of any dataset) still uses stays.
  for (const digest of new Set(digests)) {
    const used = await ctx.services.db
      .selectFrom('dataset_versions')
      .select('id')
      .where('digest', '=', digest)
      .limit(1)
      .executeTakeFirst();
    if (!used) await ctx.services.artifacts.delete(digest).catch(() => false);
  }
}
