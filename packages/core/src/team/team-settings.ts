import { type TeamSettings, teamSettingsSchema } from '@baton/contracts';
import type { Executor } from '../context.ts';

/** The project's team-health settings; the industry defaults until someone changes one. */
export async function loadTeamSettings(db: Executor, projectId: string): Promise<TeamSettings> {
  const row = await db
    .selectFrom('team_settings')
    .select('settings')
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return teamSettingsSchema.parse(row ? JSON.parse(row.settings) : {});
}
