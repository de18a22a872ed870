import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { permissionSchema } from '../permissions.ts';
import { roleKeySchema } from '../roles.ts';
import { idSchema, projectParams, slugSchema, timestampSchema, usernameSchema } from './common.ts';

export const projectSchema = z.object({
  id: idSchema,
  slug: slugSchema,
  name: z.string(),
  description: z.string(),
  createdAt: timestampSchema,
  createdBy: z.string(),
  /** The caller's roles in this project (empty for an administrator who is not a member). */
  myRoles: z.array(roleKeySchema),
  /** The permissions those roles grant the caller here. */
  myPermissions: z.array(permissionSchema),
});
export type Project = z.infer<typeof projectSchema>;

export const createProject = defineEndpoint({
  id: 'createProject',
  method: 'POST',
  path: '/api/v1/projects',
  summary: 'Create a project; the creator becomes its admin',
  tag: 'projects',
  access: { kind: 'user' },
  body: z.object({
    slug: slugSchema,
    name: z.string().min(1).max(120),
    description: z.string().max(2000).default(''),
  }),
  response: projectSchema,
  status: 201,
  bodyLimit: 64 * 1024,
});

export const listProjects = defineEndpoint({
  id: 'listProjects',
  method: 'GET',
  path: '/api/v1/projects',
  summary: 'Projects the caller is a member of (all projects for an administrator)',
  tag: 'projects',
  access: { kind: 'user' },
  response: z.object({ items: z.array(projectSchema) }),
});

export const getProject = defineEndpoint({
  id: 'getProject',
  method: 'GET',
  path: '/api/v1/projects/:project',
  summary: 'One project',
  tag: 'projects',
  access: { kind: 'project', permission: 'project.read' },
  params: projectParams,
  response: projectSchema,
});

export const updateProject = defineEndpoint({
  id: 'updateProject',
  method: 'PATCH',
  path: '/api/v1/projects/:project',
  summary: "Change a project's name or description",
  tag: 'projects',
  access: { kind: 'project', permission: 'project.manage' },
  params: projectParams,
  body: z
    .object({ name: z.string().min(1).max(120).optional(), description: z.string().max(2000).optional() })
    .refine((b) => b.name !== undefined || b.description !== undefined, 'give a name or a description'),
  response: projectSchema,
  bodyLimit: 64 * 1024,
});

export const memberSchema = z.object({
  userId: idSchema,
  username: usernameSchema,
  displayName: z.string(),
  roles: z.array(roleKeySchema),
  addedAt: timestampSchema,
});
export type Member = z.infer<typeof memberSchema>;

export const listMembers = defineEndpoint({
  id: 'listMembers',
  method: 'GET',
  path: '/api/v1/projects/:project/members',
  summary: 'The team of a project and the roles each member holds',
  tag: 'team',
  access: { kind: 'project', permission: 'member.read' },
  params: projectParams,
  response: z.object({ items: z.array(memberSchema) }),
});

export const setMember = defineEndpoint({
  id: 'setMember',
  method: 'PUT',
  path: '/api/v1/projects/:project/members/:username',
  summary: 'Add a member, or replace the roles of an existing member',
  tag: 'team',
  access: { kind: 'project', permission: 'member.manage' },
  params: projectParams.extend({ username: usernameSchema }),
  body: z.object({ roles: z.array(roleKeySchema).min(1).max(20) }),
  response: memberSchema,
  bodyLimit: 16 * 1024,
});

export const removeMember = defineEndpoint({
  id: 'removeMember',
  method: 'DELETE',
  path: '/api/v1/projects/:project/members/:username',
  summary: 'Remove a member from the project',
  tag: 'team',
  access: { kind: 'project', permission: 'member.manage' },
  params: projectParams.extend({ username: usernameSchema }),
  response: memberSchema,
});
