import type { ModelVersion, RegisteredModel } from '@baton/contracts';
import { ServiceError } from '@baton/core';

// Baton's registry views in the JSON shape of MLflow's model_registry.proto (versions as
// strings, times in epoch milliseconds, tags as key/value lists).

export const mlflowModelVersion = (v: ModelVersion) => ({
  name: v.modelName,
  version: String(v.version),
  creation_timestamp: v.creationTime,
  last_updated_timestamp: v.lastUpdateTime,
  user_id: v.createdBy,
  current_stage: v.stage,
  description: v.description,
  source: v.source,
  ...(v.runId ? { run_id: v.runId } : {}),
  status: v.status,
  tags: Object.entries(v.tags).map(([key, value]) => ({ key, value })),
  aliases: v.aliases,
});

/** The newest version in each stage (MLflow's `latest_versions`), optionally only these stages. */
export function latestPerStage(versions: ModelVersion[], stages: string[] = []): ModelVersion[] {
  const wanted = new Set(stages.map((s) => s.toLowerCase()));
  const best = new Map<string, ModelVersion>();
  for (const v of versions) {
    if (wanted.size > 0 && !wanted.has(v.stage.toLowerCase())) continue;
    const seen = best.get(v.stage);
    if (!seen || seen.version < v.version) best.set(v.stage, v);
  }
  return [...best.values()].sort((a, b) => a.version - b.version);
}

export const mlflowRegisteredModel = (m: RegisteredModel, versions: ModelVersion[] | null) => ({
  name: m.name,
  creation_timestamp: m.creationTime,
  last_updated_timestamp: m.lastUpdateTime,
  user_id: m.createdBy,
  description: m.description,
  ...(versions && versions.length > 0
    ? { latest_versions: latestPerStage(versions).map(mlflowModelVersion) }
    : {}),
  tags: Object.entries(m.tags).map(([key, value]) => ({ key, value })),
  aliases: Object.entries(m.aliases).map(([alias, version]) => ({ alias, version: String(version) })),
});

/**
 * A refused state change (a served model or alias, a concurrent alias move) is MLflow's
 * INVALID_STATE, not RESOURCE_ALREADY_EXISTS, which MLflow keeps for duplicate names.
 */
export async function asInvalidState<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'conflict')
      throw new ServiceError('precondition_failed', error.message);
    throw error;
  }
}
