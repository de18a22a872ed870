import { type BodyOf, endpoints, type PromotionPolicy, type QueryOf } from '@baton/contracts';
import type { Call } from '../call.ts';
import type { QueryValues } from '../request.ts';

export type ModelsQuery = QueryValues<QueryOf<typeof endpoints.listRegisteredModels>>;
export type CreateModelInput = BodyOf<typeof endpoints.createRegisteredModel>;
export type UpdateModelInput = BodyOf<typeof endpoints.updateRegisteredModel>;
export type RegisterVersionInput = BodyOf<typeof endpoints.registerModelVersion>;
export type UpdateVersionInput = BodyOf<typeof endpoints.updateModelVersion>;
export type PromoteOptions = { reason?: string; expectedRevision?: number };
export type DecisionInput = BodyOf<typeof endpoints.decideModelApproval>;

/**
 * The model registry: registered models, versions with lineage, aliases with their move
 * history, promotion policies (gates) and approvals. Versions are numbers (`3`) or aliases
 * (`'@production'`).
 *
 * ```ts
 * const v = await baton.models.register('credit-risk', 'scorer', { runId });
 * const report = await baton.models.gates('credit-risk', 'scorer', v.version, 'production');
 * await baton.models.promote('credit-risk', 'scorer', v.version, 'production', { reason: 'Q3' });
 * await baton.models.rollback('credit-risk', 'scorer', 'production', 'p99 regression');
 * ```
 */
export const modelsApi = (call: Call) => ({
  list: (project: string, query: ModelsQuery = {}) =>
    call(endpoints.listRegisteredModels, { params: { project }, query }),
  create: (project: string, input: CreateModelInput) =>
    call(endpoints.createRegisteredModel, { params: { project }, body: input }),
  get: (project: string, model: string) => call(endpoints.getRegisteredModel, { params: { project, model } }),
  update: (project: string, model: string, input: UpdateModelInput) =>
    call(endpoints.updateRegisteredModel, { params: { project, model }, body: input }),
  delete: (project: string, model: string) =>
    call(endpoints.deleteRegisteredModel, { params: { project, model } }),

  /** Registers the next version from a run (its `model.onnx`, `signature.json` and dataset input). */
  register: (project: string, model: string, input: RegisterVersionInput) =>
    call(endpoints.registerModelVersion, { params: { project, model }, body: input }),
  versions: (project: string, model: string, query: { limit?: number; cursor?: string } = {}) =>
    call(endpoints.listModelVersions, { params: { project, model }, query }),
  version: (project: string, model: string, version: number | string) =>
    call(endpoints.getModelVersion, { params: { project, model, version: String(version) } }),
  updateVersion: (project: string, model: string, version: number | string, input: UpdateVersionInput) =>
    call(endpoints.updateModelVersion, { params: { project, model, version: String(version) }, body: input }),
  deleteVersion: (project: string, model: string, version: number | string) =>
    call(endpoints.deleteModelVersion, { params: { project, model, version: String(version) } }),
  /** Dataset version -> run -> model version -> deployments. */
  lineage: (project: string, model: string, version: number | string) =>
    call(endpoints.getModelLineage, { params: { project, model, version: String(version) } }),

  aliases: (project: string, model: string) =>
    call(endpoints.listModelAliases, { params: { project, model } }),
  /** Every alias move, newest first (one alias when given). */
  history: (project: string, model: string, alias?: string) =>
    call(endpoints.getAliasHistory, { params: { project, model }, query: alias ? { alias } : {} }),
  /** Every gate of the alias's policy for a version, passed or failed with the reason. */
  gates: (project: string, model: string, version: number | string, alias: string) =>
    call(endpoints.evaluateModelGates, {
      params: { project, model, alias },
      query: { version: String(version) },
    }),
  /**
   * Points `alias` at `version` through its gates. A blocked promotion throws a
   * `BatonApiError` with code `gates_failed`; its `problem.errors` lists every failing gate.
   */
  promote: (
    project: string,
    model: string,
    version: number | string,
    alias: string,
    options: PromoteOptions = {},
  ) =>
    call(endpoints.promoteModelAlias, { params: { project, model, alias }, body: { version, ...options } }),
  /** Re-points `alias` to the version it pointed to before its last move (recorded as a rollback). */
  rollback: (project: string, model: string, alias: string, reason?: string) =>
    call(endpoints.rollbackModelAlias, {
      params: { project, model, alias },
      body: reason === undefined ? {} : { reason },
    }),
  deleteAlias: (project: string, model: string, alias: string) =>
    call(endpoints.deleteModelAlias, { params: { project, model, alias } }),

  approvals: (project: string, model: string, version: number | string, alias?: string) =>
    call(endpoints.listModelApprovals, {
      params: { project, model, version: String(version) },
      query: alias ? { alias } : {},
    }),
  /** Approves (or, with `decision: 'reject'`, rejects) a version for an alias, as a role you hold. */
  approve: (
    project: string,
    model: string,
    version: number | string,
    input: Omit<DecisionInput, 'decision'>,
  ) =>
    call(endpoints.decideModelApproval, {
      params: { project, model, version: String(version) },
      body: { ...input, decision: 'approve' },
    }),
  reject: (
    project: string,
    model: string,
    version: number | string,
    input: Omit<DecisionInput, 'decision'>,
  ) =>
    call(endpoints.decideModelApproval, {
      params: { project, model, version: String(version) },
      body: { ...input, decision: 'reject' },
    }),
  revoke: (project: string, model: string, version: number | string, approval: string) =>
    call(endpoints.revokeModelApproval, { params: { project, model, version: String(version), approval } }),

  policies: (project: string) => call(endpoints.listPromotionPolicies, { params: { project } }),
  policy: (project: string, alias: string) =>
    call(endpoints.getPromotionPolicy, { params: { project, alias } }),
  setPolicy: (project: string, alias: string, policy: Partial<PromotionPolicy>) =>
    call(endpoints.putPromotionPolicy, { params: { project, alias }, body: policy }),
  deletePolicy: (project: string, alias: string) =>
    call(endpoints.deletePromotionPolicy, { params: { project, alias } }),
});
