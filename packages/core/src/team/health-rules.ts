import type { HealthFinding } from '@baton/contracts';
import { holdersOf } from './coverage.ts';
import { suggested } from './fit-index.ts';
import { type HealthFacts, hasRole, listOf, nameOf, plural, ROLE, roleName } from './health-facts.ts';
import { teamRolesOf } from './rank-roles.ts';

const teamRoleKeys = (facts: HealthFacts) => new Set(teamRolesOf(facts.catalogue).map((r) => r.key));

/** One person holding more team roles than the project allows ("too many hats"). */
export function tooManyHats(facts: HealthFacts): HealthFinding[] {
  const { catalogue, settings, fits } = facts;
  const teamKeys = teamRoleKeys(facts);
  return facts.team.flatMap((person) => {
    const roles = person.roles.filter((r) => teamKeys.has(r));
    if (roles.length <= settings.maxRolesPerPerson) return [];
    const lanes = new Set(roles.map((r) => catalogue.roles.find((x) => x.key === r)?.lane));
    const alone = facts.coverage
      .filter(
        (c) => c.status !== 'not_needed' && c.coveredBy.length === 1 && c.coveredBy[0] === person.username,
      )
      .map((c) => c.title);
    // Hand over the role this person fits least; suggest who fits it best.
    const handOver = [...roles].sort(
      (a, b) => fits.score(person.username, a) - fits.score(person.username, b),
    )[0]!;
    const taker = fits.bestFor(handOver, [person.username]);
    const isScientist = roles.includes(ROLE.dataScientist);
    return [
      {
        code: 'too_many_hats',
        severity: 'warning',
        title: `${nameOf(person)}${isScientist ? ' (data scientist)' : ''} wears too many hats`,
        detail:
          `${nameOf(person)} holds ${roles.length} team roles across ${plural(lanes.size, 'lane')} ` +
          `(${listOf(roles.map((r) => roleName(catalogue, r)))}); the project allows ${settings.maxRolesPerPerson}.` +
          (alone.length > 0 ? ` Nobody else covers: ${listOf(alone)}.` : ''),
        action:
          `Hand the ${roleName(catalogue, handOver)} role to ${taker ? suggested(taker) : 'someone else'}` +
          `, or raise the limit (maxRolesPerPerson) in the team settings if this is deliberate.`,
        roles,
        people: [person.username, ...(taker ? [taker.username] : [])],
        responsibilities: [],
      },
    ];
  });
}

/** In a small team nobody owns MLOps while an ML engineer could. */
export function smallTeamMlops(facts: HealthFacts): HealthFinding[] {
  const { catalogue, settings, fits } = facts;
  if (!hasRole(catalogue, ROLE.mlEngineer) || !hasRole(catalogue, ROLE.mlopsEngineer)) return [];
  if (facts.team.length > settings.smallTeamSize) return [];
  const engineers = facts.team.filter((p) => p.roles.includes(ROLE.mlEngineer));
  if (engineers.length === 0 || holdersOf(facts.team, ROLE.mlopsEngineer).length > 0) return [];
  const work = facts.coverage.filter(
    (c) => c.roles.includes(ROLE.mlopsEngineer) && c.status !== 'not_needed',
  );
  if (work.length === 0) return [];
  const owner = [...engineers].sort(
    (a, b) => fits.score(b.username, ROLE.mlopsEngineer) - fits.score(a.username, ROLE.mlopsEngineer),
  )[0]!;
  const mle = roleName(catalogue, ROLE.mlEngineer);
  const mlops = roleName(catalogue, ROLE.mlopsEngineer);
  return [
    {
      code: 'small_team_mlops',
      severity: 'warning',
      title: `Small team: the ${mle} should also own MLOps`,
      detail:
        `The team has ${plural(facts.team.length, 'person', 'people')} (small is ${settings.smallTeamSize} or fewer) ` +
        `and nobody holds the ${mlops} role, so nobody owns: ${listOf(work.map((w) => w.title))}. ` +
        `In a team this size the ${mle} carries MLOps too.`,
      action: `Give ${nameOf(owner)} the ${mlops} role as well.`,
      roles: [ROLE.mlEngineer, ROLE.mlopsEngineer],
      people: [owner.username],
      responsibilities: work.map((w) => w.responsibility),
    },
  ];
}

