import {
  exportRoleCatalogue,
  fitCandidate,
  getMemberRoleFit,
  getMyProfile,
  getPerson,
  getTeamHealth,
  getTeamSettings,
  importRoleCatalogue,
  listPeople,
  updateMyProfile,
  updatePerson,
  updateTeamSettings,
} from '@baton/core';
import type { HandlerGroup } from './handlers.ts';

/** The team lane: the role catalogue as YAML, people, role fit and team health. */
export const teamHandlers: HandlerGroup<
  | 'exportRoleCatalogue'
  | 'importRoleCatalogue'
  | 'listPeople'
  | 'getPerson'
  | 'updatePerson'
  | 'getMemberRoleFit'
  | 'getMyProfile'
  | 'updateMyProfile'
  | 'fitCandidate'
  | 'getTeamHealth'
  | 'getTeamSettings'
  | 'updateTeamSettings'
> = {
  exportRoleCatalogue: async ({ ctx }) => exportRoleCatalogue({ ctx }),
  importRoleCatalogue: async ({ ctx, body }) => importRoleCatalogue({ ctx, input: body }),
  listPeople: async ({ ctx }) => ({ items: await listPeople({ ctx }) }),
  getPerson: async ({ ctx, params }) => getPerson({ ctx, input: { username: params.username } }),
  updatePerson: async ({ ctx, params, body }) =>
    updatePerson({ ctx, input: { username: params.username, change: body } }),
  getMemberRoleFit: async ({ ctx, params }) =>
    getMemberRoleFit({ ctx, input: { username: params.username } }),
  getMyProfile: async ({ ctx }) => getMyProfile({ ctx }),
  updateMyProfile: async ({ ctx, body }) => updateMyProfile({ ctx, input: body }),
  fitCandidate: async ({ ctx, body }) => fitCandidate({ ctx, input: body }),
  getTeamHealth: async ({ ctx }) => getTeamHealth({ ctx }),
  getTeamSettings: async ({ ctx }) => getTeamSettings({ ctx }),
  updateTeamSettings: async ({ ctx, body }) => updateTeamSettings({ ctx, input: body }),
};
