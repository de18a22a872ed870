import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { roleCatalogueSchema, roleKeySchema } from '../roles.ts';
import { projectParams, usernameSchema } from './common.ts';
import {
  candidateProfileSchema,
  memberProfileSchema,
  personSchema,
  profileChangeSchema,
  roleFitReportSchema,
  teamHealthReportSchema,
  teamSettingsChangeSchema,
  teamSettingsSchema,
} from './team-schemas.ts';

const personParams = projectParams.extend({ username: usernameSchema });

export const exportRoleCatalogue = defineEndpoint({
  id: 'exportRoleCatalogue',
  method: 'GET',
  path: '/api/v1/roles/export',
  summary: 'The role catalogue as a YAML document, to edit and import again',
  tag: 'team',
  access: { kind: 'user' },
  response: z.object({ yaml: z.string() }),
});

export const importRoleCatalogue = defineEndpoint({
  id: 'importRoleCatalogue',
  method: 'POST',
  path: '/api/v1/roles/import',
  summary:
    'Replace the role catalogue from YAML (administrators); every problem is listed, roles still held cannot be dropped',
  tag: 'team',
  access: { kind: 'instance-admin' },
  body: z.object({
    yaml: z
      .string()
      .min(1)
      .max(1024 * 1024),
    dryRun: z.boolean().default(false),
  }),
  response: z.object({
    applied: z.boolean(),
    catalogue: roleCatalogueSchema,
    changes: z.object({
      added: z.array(roleKeySchema),
      removed: z.array(roleKeySchema),
      changed: z.array(roleKeySchema),
      unchanged: z.number().int(),
    }),
  }),
  bodyLimit: 2 * 1024 * 1024,
});

export const listPeople = defineEndpoint({
  id: 'listPeople',
  method: 'GET',
  path: '/api/v1/projects/:project/people',
  summary: "The team with each person's roles, background and skills",
  tag: 'team',
  access: { kind: 'project', permission: 'member.read' },
  params: projectParams,
  response: z.object({ items: z.array(personSchema) }),
});

export const getPerson = defineEndpoint({
  id: 'getPerson',
  method: 'GET',
  path: '/api/v1/projects/:project/people/:username',
  summary: 'One member: roles, background and skills',
  tag: 'team',
  access: { kind: 'project', permission: 'member.read' },
  params: personParams,
  response: personSchema,
});

export const updatePerson = defineEndpoint({
  id: 'updatePerson',
  method: 'PATCH',
  path: '/api/v1/projects/:project/people/:username',
  summary: "Change a member's background, summary or skills (those who manage the team)",
  tag: 'team',
  access: { kind: 'project', permission: 'member.manage' },
  params: personParams,
  body: profileChangeSchema,
  response: personSchema,
  bodyLimit: 64 * 1024,
});

export const getMemberRoleFit = defineEndpoint({
  id: 'getMemberRoleFit',
  method: 'GET',
  path: '/api/v1/projects/:project/people/:username/role-fit',
  summary: "The catalogue's roles ranked by how well they fit a member, with the reasons",
  tag: 'team',
  access: { kind: 'project', permission: 'member.read' },
  params: personParams,
  response: roleFitReportSchema,
});

export const getMyProfile = defineEndpoint({
  id: 'getMyProfile',
  method: 'GET',
  path: '/api/v1/me/profile',
  summary: 'Your own background, summary and skills',
  tag: 'team',
  access: { kind: 'user' },
  response: memberProfileSchema,
});

export const updateMyProfile = defineEndpoint({
  id: 'updateMyProfile',
  method: 'PATCH',
  path: '/api/v1/me/profile',
  summary: 'Change your own background, summary or skills',
  tag: 'team',
  access: { kind: 'user' },
  body: profileChangeSchema,
  response: memberProfileSchema,
  bodyLimit: 64 * 1024,
});

export const fitCandidate = defineEndpoint({
  id: 'fitCandidate',
  method: 'POST',
  path: '/api/v1/role-fit',
  summary: 'Rank the roles for a candidate given as skills and background, or as free text',
  tag: 'team',
  access: { kind: 'user' },
  body: candidateProfileSchema,
  response: roleFitReportSchema,
  bodyLimit: 64 * 1024,
});

export const getTeamHealth = defineEndpoint({
  id: 'getTeamHealth',
  method: 'GET',
  path: '/api/v1/projects/:project/team/health',
  summary: "The project team's health: who covers each responsibility, and findings with actions",
  tag: 'team',
  access: { kind: 'project', permission: 'member.read' },
  params: projectParams,
  response: teamHealthReportSchema,
});

export const getTeamSettings = defineEndpoint({
  id: 'getTeamSettings',
  method: 'GET',
  path: '/api/v1/projects/:project/team/settings',
  summary: 'The team-health settings of the project (sensitive attributes, ratio guidance, ...)',
  tag: 'team',
  access: { kind: 'project', permission: 'member.read' },
  params: projectParams,
  response: teamSettingsSchema,
});

export const updateTeamSettings = defineEndpoint({
  id: 'updateTeamSettings',
  method: 'PATCH',
  path: '/api/v1/projects/:project/team/settings',
  summary: 'Change the team-health settings of the project (those who manage the team)',
  tag: 'team',
  access: { kind: 'project', permission: 'member.manage' },
  params: projectParams,
  body: teamSettingsChangeSchema,
  response: teamSettingsSchema,
  bodyLimit: 64 * 1024,
});
