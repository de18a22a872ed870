import { type BodyOf, endpoints } from '@baton/contracts';
import type { Call } from '../call.ts';

export type ProfileChangeInput = BodyOf<typeof endpoints.updatePerson>;
export type CandidateInput = BodyOf<typeof endpoints.fitCandidate>;
export type TeamSettingsInput = BodyOf<typeof endpoints.updateTeamSettings>;

/** The team lane: the role catalogue as YAML, people and their skills, role fit, team health. */
export const teamApi = (call: Call) => ({
  /**
   * The role catalogue as a YAML document with a comment on how to edit it.
   *
   * ```ts
   * const { yaml } = await client.team.exportRoles();
   * await fs.writeFile('roles.yaml', yaml);
   * ```
   */
  exportRoles: () => call(endpoints.exportRoleCatalogue),

  /**
   * Replaces the role catalogue from YAML (administrators). An invalid document fails with
   * `bad_request` whose `errors` list every problem (`yaml.roles.3.permissions.0`, with its
   * line); dropping a role still held fails with `conflict`. `dryRun` only reports the changes.
   *
   * ```ts
   * const { changes } = await admin.team.importRoles(yaml, { dryRun: true });
   * console.log(changes.added, changes.changed, changes.removed);
   * ```
   */
  importRoles: (yaml: string, options: { dryRun?: boolean } = {}) =>
    call(endpoints.importRoleCatalogue, { body: { yaml, dryRun: options.dryRun ?? false } }),

  /**
   * The project's team: each member's roles, background and skills (`member.read`).
   *
   * ```ts
   * const { items } = await client.team.people('credit-risk');
   * ```
   */
  people: (project: string) => call(endpoints.listPeople, { params: { project } }),

  /**
   * One member of the project with their roles, background and skills (`member.read`).
   *
   * ```ts
   * const mel = await client.team.person('credit-risk', 'mel');
   * ```
   */
  person: (project: string, username: string) => call(endpoints.getPerson, { params: { project, username } }),

  /**
   * Changes a member's background, summary or skills (`member.manage`: admins, product
   * owners and managers). Skills replace the list; synonyms become the catalogue's names.
   *
   * ```ts
   * await client.team.updatePerson('credit-risk', 'mel', {
   *   background: 'software developer',
   *   skills: [{ skill: 'k8s', level: 4 }, { skill: 'Python', level: 5 }],
   * });
   * ```
   */
  updatePerson: (project: string, username: string, change: ProfileChangeInput) =>
    call(endpoints.updatePerson, { params: { project, username }, body: change }),

  /**
   * Your own profile, and changing it; everyone may keep their own.
   *
   * ```ts
   * await client.team.updateMyProfile({ skills: [{ skill: 'sklearn', level: 3 }] });
   * ```
   */
  myProfile: () => call(endpoints.getMyProfile),
  updateMyProfile: (change: ProfileChangeInput) => call(endpoints.updateMyProfile, { body: change }),

  /**
   * The team roles ranked for a member, with matched and missing skills and the starting
   * role their background suggests (`member.read`).
   *
   * ```ts
   * const { ranking } = await client.team.memberFit('credit-risk', 'mel');
   * console.log(ranking[0].name, ranking[0].score, ranking[0].explanation);
   * ```
   */
  memberFit: (project: string, username: string) =>
    call(endpoints.getMemberRoleFit, { params: { project, username } }),

  /**
   * The team roles ranked for a candidate: skills and a background, or a pasted text whose
   * words are read with the catalogue's synonyms (`k8s` is Kubernetes, `sklearn` scikit-learn).
   *
   * ```ts
   * const report = await client.team.fit({ text: 'PhD in NLP; PyTorch, papers, k8s now and then' });
   * console.log(report.ranking[0].role, report.recognised);
   * ```
   */
  fit: (candidate: CandidateInput) => call(endpoints.fitCandidate, { body: candidate }),

  /**
   * The project's team health: who covers each responsibility, and findings (uncovered work,
   * too many hats, the small-team MLOps owner, the DS:MLE ratio, sensitive data without an
   * AI ethicist), each with a severity and a suggested action (`member.read`).
   *
   * ```ts
   * const report = await client.team.health('credit-risk');
   * for (const f of report.findings) console.log(f.severity, f.title, '->', f.action);
   * ```
   */
  health: (project: string) => call(endpoints.getTeamHealth, { params: { project } }),

  /**
   * The team-health settings, and changing them (`member.manage`); what is left out stays.
   *
   * ```ts
   * await client.team.updateSettings('credit-risk', { sensitiveAttributes: ['age', 'sex'] });
   * ```
   */
  settings: (project: string) => call(endpoints.getTeamSettings, { params: { project } }),
  updateSettings: (project: string, change: TeamSettingsInput) =>
    call(endpoints.updateTeamSettings, { params: { project }, body: change }),
});
