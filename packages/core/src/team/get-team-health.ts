import type { TeamHealthReport } from '@baton/contracts';
import { loadRoleCatalogue } from '../access/role-catalogue.ts';
import { nowIso } from '../clock.ts';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { assessTeamHealth } from './assess-team-health.ts';
import { loadPeople } from './list-people.ts';
import {
  collectSensitiveAttributes,
  SENSITIVE_ATTRIBUTE_SOURCES,
  type SensitiveAttributeSource,
} from './sensitive-attributes.ts';
import { loadTeamSettings } from './team-settings.ts';
import { runUsageProbes, USAGE_PROBES, type UsageProbe } from './usage-probes.ts';

/**
 * The team-health report of the project. Other lanes plug in through `probes` (is the work
 * done?) and `sensitiveSources` (which attributes are sensitive?); the defaults are Baton's.
 */
export async function getTeamHealth({
  ctx,
  input = {},
}: {
  ctx: ServiceContext;
  input?: { probes?: readonly UsageProbe[]; sensitiveSources?: readonly SensitiveAttributeSource[] };
}): Promise<TeamHealthReport> {
  const scope = requireProject(ctx);
  const db = executor(ctx);
  const [catalogue, people, settings] = await Promise.all([
    loadRoleCatalogue(db),
    loadPeople(db, scope.id),
    loadTeamSettings(db, scope.id),
  ]);
  const sensitive = await collectSensitiveAttributes(
    { db, projectId: scope.id, settings },
    input.sensitiveSources ?? SENSITIVE_ATTRIBUTE_SOURCES,
  );
  const usage = await runUsageProbes(db, scope, input.probes ?? USAGE_PROBES);
  return assessTeamHealth({
    project: scope.slug,
    now: nowIso(),
    catalogue,
    people,
    settings,
    sensitive,
    usage,
  });
}
