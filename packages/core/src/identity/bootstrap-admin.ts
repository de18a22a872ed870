import { randomBytes } from 'node:crypto';
import type { Services } from '../context.ts';
import { systemContext } from '../context.ts';
import { createUser } from './create-user.ts';

/**
 * On first start (no users at all) creates `admin`. The password comes from the caller
 * (BATON_ADMIN_PASSWORD) or is generated and returned so the caller prints it once.
 */
export async function bootstrapAdmin(
  services: Services,
  password: string | undefined,
): Promise<{ created: boolean; generatedPassword?: string }> {
  const any = await services.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return { created: false };
  const generated = password ? undefined : randomBytes(18).toString('base64url');
  const ctx = systemContext(services, 'bootstrap');
  await services.db.transaction().execute((tx) =>
    createUser({
      ctx: { ...ctx, tx },
      input: {
        username: 'admin',
        displayName: 'Administrator',
        password: password ?? generated!,
        isAdmin: true,
      },
    }),
  );
  return generated ? { created: true, generatedPassword: generated } : { created: true };
}
