import type { HealthFinding, RoleCatalogue, TeamHealthReport, TeamSettings } from '@baton/contracts';
import { holdersOf, mapCoverage, type TeamPerson } from './coverage.ts';
import { uncoveredWork, unusedWork } from './coverage-findings.ts';
import { buildFitIndex } from './fit-index.ts';
import { type HealthFacts, ROLE } from './health-facts.ts';
import { dsMleRatio, sensitiveWithoutEthicist, smallTeamMlops, tooManyHats } from './health-rules.ts';
import { teamRolesOf } from './rank-roles.ts';
import type { SensitiveAttribute } from './sensitive-attributes.ts';
import { skillMatrix } from './skill-matrix.ts';
import type { UsageResult } from './usage-probes.ts';

export interface TeamHealthInput {
  project: string;
  now: string;
  catalogue: RoleCatalogue;
  people: readonly TeamPerson[];
  settings: TeamSettings;
  sensitive: readonly SensitiveAttribute[];
  usage: readonly UsageResult[];
}

const ORDER = { critical: 0, warning: 1, info: 2 } as const;

/**
 * The health of a project's team, from facts alone (no I/O): who covers each responsibility,
 * and every finding with its severity and a suggested action, most severe first.
 */
export function assessTeamHealth(input: TeamHealthInput): TeamHealthReport {
  const { catalogue, settings } = input;
  const teamKeys = new Set(teamRolesOf(catalogue).map((r) => r.key));
  const team = input.people.filter((p) => p.roles.some((r) => teamKeys.has(r)));
  const coverage = mapCoverage(catalogue, team, settings, input.usage);
  const facts: HealthFacts = {
    catalogue,
    team,
    settings,
    coverage,
    sensitive: input.sensitive,
    usage: input.usage,
    // Anyone on the project may be suggested for a role, a viewer included.
    fits: buildFitIndex(catalogue, input.people),
  };

  const sensitive = sensitiveWithoutEthicist(facts);
  const smallTeam = smallTeamMlops(facts);
  const skip = new Set<string>([
    ...(sensitive.length > 0 ? [ROLE.aiEthicist] : []),
    ...(smallTeam.length > 0 ? [ROLE.mlopsEngineer] : []),
  ]);
  const findings: HealthFinding[] = [
    ...sensitive,
    ...smallTeam,
    ...uncoveredWork(facts, skip),
    ...tooManyHats(facts),
    ...dsMleRatio(facts),
    ...unusedWork(facts),
  ].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);

  const count = (severity: keyof typeof ORDER) => findings.filter((f) => f.severity === severity).length;
  const critical = count('critical');
  const warning = count('warning');
  const dataScientists = holdersOf(team, ROLE.dataScientist).length;
  const mlEngineers = holdersOf(team, ROLE.mlEngineer).length;
  return {
    project: input.project,
    generatedAt: input.now,
    summary: {
      status: critical > 0 ? 'at_risk' : warning > 0 ? 'attention' : 'healthy',
      critical,
      warning,
      info: count('info'),
      people: team.length,
    },
    findings,
    coverage,
    sensitiveAttributes: [...input.sensitive],
    ratio: {
      dataScientists,
      mlEngineers,
      ratio: mlEngineers > 0 ? Number((dataScientists / mlEngineers).toFixed(2)) : null,
      min: settings.dsPerMle.min,
      max: settings.dsPerMle.max,
    },
    settings,
    skillMatrix: skillMatrix(catalogue, team),
  };
}
