import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { idSchema, timestampSchema } from './common.ts';

export const apiTokenSchema = z.object({
  id: idSchema,
  name: z.string(),
  /** The first characters of the secret, to tell tokens apart; the secret itself is never stored. */
  prefix: z.string(),
  createdAt: timestampSchema,
  expiresAt: timestampSchema.nullable(),
  revokedAt: timestampSchema.nullable(),
  lastUsedAt: timestampSchema.nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const createToken = defineEndpoint({
  id: 'createToken',
  method: 'POST',
  path: '/api/v1/tokens',
  summary: 'Create an API token for the CLI or SDK; the secret is shown once, in this response',
  tag: 'identity',
  access: { kind: 'user' },
  body: z.object({
    name: z.string().min(1).max(100),
    /** Lifetime in days; omitted means the token does not expire. */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  }),
  response: z.object({ token: apiTokenSchema, secret: z.string() }),
  status: 201,
  bodyLimit: 16 * 1024,
});

export const listTokens = defineEndpoint({
  id: 'listTokens',
  method: 'GET',
  path: '/api/v1/tokens',
  summary: "List the signed-in user's API tokens",
  tag: 'identity',
  access: { kind: 'user' },
  response: z.object({ items: z.array(apiTokenSchema) }),
});

export const revokeToken = defineEndpoint({
  id: 'revokeToken',
  method: 'DELETE',
  path: '/api/v1/tokens/:token',
  summary: 'Revoke one of your API tokens',
  tag: 'identity',
  access: { kind: 'user' },
  params: z.object({ token: idSchema }),
  response: apiTokenSchema,
});
