// The tracking lane's tables (migration 0004-tracking); see schema.ts for the conventions.
// Run and metric times are epoch milliseconds (bigint), as MLflow clients send and expect
// them; metric values are double precision with NaN stored as NULL plus `is_nan = 1`
// (SQLite turns NaN into NULL anyway), and +/-Infinity stored as themselves.

export interface ExperimentsTable {
  id: string;
  project_id: string;
  name: string;
  artifact_location: string;
  /** `active` or `deleted`. */
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
  created_by: string;
}

export interface ExperimentTagsTable {
  experiment_id: string;
  key: string;
  value: string;
}

export interface RunsTable {
  id: string;
  experiment_id: string;
  project_id: string;
  name: string;
  parent_run_id: string | null;
  /** RUNNING, SCHEDULED, FINISHED, FAILED or KILLED. */
  status: string;
  start_time: number;
  end_time: number | null;
  lifecycle_stage: string;
  deleted_time: number | null;
  user_id: string;
  artifact_uri: string;
}

export interface RunParamsTable {
  run_id: string;
  key: string;
  value: string;
}

export interface RunTagsTable {
  run_id: string;
  key: string;
  value: string;
}

export interface RunMetricsTable {
  run_id: string;
  key: string;
  value: number | null;
  is_nan: number;
  step: number;
  timestamp: number;
}

export interface LatestMetricsTable {
  run_id: string;
  experiment_id: string;
  key: string;
  value: number | null;
  is_nan: number;
  step: number;
  timestamp: number;
}

export interface RunArtifactsTable {
  run_id: string;
  /** Relative to the run's artifact root, `/`-separated, never `..`. */
  path: string;
  digest: string;
  size: number;
  created_at: string;
}

export interface RunInputsTable {
  id: string;
  run_id: string;
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema: string;
  profile: string;
  /** The MLflow input tags (`mlflow.data.context`, ...) as a JSON array of {key, value}. */
  tags_json: string;
  /** The exact Baton dataset version, when the input names one. */
  dataset_version_id: string | null;
  created_at: string;
}

export interface TrackingTables {
  experiments: ExperimentsTable;
  experiment_tags: ExperimentTagsTable;
  runs: RunsTable;
  run_params: RunParamsTable;
  run_tags: RunTagsTable;
  run_metrics: RunMetricsTable;
  latest_metrics: LatestMetricsTable;
  run_artifacts: RunArtifactsTable;
  run_inputs: RunInputsTable;
}
