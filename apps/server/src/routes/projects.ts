import { permissionList } from '@baton/contracts';
import {
  createProject,
  getProject,
  getRoleCatalogue,
  listAudit,
  listMembers,
  listProjects,
  removeMember,
  replaceRoleCatalogue,
  requireProject,
  setMember,
  updateProject,
} from '@baton/core';
import type { HandlerGroup } from './handlers.ts';

export const projectHandlers: HandlerGroup<
  | 'createProject'
  | 'listProjects'
  | 'getProject'
  | 'updateProject'
  | 'listMembers'
  | 'setMember'
  | 'removeMember'
  | 'getRoleCatalogue'
  | 'replaceRoleCatalogue'
  | 'listPermissions'
  | 'listProjectAudit'
  | 'listAudit'
> = {
  createProject: async ({ ctx, body }) => createProject({ ctx, input: body }),
  listProjects: async ({ ctx }) => ({ items: await listProjects({ ctx }) }),
  getProject: async ({ ctx }) => getProject({ ctx }),
  updateProject: async ({ ctx, body }) => updateProject({ ctx, input: body }),
  listMembers: async ({ ctx }) => ({ items: await listMembers({ ctx }) }),
  setMember: async ({ ctx, params, body }) =>
    setMember({ ctx, input: { username: params.username, roles: body.roles } }),
  removeMember: async ({ ctx, params }) => removeMember({ ctx, input: { username: params.username } }),
  getRoleCatalogue: async ({ ctx }) => getRoleCatalogue({ ctx }),
  replaceRoleCatalogue: async ({ ctx, body }) => replaceRoleCatalogue({ ctx, input: body }),
  listPermissions: async () => ({ items: permissionList }),
  listProjectAudit: async ({ ctx, query }) =>
    listAudit({ ctx, input: { ...query, projectId: requireProject(ctx).id } }),
  listAudit: async ({ ctx, query }) => listAudit({ ctx, input: query }),
};
