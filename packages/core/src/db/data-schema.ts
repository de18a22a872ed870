// The data lane's tables (migration 0003-data); see schema.ts for the conventions.

export interface DatasetsTable {
  id: string;
  project_id: string;
  name: string;
  description: string;
  created_at: string;
  created_by: string;
}

export interface DatasetVersionsTable {
  id: string;
  dataset_id: string;
  project_id: string;
  number: number;
  digest: string;
  size_bytes: number;
  row_count: number;
  columns_json: string;
  parent_number: number | null;
  schema_diff_json: string | null;
  source_json: string;
  validation: string;
  profile_status: string;
  message: string;
  created_at: string;
  created_by: string;
}

export interface DatasetProfilesTable {
  version_id: string;
  profile_json: string | null;
  error: string | null;
  computed_at: string;
}

export interface DatasetColumnTagsTable {
  dataset_id: string;
  column_name: string;
  roles_json: string;
}

export interface DatasetVersionRefsTable {
  version_id: string;
  ref_type: string;
  ref_id: string;
  created_at: string;
}

export interface QualitySuitesTable {
  id: string;
  dataset_id: string;
  name: string;
  definition_json: string;
  source: string;
  created_at: string;
  created_by: string;
  updated_at: string;
}

export interface QualityRunsTable {
  id: string;
  version_id: string;
  suite_name: string;
  status: string;
  results_json: string;
  job_id: string | null;
  started_at: string;
  finished_at: string;
}

export interface DatasetDraftsTable {
  id: string;
  dataset_id: string;
  status: string;
  rows: number;
  bytes: number;
  batches: number;
  max_rows: number;
  max_bytes: number;
  max_age_ms: number;
  opened_at: string;
  opened_by: string;
  version_number: number | null;
  sealed_at: string | null;
}

export interface DatasetDraftBatchesTable {
  draft_id: string;
  seq: number;
  digest: string;
  rows: number;
  bytes: number;
  created_at: string;
}

export interface DataSourcesTable {
  id: string;
  project_id: string;
  name: string;
  kind: string;
  secret: string;
  display: string;
  created_at: string;
  created_by: string;
}

export interface DataTables {
  datasets: DatasetsTable;
  dataset_versions: DatasetVersionsTable;
  dataset_profiles: DatasetProfilesTable;
  dataset_column_tags: DatasetColumnTagsTable;
  dataset_version_refs: DatasetVersionRefsTable;
  quality_suites: QualitySuitesTable;
  quality_runs: QualityRunsTable;
  dataset_drafts: DatasetDraftsTable;
  dataset_draft_batches: DatasetDraftBatchesTable;
  data_sources: DataSourcesTable;
}
