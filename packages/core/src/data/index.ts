export { commitVersion } from './commit-version.ts';
export { DEFAULT_NULLS } from './convert-to-parquet.ts';
export { createDataset } from './create-dataset.ts';
export { dataJobKinds, profileVersionJob, validateVersionJob } from './data-jobs.ts';
export { deleteDataset } from './delete-dataset.ts';
export { appendDraft } from './drafts/append-draft.ts';
export { getDraft, sealDraft } from './drafts/seal-draft.ts';
export { sealDraftJob } from './drafts/seal-draft-job.ts';
export { DATA_WORK_DIR } from './duckdb.ts';
export { getProfile } from './get-profile.ts';
export { type IngestFileInput, ingestFile } from './ingest-upload.ts';
export { getDataset, listDatasets } from './list-datasets.ts';
export { getVersion, listVersions } from './list-versions.ts';
export { openVersionFile } from './open-version-file.ts';
export { diffSchemas, readParquetSchema } from './parquet-schema.ts';
export { computeProfile, EXACT_DISTINCT_ROWS, HISTOGRAM_BINS, QUANTILES } from './profile/compute-profile.ts';
export { checkVersion, listQualityRuns } from './quality/check-version.ts';
export { evaluateCheck } from './quality/evaluate-check.ts';
export { deleteSuite, listSuites } from './quality/list-suites.ts';
export { putSuite } from './quality/put-suite.ts';
export { runSuites } from './quality/run-suites.ts';
export { exportQuery, runQuery } from './query/run-query.ts';
export { openSandbox } from './query/sandbox.ts';
export { setColumnTags } from './set-column-tags.ts';
export {
  configureDataLane,
  type DataLaneSettings,
  DEFAULT_DATA_SETTINGS,
  dataLaneSettings,
} from './settings.ts';
export { importFromArtifact } from './sources/import-artifact.ts';
export { importFromPostgres } from './sources/import-postgres.ts';
export {
  loadSecretKey,
  parseSecretKey,
  SECRET_KEY_FILE,
  SecretBox,
  SecretKeyError,
} from './sources/secret-box.ts';
export { deleteSource, listSources, maskConnectionString, putSource } from './sources/sources.ts';
