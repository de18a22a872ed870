import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { roleKeySchema } from '../roles.ts';
import { emptyBody, idSchema, okSchema, timestampSchema, usernameSchema } from './common.ts';

export const userSchema = z.object({
  id: idSchema,
  username: usernameSchema,
  displayName: z.string(),
  isAdmin: z.boolean(),
  createdAt: timestampSchema,
});
export type User = z.infer<typeof userSchema>;

export const membershipSummarySchema = z.object({
  projectId: idSchema,
  projectSlug: z.string(),
  projectName: z.string(),
  roles: z.array(roleKeySchema),
});

export const whoamiSchema = z.object({
  user: userSchema,
  memberships: z.array(membershipSummarySchema),
  /** Present for browser sessions: send it back as `x-baton-csrf` on every mutation. */
  csrfToken: z.string().nullable(),
  authMethod: z.enum(['session', 'token']),
});
export type Whoami = z.infer<typeof whoamiSchema>;

export const passwordSchema = z.string().min(8, 'at least 8 characters').max(256);

export const login = defineEndpoint({
  id: 'login',
  method: 'POST',
  path: '/api/v1/auth/login',
  summary: 'Sign in with a username and password; starts a browser session (cookie)',
  tag: 'identity',
  access: { kind: 'public' },
  body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
  response: whoamiSchema,
  bodyLimit: 16 * 1024,
});

export const logout = defineEndpoint({
  id: 'logout',
  method: 'POST',
  path: '/api/v1/auth/logout',
  summary: 'End the current browser session',
  tag: 'identity',
  access: { kind: 'user' },
  body: emptyBody.optional(),
  response: okSchema,
});

export const whoami = defineEndpoint({
  id: 'whoami',
  method: 'GET',
  path: '/api/v1/auth/me',
  summary: 'The signed-in user, their project memberships and roles',
  tag: 'identity',
  access: { kind: 'user' },
  response: whoamiSchema,
});

export const changePassword = defineEndpoint({
  id: 'changePassword',
  method: 'POST',
  path: '/api/v1/auth/password',
  summary: "Change the signed-in user's password",
  tag: 'identity',
  access: { kind: 'user' },
  body: z.object({ currentPassword: z.string().min(1).max(256), newPassword: passwordSchema }),
  response: okSchema,
  bodyLimit: 16 * 1024,
});

export const createUser = defineEndpoint({
  id: 'createUser',
  method: 'POST',
  path: '/api/v1/users',
  summary: 'Create a user (administrators)',
  tag: 'identity',
  access: { kind: 'instance-admin' },
  body: z.object({
    username: usernameSchema,
    displayName: z.string().min(1).max(120).optional(),
    password: passwordSchema,
    isAdmin: z.boolean().default(false),
  }),
  response: userSchema,
  status: 201,
  bodyLimit: 16 * 1024,
});

export const listUsers = defineEndpoint({
  id: 'listUsers',
  method: 'GET',
  path: '/api/v1/users',
  summary: 'List users (administrators)',
  tag: 'identity',
  access: { kind: 'instance-admin' },
  response: z.object({ items: z.array(userSchema) }),
});