const ratioText = (r: number) => (Number.isInteger(r) ? String(r) : r.toFixed(1));

/** Data scientists per ML engineer against the guidance (roughly 5 to 10, configurable). */
export function dsMleRatio(facts: HealthFacts): HealthFinding[] {
  const { catalogue, settings, fits } = facts;
  if (!hasRole(catalogue, ROLE.dataScientist) || !hasRole(catalogue, ROLE.mlEngineer)) return [];
  const ds = holdersOf(facts.team, ROLE.dataScientist).length;
  const mle = holdersOf(facts.team, ROLE.mlEngineer).length;
  if (ds === 0 || mle === 0) return [];
  const ratio = ds / mle;
  const { min, max } = settings.dsPerMle;
  const guidance = `the guidance of ${ratioText(min)} to ${ratioText(max)}`;
  const roles = [ROLE.dataScientist, ROLE.mlEngineer];
  if (ratio > max) {
    const more = Math.ceil(ds / max) - mle;
    const candidate = fits.bestFor(ROLE.mlEngineer);
    return [
      {
        code: 'ds_mle_ratio',
        severity: 'warning',
        title: `${ratioText(ratio)} data scientists per ML engineer`,
        detail:
          `${plural(ds, 'data scientist')} share ${plural(mle, 'ML engineer')}: ${ratioText(ratio)} per ML engineer, ` +
          `above ${guidance}. Models will queue on their way to production.`,
        action:
          `Add ${plural(more, 'ML engineer')}${candidate ? ` (${suggested(candidate)} fits the role)` : ''} ` +
          `to bring the ratio within ${ratioText(max)}, or change the guidance (dsPerMle) in the team settings.`,
        roles,
        people: candidate ? [candidate.username] : [],
        responsibilities: [],
      },
    ];
  }
  if (ratio < min && mle > 1) {
    return [
      {
        code: 'ds_mle_ratio',
        severity: 'info',
        title: `Only ${ratioText(ratio)} data scientists per ML engineer`,
        detail: `${plural(mle, 'ML engineer')} for ${plural(ds, 'data scientist')}, below ${guidance}.`,
        action:
          'Consider whether an ML engineer could take on MLOps or other work, or lower the guidance (dsPerMle) in the team settings if your models need more engineering.',
        roles,
        people: [],
        responsibilities: [],
      },
    ];
  }
  return [];
}

/** Sensitive attributes in the project's data and nobody to audit for bias and fairness. */
export function sensitiveWithoutEthicist(facts: HealthFacts): HealthFinding[] {
  const { catalogue, fits } = facts;
  if (!hasRole(catalogue, ROLE.aiEthicist) || facts.sensitive.length === 0) return [];
  if (holdersOf(facts.team, ROLE.aiEthicist).length > 0) return [];
  const ethicist = roleName(catalogue, ROLE.aiEthicist);
  const candidate = fits.bestFor(ROLE.aiEthicist);
  const attributes = facts.sensitive.map((a) => `${a.name} (${a.source})`);
  return [
    {
      code: 'sensitive_without_ethicist',
      severity: 'critical',
      title: `Sensitive attributes but no ${ethicist}`,
      detail:
        `The project's data holds sensitive attributes: ${listOf(attributes)}. Nobody holds the ${ethicist} role ` +
        'to audit models for bias and fairness or to sign off promotions.',
      action: `Give ${candidate ? suggested(candidate) : 'someone'} the ${ethicist} role before a model trained on this data is promoted.`,
      roles: [ROLE.aiEthicist],
      people: candidate ? [candidate.username] : [],
      responsibilities: facts.coverage
        .filter((c) => c.roles.includes(ROLE.aiEthicist))
        .map((c) => c.responsibility),
    },
  ];
}
