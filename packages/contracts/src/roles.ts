import { z } from 'zod';
import { permissionSchema } from './permissions.ts';

/** The lanes of Baton; each role lands on one of them in the web UI. */
export const LANES = [
  'team',
  'product',
  'data',
  'analysis',
  'tracking',
  'training',
  'registry',
  'serving',
  'monitoring',
  'responsible-ai',
  'platform',
] as const;
export type Lane = (typeof LANES)[number];
export const laneSchema = z.enum(LANES);

export const roleKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'a role key is lower-case letters, digits and dashes, 2-40 characters');

/** One role of the catalogue: who it is for, what it does, and what it may do in a project. */
export const roleDefinitionSchema = z.object({
  key: roleKeySchema,
  name: z.string().min(1).max(80),
  purpose: z.string().min(1).max(500),
  lane: laneSchema,
  responsibilities: z.array(z.string().min(1).max(300)).max(50).default([]),
  skills: z.array(z.string().min(1).max(80)).max(100).default([]),
  tools: z.array(z.string().min(1).max(80)).max(100).default([]),
  backgrounds: z.array(z.string().min(1).max(80)).max(20).default([]),
  permissions: z.array(permissionSchema).max(100),
});
export type RoleDefinition = z.infer<typeof roleDefinitionSchema>;

export const roleCatalogueSchema = z
  .object({
    version: z.literal(1),
    roles: z.array(roleDefinitionSchema).min(1).max(100),
  })
  .superRefine((catalogue, ctx) => {
    const seen = new Set<string>();
    for (const [i, role] of catalogue.roles.entries()) {
      if (seen.has(role.key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['roles', i, 'key'],
          message: `duplicate role key '${role.key}'`,
        });
      }
      seen.add(role.key);
    }
  });
export type RoleCatalogue = z.infer<typeof roleCatalogueSchema>;
