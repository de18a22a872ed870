import { z } from 'zod';
import { type Permission, permissionSchema } from './permissions.ts';

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

export const responsibilityKeySchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{1,59}$/,
    'a responsibility key is lower-case letters, digits and dashes, 2-60 characters',
  );

/** `Monitor data behaviour and quality` becomes `monitor-data-behaviour-and-quality`. */
export function responsibilityKeyOf(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return /^[a-z]/.test(slug) && slug.length >= 2 ? slug : `r-${slug}`.slice(0, 60);
}

export const RESPONSIBILITY_IMPORTANCE = ['core', 'supporting'] as const;

/**
 * One responsibility of a role and what in Baton serves it: the capabilities (lanes, pages,
 * commands) and the permissions the role needs for it. The same key in two roles means the
 * same responsibility: holding either role covers it.
 */
const responsibilityObjectSchema = z.object({
  key: responsibilityKeySchema.optional(),
  title: z.string().min(1).max(300),
  /** Uncovered `core` work is a warning in team health; `supporting` work is a note. */
  importance: z.enum(RESPONSIBILITY_IMPORTANCE).default('core'),
  capabilities: z.array(z.string().min(1).max(200)).max(20).default([]),
  permissions: z.array(permissionSchema).max(30).default([]),
});

export const responsibilitySchema = z.union([
  // A bare sentence (the first catalogue format) is a responsibility with nothing mapped yet.
  z
    .string()
    .min(1)
    .max(300)
    .transform((title) => ({
      key: responsibilityKeyOf(title),
      title,
      importance: 'core' as const,
      capabilities: [] as string[],
      permissions: [] as Permission[],
    })),
  responsibilityObjectSchema.transform((r) => ({ ...r, key: r.key ?? responsibilityKeyOf(r.title) })),
]);
export type Responsibility = z.output<typeof responsibilitySchema>;

/**
 * `team` roles are jobs on an ML team: they take part in role fit and team health. `access`
 * roles (project admin, viewer) only grant access in Baton.
 */
export const ROLE_KINDS = ['team', 'access'] as const;

/** One role of the catalogue: who it is for, what it does, and what it may do in a project. */
export const roleDefinitionSchema = z.object({
  key: roleKeySchema,
  name: z.string().min(1).max(80),
  purpose: z.string().min(1).max(500),
  lane: laneSchema,
  kind: z.enum(ROLE_KINDS).default('team'),
  responsibilities: z.array(responsibilitySchema).max(50).default([]),
  skills: z.array(z.string().min(1).max(80)).max(100).default([]),
  tools: z.array(z.string().min(1).max(80)).max(100).default([]),
  backgrounds: z.array(z.string().min(1).max(80)).max(20).default([]),
  permissions: z.array(permissionSchema).max(100),
});
export type RoleDefinition = z.infer<typeof roleDefinitionSchema>;

/** A professional background and the roles it is the usual first step into. */
export const backgroundDefinitionSchema = z.object({
  name: z.string().min(1).max(80),
  /** Other ways people write it, matched without regard to case: `software engineer`, `PhD`. */
  aliases: z.array(z.string().min(1).max(80)).max(50).default([]),
  startingRoles: z.array(roleKeySchema).max(10).default([]),
});
export type BackgroundDefinition = z.infer<typeof backgroundDefinitionSchema>;

/** A skill and its synonyms, so that `k8s` counts as Kubernetes and `sklearn` as scikit-learn. */
export const skillDefinitionSchema = z.object({
  name: z.string().min(1).max(80),
  aliases: z.array(z.string().min(1).max(80)).max(50).default([]),
});
export type SkillDefinition = z.infer<typeof skillDefinitionSchema>;

export const roleCatalogueSchema = z
  .object({
    version: z.literal(1),
    roles: z.array(roleDefinitionSchema).min(1).max(100),
    /** Absent: the backgrounds shipped with Baton apply. */
    backgrounds: z.array(backgroundDefinitionSchema).max(50).optional(),
    /** Absent: the skill synonyms shipped with Baton apply. */
    skills: z.array(skillDefinitionSchema).max(1000).optional(),
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
      const keys = new Set<string>();
      for (const [j, responsibility] of role.responsibilities.entries()) {
        if (keys.has(responsibility.key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['roles', i, 'responsibilities', j],
            message: `role '${role.key}' lists the responsibility '${responsibility.key}' twice`,
          });
        }
        keys.add(responsibility.key);
        for (const [k, permission] of responsibility.permissions.entries()) {
          if (role.permissions.includes(permission)) continue;
          ctx.addIssue({
            code: 'custom',
            path: ['roles', i, 'responsibilities', j, 'permissions', k],
            message: `'${responsibility.key}' of role '${role.key}' needs '${permission}', which the role does not grant`,
          });
        }
      }
    }
    for (const [i, background] of (catalogue.backgrounds ?? []).entries()) {
      for (const [j, role] of background.startingRoles.entries()) {
        if (seen.has(role)) continue;
        ctx.addIssue({
          code: 'custom',
          path: ['backgrounds', i, 'startingRoles', j],
          message: `background '${background.name}' starts in '${role}', which is not a role of the catalogue`,
        });
      }
    }
    const owner = new Map<string, string>();
    for (const [i, skill] of (catalogue.skills ?? []).entries()) {
      for (const term of [skill.name, ...skill.aliases]) {
        const key = term.trim().toLowerCase();
        const other = owner.get(key);
        if (other !== undefined && other !== skill.name) {
          ctx.addIssue({
            code: 'custom',
            path: ['skills', i],
            message: `'${term}' is claimed by both '${other}' and '${skill.name}'`,
          });
        }
        owner.set(key, skill.name);
      }
    }
  });
export type RoleCatalogue = z.infer<typeof roleCatalogueSchema>;
