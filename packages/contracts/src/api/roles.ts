import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { PERMISSIONS } from '../permissions.ts';
import { roleCatalogueSchema } from '../roles.ts';

export const getRoleCatalogue = defineEndpoint({
  id: 'getRoleCatalogue',
  method: 'GET',
  path: '/api/v1/roles',
  summary: 'The role catalogue: every role, its purpose and the permissions it grants',
  tag: 'team',
  access: { kind: 'user' },
  response: roleCatalogueSchema,
});

export const replaceRoleCatalogue = defineEndpoint({
  id: 'replaceRoleCatalogue',
  method: 'PUT',
  path: '/api/v1/roles',
  summary: 'Replace the role catalogue (administrators); roles still held by members cannot be dropped',
  tag: 'team',
  access: { kind: 'instance-admin' },
  body: roleCatalogueSchema,
  response: roleCatalogueSchema,
  bodyLimit: 512 * 1024,
});

export const listPermissions = defineEndpoint({
  id: 'listPermissions',
  method: 'GET',
  path: '/api/v1/permissions',
  summary: 'The permissions a role may grant, with what each allows',
  tag: 'team',
  access: { kind: 'user' },
  response: z.object({
    items: z.array(z.object({ key: z.string(), description: z.string() })),
  }),
});

export const permissionList = Object.entries(PERMISSIONS).map(([key, description]) => ({ key, description }));
