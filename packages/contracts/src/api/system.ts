import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';

export const health = defineEndpoint({
  id: 'health',
  method: 'GET',
  path: '/healthz',
  summary: 'Liveness: the process is up',
  tag: 'platform',
  access: { kind: 'public' },
  response: z.object({ status: z.literal('ok') }),
});

export const readiness = defineEndpoint({
  id: 'readiness',
  method: 'GET',
  path: '/readyz',
  summary: 'Readiness: the metadata store and artifact store answer',
  tag: 'platform',
  access: { kind: 'public' },
  response: z.object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
  }),
});

export const serverInfo = defineEndpoint({
  id: 'serverInfo',
  method: 'GET',
  path: '/api/v1/info',
  summary: 'Version and storage backends of this Baton server',
  tag: 'platform',
  access: { kind: 'public' },
  response: z.object({
    name: z.literal('baton'),
    version: z.string(),
    database: z.enum(['sqlite', 'postgres']),
    artifacts: z.string(),
  }),
});
