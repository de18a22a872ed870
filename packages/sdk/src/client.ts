import { auditApi } from './areas/audit.ts';
import { authApi } from './areas/auth.ts';
import { dataApi } from './areas/data.ts';
import { deploymentsApi } from './areas/deployments.ts';
import { jobsApi } from './areas/jobs.ts';
import { membersApi } from './areas/members.ts';
import { modelsApi } from './areas/models.ts';
import { projectsApi } from './areas/projects.ts';
import { rolesApi } from './areas/roles.ts';
import { systemApi } from './areas/system.ts';
import { teamApi } from './areas/team.ts';
import { tokensApi } from './areas/tokens.ts';
import { trackingApi } from './areas/tracking.ts';
import { trainingApi } from './areas/training.ts';
import { usersApi } from './areas/users.ts';
import type { Call } from './call.ts';
import { send, type Transport } from './request.ts';

export interface BatonClientOptions {
  /** Where Baton listens, such as `https://baton.example.com`; a trailing slash is ignored. */
  baseUrl: string;
  /** An API token (`baton_pat_...`), sent as `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** A `fetch` to use instead of the global one (tests, proxies, instrumentation). */
  fetch?: typeof globalThis.fetch;
  /** Extra headers sent on every request. */
  headers?: Record<string, string>;
  /** Gives up on a request after this long, with `code: 'unavailable'`; 0 waits forever. Default 30 s. */
  timeoutMs?: number;
}

/** A client of one Baton server; see {@link createBatonClient}. */
export interface BatonClient {
  readonly baseUrl: string;
  /** Calls any endpoint of `@baton/contracts`; the methods below are shortcuts over it. */
  readonly call: Call;
  readonly system: ReturnType<typeof systemApi>;
  readonly auth: ReturnType<typeof authApi>;
  readonly users: ReturnType<typeof usersApi>;
  readonly tokens: ReturnType<typeof tokensApi>;
  readonly projects: ReturnType<typeof projectsApi>;
  readonly members: ReturnType<typeof membersApi>;
  readonly roles: ReturnType<typeof rolesApi>;
  readonly audit: ReturnType<typeof auditApi>;
  readonly jobs: ReturnType<typeof jobsApi>;
  readonly data: ReturnType<typeof dataApi>;
  readonly team: ReturnType<typeof teamApi>;
  /** Experiments and runs; `startRun` returns a handle that batches what it logs. */
  readonly tracking: ReturnType<typeof trackingApi>;
  /** Deployments, their traffic split, the prediction log, and predict calls. */
  readonly deployments: ReturnType<typeof deploymentsApi>;
  /** The model registry: versions, aliases with history, gates, approvals, rollback. */
  readonly models: ReturnType<typeof modelsApi>;
  /** Training, tuning, external models and evaluations. */
  readonly training: ReturnType<typeof trainingApi>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Creates a typed client of a Baton server. Each method sends one request, parses the answer
 * with the endpoint's response schema and resolves to typed data; a failure throws a
 * {@link BatonApiError} with a stable `code`.
 *
 * ```ts
 * import { BatonApiError, createBatonClient } from '@baton/sdk';
 *
 * const baton = createBatonClient({ baseUrl: 'http://127.0.0.1:8080', token: process.env.BATON_TOKEN });
 * const { items } = await baton.projects.list();
 * await baton.members.set('credit-risk', 'mel', ['ml-engineer', 'mlops-engineer']);
 * ```
 */
export function createBatonClient(options: BatonClientOptions): BatonClient {
  const transport: Transport = {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch: options.fetch ?? globalThis.fetch,
    headers: {
      ...options.headers,
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const call: Call = async (endpoint, ...args) => (await send(transport, endpoint, args[0])).data;
  return {
    baseUrl: transport.baseUrl,
    call,
    system: systemApi(call),
    auth: authApi(call),
    users: usersApi(call),
    tokens: tokensApi(call),
    projects: projectsApi(call),
    members: membersApi(call),
    roles: rolesApi(call),
    audit: auditApi(call),
    jobs: jobsApi(call),
    data: dataApi(call, transport),
    team: teamApi(call),
    tracking: trackingApi(call, transport),
    deployments: deploymentsApi(call, transport),
    models: modelsApi(call),
    training: trainingApi(call, transport),
  };
}
