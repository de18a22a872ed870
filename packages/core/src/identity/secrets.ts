import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random URL-safe secret with a readable prefix (`baton_pat_...`). */
export const newSecret = (prefix: string, bytes = 32): string =>
  `${prefix}${randomBytes(bytes).toString('base64url')}`;

/** Secrets are stored only as their sha256: they have full entropy, so a slow hash adds nothing. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
