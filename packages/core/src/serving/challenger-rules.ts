import type { ChallengerMode } from '@baton/contracts';
import { badRequest } from '../errors.ts';

/** A canary or shadow needs a challenger alias other than the primary one. */
export function assertChallenger(mode: ChallengerMode, challengerAlias: string | null, alias: string): void {
  if (mode !== 'none' && !challengerAlias) {
    throw badRequest(`mode '${mode}' needs a challenger alias (challengerAlias)`);
  }
  if (challengerAlias && challengerAlias === alias) {
    throw badRequest(`the challenger alias must differ from the primary alias '${alias}'`);
  }
}
