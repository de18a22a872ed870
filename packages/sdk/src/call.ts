import type { Endpoint, ResponseOf } from '@baton/contracts';
import type { CallArgs } from './request.ts';

/**
 * Calls any endpoint of the contracts with typed params, query and body, and resolves to the
 * parsed response. Every convenience method of the client is a thin layer over it.
 *
 * ```ts
 * import { endpoints } from '@baton/contracts';
 *
 * const project = await client.call(endpoints.getProject, { params: { project: 'credit-risk' } });
 * ```
 */
export type Call = <E extends Endpoint>(endpoint: E, ...args: CallArgs<E>) => Promise<ResponseOf<E>>;
