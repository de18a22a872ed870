import { z } from 'zod';

export const idSchema = z.string().min(1).max(100);
export const timestampSchema = z.string().describe('ISO 8601 UTC timestamp');
export const slugSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    'lower-case letters, digits and dashes, 2-63 characters, not starting with a dash',
  );
export const usernameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{1,63}$/, 'letters, digits, dot, dash and underscore, 2-64 characters');

export const projectParams = z.object({ project: slugSchema });

/** Cursor pagination shared by every list endpoint. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const okSchema = z.object({ ok: z.literal(true) });
export const emptyBody = z.object({}).strict();
