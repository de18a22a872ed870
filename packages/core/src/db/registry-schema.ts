// The registry and serving lanes' tables (migration 0005-registry); see schema.ts for the
// conventions. Registry times are epoch milliseconds (bigint) like the tracking lane's, since
// the MLflow-compatible registry endpoints send and expect them.

export interface RegisteredModelsTable {
  id: string;
  project_id: string;
  name: string;
  description: string;
  created_by: string;
  creation_time: number;
  last_update_time: number;
}

export interface RegisteredModelTagsTable {
  model_id: string;
  key: string;
  value: string;
}

export interface ModelVersionsTable {
  id: string;
  model_id: string;
  project_id: string;
  /** 1, 2, 3... per registered model. */
  version: number;
  /** The run that produced the version (lineage), when there is one. */
  run_id: string | null;
  /** Where the model came from as given (`runs:/<id>/model`, `mlflow-artifacts:/...`, `upload`). */
  source: string;
  /** Artifact-store digest of the ONNX graph Baton serves; null for a version that has none (MLflow-only registrations). */
  onnx_digest: string | null;
  /** The model signature (ModelSignature JSON from @baton/ml) or null. */
  signature_json: string | null;
  /** The dataset version the run trained on (copied from the run's inputs at registration). */
  dataset_version_id: string | null;
  /** READY, PENDING_REGISTRATION or FAILED_REGISTRATION. */
  status: string;
  /** MLflow's legacy stage: None, Staging, Production or Archived. */
  stage: string;
  description: string;
  created_by: string;
  creation_time: number;
  last_update_time: number;
}

export interface ModelVersionTagsTable {
  version_id: string;
  key: string;
  value: string;
}

/** Where each alias points now; `revision` grows by one per move (compare-and-set). */
export interface ModelAliasesTable {
  model_id: string;
  alias: string;
  version_id: string;
  revision: number;
  updated_by: string;
  updated_at: number;
}

/** Every alias move ever made, append-only: promote, rollback, set (MLflow), delete. */
export interface AliasMovesTable {
  id: string;
  model_id: string;
  alias: string;
  from_version_id: string | null;
  to_version_id: string | null;
  /** promote, rollback, set or delete. */
  kind: string;
  reason: string;
  /** The gate report the move passed (JSON), or null when no policy applied. */
  gate_report_json: string | null;
  actor_id: string;
  created_at: number;
  /** The alias revision this move produced. */
  revision: number;
}

/** A declared promotion policy for an alias in a project (JSON body validated by contracts). */
export interface PromotionPoliciesTable {
  id: string;
  project_id: string;
  alias: string;
  policy_json: string;
  updated_by: string;
  updated_at: number;
}

export interface ApprovalsTable {
  id: string;
  version_id: string;
  alias: string;
  approver_id: string;
  /** The role the approver approved as (one the policy names and the approver holds). */
  role: string;
  /** approve or reject. */
  decision: string;
  comment: string;
  created_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
}

/** A deployment serves whatever its alias points to, with an optional challenger. */
export interface DeploymentsTable {
  id: string;
  project_id: string;
  name: string;
  model_id: string;
  alias: string;
  /** The challenger's alias, when a canary or shadow is configured. */
  challenger_alias: string | null;
  /** none, canary or shadow. */
  challenger_mode: string;
  /** 0-100: the share of traffic a canary challenger answers. */
  canary_percent: number;
  /** active or stopped. */
  status: string;
  /** Serving settings (max batch rows, batch window, log inputs...) as JSON. */
  config_json: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/** One scored request (or shadow scoring) for monitoring; written in batches off the request path. */
export interface PredictionLogTable {
  id: string;
  deployment_id: string;
  request_id: string;
  model_version_id: string;
  /** primary, canary or shadow. */
  variant: string;
  inputs_json: string;
  outputs_json: string;
  latency_ms: number;
  created_at: number;
}

export interface RegistryTables {
  registered_models: RegisteredModelsTable;
  registered_model_tags: RegisteredModelTagsTable;
  model_versions: ModelVersionsTable;
  model_version_tags: ModelVersionTagsTable;
  model_aliases: ModelAliasesTable;
  alias_moves: AliasMovesTable;
  promotion_policies: PromotionPoliciesTable;
  approvals: ApprovalsTable;
  deployments: DeploymentsTable;
  prediction_log: PredictionLogTable;
}
