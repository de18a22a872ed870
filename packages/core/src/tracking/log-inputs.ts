import { recordAudit } from '../audit/record-audit.ts';
import { nowIso } from '../clock.ts';
import { executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { badRequest, notFound } from '../errors.ts';
import { assertWritable, findRun, newTrackingId } from './tracking-repo.ts';

export interface DatasetInput {
  name: string;
  digest: string;
  sourceType?: string | undefined;
  source?: string | undefined;
  schema?: string | undefined;
  profile?: string | undefined;
  tags?: { key: string; value: string }[] | undefined;
  /** A Baton dataset version this input is: `{ dataset, version }` in the run's project. */
  baton?: { dataset: string; version: number } | undefined;
}

/**
 * Records the datasets a run used. An input naming a Baton dataset version is checked against
 * the data lane and referenced there (a referenced version's dataset cannot be deleted); an
 * MLflow input whose digest matches a version of the project is linked to it too.
 */
export async function logInputs({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { run: string; datasets: DatasetInput[] };
}): Promise<void> {
  if (input.datasets.length > 1000) throw badRequest('at most 1000 dataset inputs per call');
  const project = requireProject(ctx);
  await inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const run = await findRun(ctx, db, input.run);
    assertWritable(run, 'tags');
    const at = nowIso();
    for (const d of input.datasets) {
      let versionId: string | null = null;
      let name = d.name;
      let digest = d.digest;
      if (d.baton) {
        const version = await db
          .selectFrom('dataset_versions')
          .innerJoin('datasets', 'datasets.id', 'dataset_versions.dataset_id')
          .select(['dataset_versions.id as id', 'dataset_versions.digest as digest'])
          .where('datasets.project_id', '=', project.id)
          .where('datasets.name', '=', d.baton.dataset)
          .where('dataset_versions.number', '=', d.baton.version)
          .executeTakeFirst();
        if (!version) throw notFound('dataset version', `${d.baton.dataset}@${d.baton.version}`);
        versionId = version.id;
        name = name || d.baton.dataset;
        digest = version.digest;
      } else if (d.digest) {
        const match = await db
          .selectFrom('dataset_versions')
          .select('id')
          .where('project_id', '=', project.id)
          .where('digest', '=', d.digest)
          .executeTakeFirst();
        versionId = match?.id ?? null;
      }
      if (!name || name.length > 500)
        throw badRequest('a dataset input needs a name of at most 500 characters');
      await db
        .insertInto('run_inputs')
        .values({
          id: newTrackingId(),
          run_id: run.id,
          name,
          digest: (digest ?? '').slice(0, 200),
          source_type: d.sourceType ?? (versionId ? 'baton' : ''),
          source: d.source ?? (d.baton ? `baton:${d.baton.dataset}@${d.baton.version}` : ''),
          schema: d.schema ?? '',
          profile: d.profile ?? '',
          tags_json: JSON.stringify(d.tags ?? []),
          dataset_version_id: versionId,
          created_at: at,
        })
        .execute();
      if (versionId) {
        await db
          .insertInto('dataset_version_refs')
          .values({ version_id: versionId, ref_type: 'run', ref_id: run.id, created_at: at })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
    await recordAudit(ctx, {
      action: 'run.inputs',
      targetType: 'run',
      targetId: run.id,
      summary: `run '${run.name}': ${input.datasets.length} dataset inputs recorded`,
      after: input.datasets.map((d) => ({ name: d.name, digest: d.digest, baton: d.baton })),
    });
  });
}
