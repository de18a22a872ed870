import { type TeamSettings, type TeamSettingsChange, teamSettingsSchema } from '@baton/contracts';
import { loadRoleCatalogue } from '../access/role-catalogue.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso } from '../clock.ts';
import { actorName, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { loadTeamSettings } from './team-settings.ts';

/**
 * Changes the project's team-health settings; what the change leaves out stays. A
 * responsibility marked not needed must be one the catalogue knows.
 */
export async function updateTeamSettings({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: TeamSettingsChange;
}): Promise<TeamSettings> {
  const scope = requireProject(ctx);
  return inTransaction(ctx, async (ctx) => {
    const db = ctx.tx!;
    const before = await loadTeamSettings(db, scope.id);
    const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const after = teamSettingsSchema.parse({ ...before, ...defined });
    after.sensitiveAttributes = [...new Set(after.sensitiveAttributes)];
    after.notNeeded = [...new Set(after.notNeeded)];
    if (input.notNeeded !== undefined) {
      const catalogue = await loadRoleCatalogue(db);
      const known = new Set(catalogue.roles.flatMap((r) => r.responsibilities.map((x) => x.key)));
      const unknown = after.notNeeded.filter((key) => !known.has(key));
      if (unknown.length > 0) {
        throw badRequest(
          `unknown responsibilit${unknown.length > 1 ? 'ies' : 'y'}: ${unknown.join(', ')}`,
          unknown.map((key) => ({
            path: `body.notNeeded.${after.notNeeded.indexOf(key)}`,
            message: `'${key}' is not a responsibility of any role in the catalogue`,
          })),
        );
      }
    }
    const at = nowIso();
    const row = { settings: JSON.stringify(after), updated_at: at, updated_by: actorName(ctx.actor) };
    const updated = await db
      .updateTable('team_settings')
      .set(row)
      .where('project_id', '=', scope.id)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      await db
        .insertInto('team_settings')
        .values({ project_id: scope.id, ...row })
        .execute();
    }
    await recordAudit(ctx, {
      action: 'team.settings.update',
      targetType: 'team-settings',
      targetId: scope.slug,
      summary: `team settings changed: ${Object.keys(defined).join(', ')}`,
      before,
      after,
    });
    return after;
  });
}
