import type { TeamSettings } from '@baton/contracts';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { loadTeamSettings } from './team-settings.ts';

export async function getTeamSettings({ ctx }: { ctx: ServiceContext }): Promise<TeamSettings> {
  return loadTeamSettings(executor(ctx), requireProject(ctx).id);
}
