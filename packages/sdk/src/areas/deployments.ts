import { type BodyOf, endpoints, type QueryOf } from '@baton/contracts';
import type { Call } from '../call.ts';
import { buildQuery, failureOf, type QueryValues, type Transport, unreachableError } from '../request.ts';

export type CreateDeploymentInput = BodyOf<typeof endpoints.createDeployment>;
export type UpdateDeploymentInput = BodyOf<typeof endpoints.updateDeployment>;
export type PredictionsQuery = QueryValues<QueryOf<typeof endpoints.listPredictions>>;

/** A predict request: one object per row, or one array per column. */
export type PredictInput = { records: Record<string, unknown>[] } | { columns: Record<string, unknown[]> };

export interface PredictAnswer {
  requestId: string;
  model: string;
  version: number;
  variant: 'primary' | 'canary';
  predictions: Record<string, unknown>[];
}

async function raw(
  transport: Transport,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Response> {
  const url = `${transport.baseUrl}${path}`;
  const headers: Record<string, string> = { ...transport.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await transport.fetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw unreachableError({ method, url }, error);
  }
  if (!response.ok) throw await failureOf(response, { method, url });
  return response;
}

/**
 * Deployments: serve the version a model alias points to, split traffic to a challenger,
 * read the prediction log, and call the model.
 *
 * ```ts
 * await baton.deployments.create('credit-risk', { name: 'scorer', model: 'scorer', alias: 'production' });
 * await baton.deployments.split('credit-risk', 'scorer', { challengerAlias: 'challenger', canaryPercent: 10 });
 * const { predictions } = await baton.deployments.predict('scorer', { records: [{ age: 41, amount: 2300 }] });
 * ```
 */
export const deploymentsApi = (call: Call, transport: Transport) => ({
  list: (project: string) => call(endpoints.listDeployments, { params: { project } }),
  create: (project: string, input: CreateDeploymentInput) =>
    call(endpoints.createDeployment, { params: { project }, body: input }),
  get: (project: string, deployment: string) =>
    call(endpoints.getDeployment, { params: { project, deployment } }),
  update: (project: string, deployment: string, input: UpdateDeploymentInput) =>
    call(endpoints.updateDeployment, { params: { project, deployment }, body: input }),
  /** Sets the challenger and how it takes traffic (`canary` with a percentage, or `shadow`). */
  split: (
    project: string,
    deployment: string,
    split: { challengerAlias?: string | null; mode?: 'none' | 'canary' | 'shadow'; canaryPercent?: number },
  ) => call(endpoints.updateDeployment, { params: { project, deployment }, body: split }),
  stop: (project: string, deployment: string) =>
    call(endpoints.updateDeployment, { params: { project, deployment }, body: { status: 'stopped' } }),
  start: (project: string, deployment: string) =>
    call(endpoints.updateDeployment, { params: { project, deployment }, body: { status: 'active' } }),
  delete: (project: string, deployment: string) =>
    call(endpoints.deleteDeployment, { params: { project, deployment } }),
  /** Health and the last minute of traffic as the server answering this call serves it. */
  stats: (project: string, deployment: string) =>
    call(endpoints.getDeploymentStats, { params: { project, deployment } }),
  /** One page of the prediction log of a window (epoch ms); pass `nextCursor` back for the next. */
  predictions: (project: string, deployment: string, query: Partial<PredictionsQuery> = {}) =>
    call(endpoints.listPredictions, { params: { project, deployment }, query }),
  /** The prediction log of a window as an NDJSON response (stream its body). */
  exportPredictions: (project: string, deployment: string, window: { from?: number; to?: number } = {}) =>
    raw(
      transport,
      'GET',
      `/api/v1/projects/${encodeURIComponent(project)}/deployments/${encodeURIComponent(deployment)}/predictions/export${buildQuery(window)}`,
    ),
  /** Scores rows with the deployment (`POST /serve/{deployment}/predict`). */
  predict: async (deployment: string, input: PredictInput): Promise<PredictAnswer> =>
    (
      await raw(transport, 'POST', `/serve/${encodeURIComponent(deployment)}/predict`, input)
    ).json() as Promise<PredictAnswer>,
});
