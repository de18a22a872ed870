import type { z } from 'zod';
import type { Permission } from './permissions.ts';

/**
 * Who may call an endpoint. Every endpoint must say; there is no default, so an endpoint
 * cannot be added without deciding its access.
 * - `public`: anyone, signed in or not.
 * - `user`: any signed-in user (own resources only, enforced by the service).
 * - `instance-admin`: a Baton administrator.
 * - `project`: a member of the `:project` in the path holding a role that grants `permission`.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'user' }
  | { kind: 'instance-admin' }
  | { kind: 'project'; permission: Permission };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Endpoint<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
  Response extends z.ZodType = z.ZodType,
> {
  /** Stable operation id, used by the SDK and in OpenAPI. */
  id: string;
  method: HttpMethod;
  /** Fastify-style path: `/api/v1/projects/:project`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: Params;
  query?: Query;
  body?: Body;
  response: Response;
  /** Success status; 200 unless said. */
  status?: 200 | 201 | 202 | 204;
  /** Largest accepted request body in bytes; the server default applies when absent. */
  bodyLimit?: number;
  /**
   * The body is a file streamed to the handler, never buffered (`body` must be absent). A
   * content type outside `contentTypes` gets a 415 after authorisation.
   */
  upload?: UploadSpec;
  /** The success response is a file (not JSON) of one of these content types. */
  download?: { contentTypes: readonly string[] };
}

export interface UploadSpec {
  /** Largest accepted upload in bytes; counted while streaming. */
  maxBytes: number;
  /** Accepted `content-type`s (without parameters such as `; charset=`). */
  contentTypes: readonly string[];
}

export function defineEndpoint<
  Params extends z.ZodType,
  Query extends z.ZodType,
  Body extends z.ZodType,
  Response extends z.ZodType,
>(endpoint: Endpoint<Params, Query, Body, Response>): Endpoint<Params, Query, Body, Response> {
  return endpoint;
}

export type ParamsOf<E> = E extends Endpoint<infer P, z.ZodType, z.ZodType, z.ZodType> ? z.input<P> : never;
export type QueryOf<E> = E extends Endpoint<z.ZodType, infer Q, z.ZodType, z.ZodType> ? z.input<Q> : never;
export type BodyOf<E> = E extends Endpoint<z.ZodType, z.ZodType, infer B, z.ZodType> ? z.input<B> : never;
export type ResponseOf<E> =
  E extends Endpoint<z.ZodType, z.ZodType, z.ZodType, infer R> ? z.output<R> : never;
