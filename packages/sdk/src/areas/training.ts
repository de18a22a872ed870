import {
  type BodyOf,
  endpoints,
  type ImportedModel,
  importedModelSchema,
  type ModelSignatureJson,
  type QueryOf,
} from '@baton/contracts';
import type { Call } from '../call.ts';
import { BatonApiError, localProblem } from '../errors.ts';
import { buildPath, buildQuery, failureOf, type Transport, unreachableError } from '../request.ts';

export type StartTrainingInput = BodyOf<typeof endpoints.startTraining>;
export type StartTuningInput = BodyOf<typeof endpoints.startTuning>;
export type StartEvaluationInput = BodyOf<typeof endpoints.startEvaluation>;
export type ImportModelOptions = Omit<QueryOf<typeof endpoints.importModel>, 'signature'> & {
  /** The model's signature; inferred from the graph when absent. */
  signature?: ModelSignatureJson | undefined;
};

/** The training lane: built-in learners, tuning, external models and evaluations. */
export const trainingApi = (call: Call, transport: Transport) => ({
  /** The built-in learners with their tasks and documented parameters. */
  learners: (project: string) => call(endpoints.listLearners, { params: { project } }),

  /**
   * Starts training a built-in learner on a dataset version; the run and its `training.fit`
   * job are returned at once (follow them with `tracking.getRun` and `jobs.get`).
   *
   * ```ts
   * const { runId, jobId } = await baton.training.train('credit-risk', {
   *   dataset: 'loans@3', target: 'default', learner: 'gbdt', params: { nTrees: 200, maxDepth: 4 },
   * });
   * ```
   */
  train: (project: string, input: StartTrainingInput) =>
    call(endpoints.startTraining, { params: { project }, body: input }),

  /**
   * Grid or random search with k-fold cross-validation; each trial is a child run of the parent.
   *
   * ```ts
   * await baton.training.tune('credit-risk', { dataset: 'loans@3', target: 'default', learner: 'gbdt',
   *   search: 'grid', space: { maxDepth: [3, 5] }, metric: 'roc_auc' });
   * ```
   */
  tune: (project: string, input: StartTuningInput) =>
    call(endpoints.startTuning, { params: { project }, body: input }),

  /** Scores a run's model.onnx on a dataset version; the evaluation lands in a child run. */
  evaluate: (project: string, input: StartEvaluationInput) =>
    call(endpoints.startEvaluation, { params: { project }, body: input }),

  /**
   * Brings in a model.onnx trained elsewhere; the server validates it in onnxruntime.
   *
   * ```ts
   * const model = await baton.training.importModel('credit-risk', readFileSync('model.onnx'), { framework: 'sklearn' });
   * ```
   */
  async importModel(
    project: string,
    onnx: Uint8Array | Blob,
    options: ImportModelOptions = {},
  ): Promise<ImportedModel> {
    const endpoint = endpoints.importModel;
    const { signature, ...rest } = options;
    const query = { ...rest, ...(signature ? { signature: JSON.stringify(signature) } : {}) };
    const url = `${transport.baseUrl}${buildPath(endpoint.path, { project })}${buildQuery(query)}`;
    const request = { method: endpoint.method, url };
    let response: Response;
    try {
      response = await transport.fetch(url, {
        method: endpoint.method,
        headers: { ...transport.headers, 'content-type': 'application/octet-stream' },
        body: onnx as BodyInit,
      });
    } catch (error) {
      throw unreachableError(request, error);
    }
    if (!response.ok) throw await failureOf(response, request);
    const result = importedModelSchema.safeParse(await response.json());
    if (result.success) return result.data;
    throw new BatonApiError(
      localProblem('internal', response.status, 'the answer of importModel does not match the contract'),
      request,
    );
  },
});
