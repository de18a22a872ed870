import type { ArtifactFile, Experiment, MetricPoint, Run, RunInfo } from '@baton/contracts';

// Baton's views in MLflow's proto JSON shape (field names as in service.proto; int64 as
// numbers, as MLflow's own server sends them; non-finite doubles as proto3 JSON strings).

export const mlflowDouble = (v: number): number | string => (Number.isFinite(v) ? v : String(v));

export const mlflowExperiment = (e: Experiment) => ({
  experiment_id: e.id,
  name: e.name,
  artifact_location: e.artifactLocation,
  lifecycle_stage: e.lifecycleStage,
  last_update_time: e.lastUpdateTime,
  creation_time: e.creationTime,
  tags: Object.entries(e.tags).map(([key, value]) => ({ key, value })),
});

export const mlflowRunInfo = (i: RunInfo) => ({
  run_id: i.id,
  run_uuid: i.id,
  run_name: i.name,
  experiment_id: i.experimentId,
  user_id: i.userId,
  status: i.status,
  start_time: i.startTime,
  ...(i.endTime === null ? {} : { end_time: i.endTime }),
  artifact_uri: i.artifactUri,
  lifecycle_stage: i.lifecycleStage,
});

export const mlflowMetric = (m: MetricPoint) => ({
  key: m.key,
  value: mlflowDouble(m.value),
  timestamp: m.timestamp,
  step: m.step,
});

export const mlflowRun = (r: Run) => ({
  info: mlflowRunInfo(r.info),
  data: {
    metrics: r.metrics.map(mlflowMetric),
    params: Object.entries(r.params).map(([key, value]) => ({ key, value })),
    tags: Object.entries(r.tags).map(([key, value]) => ({ key, value })),
  },
  inputs: {
    dataset_inputs: r.inputs.map((i) => ({
      tags: i.tags,
      dataset: {
        name: i.name,
        digest: i.digest,
        source_type: i.sourceType,
        source: i.source,
        ...(i.schema ? { schema: i.schema } : {}),
        ...(i.profile ? { profile: i.profile } : {}),
      },
    })),
  },
});

/** A file entry; `relativeTo` strips a folder prefix (the artifact proxy lists names). */
export const mlflowFile = (f: ArtifactFile, relativeTo = '') => ({
  path: relativeTo && f.path.startsWith(`${relativeTo}/`) ? f.path.slice(relativeTo.length + 1) : f.path,
  is_dir: f.isDir,
  ...(f.size === null ? {} : { file_size: f.size }),
});
