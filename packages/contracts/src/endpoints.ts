import * as audit from './api/audit.ts';
import * as auth from './api/auth.ts';
import * as jobs from './api/jobs.ts';
import * as projects from './api/projects.ts';
import * as roles from './api/roles.ts';
import * as system from './api/system.ts';
import * as tokens from './api/tokens.ts';

/**
 * Every HTTP endpoint of Baton's own API. The server refuses to start if an endpoint here has
 * no handler, and the access test walks this list with every role.
 */
export const endpoints = {
  health: system.health,
  readiness: system.readiness,
  serverInfo: system.serverInfo,
  login: auth.login,
  logout: auth.logout,
  whoami: auth.whoami,
  changePassword: auth.changePassword,
  createUser: auth.createUser,
  listUsers: auth.listUsers,
  createToken: tokens.createToken,
  listTokens: tokens.listTokens,
  revokeToken: tokens.revokeToken,
  createProject: projects.createProject,
  listProjects: projects.listProjects,
  getProject: projects.getProject,
  updateProject: projects.updateProject,
  listMembers: projects.listMembers,
  setMember: projects.setMember,
  removeMember: projects.removeMember,
  getRoleCatalogue: roles.getRoleCatalogue,
  replaceRoleCatalogue: roles.replaceRoleCatalogue,
  listPermissions: roles.listPermissions,
  listProjectAudit: audit.listProjectAudit,
  listAudit: audit.listAudit,
  listJobs: jobs.listJobs,
  getJob: jobs.getJob,
  getJobLogs: jobs.getJobLogs,
  enqueueJob: jobs.enqueueJob,
  cancelJob: jobs.cancelJob,
  listJobKinds: jobs.listJobKinds,
} as const;

export type EndpointId = keyof typeof endpoints;
