import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { idSchema, pageOf, pageQuery, projectParams, timestampSchema } from './common.ts';

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: timestampSchema,
  actorId: idSchema.nullable(),
  actorName: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  projectId: idSchema.nullable(),
  summary: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const auditQuery = pageQuery.extend({
  action: z.string().max(100).optional(),
  actor: z.string().max(64).optional(),
});

export const listProjectAudit = defineEndpoint({
  id: 'listProjectAudit',
  method: 'GET',
  path: '/api/v1/projects/:project/audit',
  summary: "The project's audit log, newest first",
  tag: 'audit',
  access: { kind: 'project', permission: 'audit.read' },
  params: projectParams,
  query: auditQuery,
  response: pageOf(auditEntrySchema),
});

export const listAudit = defineEndpoint({
  id: 'listAudit',
  method: 'GET',
  path: '/api/v1/audit',
  summary: 'The whole audit log, newest first (administrators)',
  tag: 'audit',
  access: { kind: 'instance-admin' },
  query: auditQuery,
  response: pageOf(auditEntrySchema),
});
