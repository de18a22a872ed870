import { z } from 'zod';
import { nowIso } from '../clock.ts';
import { defineJobKind, type JobKind } from '../jobs/define-job-kind.ts';
import { JobCatalogue } from '../jobs/job-catalogue.ts';
import { parseColumns } from './dataset-repo.ts';
import { sealDraftJob } from './drafts/seal-draft-job.ts';
import { localFileOf } from './local-file.ts';
import { computeProfile } from './profile/compute-profile.ts';
import { runSuites } from './quality/run-suites.ts';

/** `data.profile`: computes a version's profile once, when the version is created. */
export const profileVersionJob = defineJobKind({
  kind: 'data.profile',
  description: 'Profile a dataset version (statistics, histograms, correlations, sample)',
  payload: z.object({ versionId: z.string() }),
  timeoutMs: 60 * 60_000,
  maxAttempts: 3,
  backoffMs: 5_000,
  startable: false,
  handler: async ({ versionId }, job) => {
    const { db, artifacts } = job.ctx.services;
    const version = await db
      .selectFrom('dataset_versions')
      .selectAll()
      .where('id', '=', versionId)
      .executeTakeFirst();
    if (!version) return { skipped: 'the version no longer exists' };
    const file = await localFileOf(artifacts, version.digest);
    try {
      await job.progress(0.1, 'profiling');
      const profile = await computeProfile(file.path, parseColumns(version));
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('dataset_profiles').where('version_id', '=', versionId).execute();
        await tx
          .insertInto('dataset_profiles')
          .values({
            version_id: versionId,
            profile_json: JSON.stringify(profile),
            error: null,
            computed_at: nowIso(),
          })
          .execute();
        await tx
          .updateTable('dataset_versions')
          .set({ profile_status: 'ready' })
          .where('id', '=', versionId)
          .execute();
      });
      return { versionId, columns: profile.columns.length, elapsedMs: profile.elapsedMs };
    } catch (error) {
      if (job.attempt >= profileVersionJob.maxAttempts) {
        const message = error instanceof Error ? error.message : String(error);
        await db.deleteFrom('dataset_profiles').where('version_id', '=', versionId).execute();
        await db
          .insertInto('dataset_profiles')
          .values({
            version_id: versionId,
            profile_json: null,
            error: message.slice(0, 2000),
            computed_at: nowIso(),
          })
          .execute();
        await db
          .updateTable('dataset_versions')
          .set({ profile_status: 'failed' })
          .where('id', '=', versionId)
          .execute();
      }
      throw error;
    } finally {
      await file.release();
    }
  },
});

/** `data.validate`: runs the dataset's quality suites on a version and marks it validated or failed. */
export const validateVersionJob = defineJobKind({
  kind: 'data.validate',
  description: "Run a dataset's quality suites on a version",
  payload: z.object({ versionId: z.string() }),
  timeoutMs: 60 * 60_000,
  maxAttempts: 2,
  backoffMs: 5_000,
  startable: false,
  handler: async ({ versionId }, job) => {
    const exists = await job.ctx.services.db
      .selectFrom('dataset_versions')
      .select('id')
      .where('id', '=', versionId)
      .executeTakeFirst();
    if (!exists) return { skipped: 'the version no longer exists' };
    const outcome = await runSuites(job.ctx.services, versionId, job.jobId, job.signal);
    await job.log(outcome.validation === 'failed' ? 'warn' : 'info', `version ${outcome.validation}`);
    return outcome;
  },
});

/** The data lane's job kinds, for the server's and workers' catalogues. */
export const dataJobKinds = (): JobKind[] => [
  profileVersionJob as JobKind,
  validateVersionJob as JobKind,
  sealDraftJob as JobKind,
];

let catalogue: JobCatalogue | undefined;
/** The catalogue the lane's verbs enqueue with (it validates payloads; workers run the kinds). */
export const dataJobCatalogue = (): JobCatalogue => {
  catalogue ??= new JobCatalogue(dataJobKinds());
  return catalogue;
};
