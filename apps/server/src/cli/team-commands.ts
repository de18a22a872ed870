import type { MemberSkill, TeamHealthReport } from '@baton/contracts';
import type { ProfileChangeInput, TeamSettingsInput } from '@baton/sdk';
import { type Command, InvalidArgumentError } from 'commander';
import { CliError } from './cli-error.ts';
import { printJson, printLine, printTable } from './output.ts';
import { connect, integerIn, type JsonFlag, runCommand, withJson } from './run-command.ts';
import { collectSkills, registerTeamFitCommand } from './team-fit-command.ts';
import { registerTeamRoleCommands } from './team-role-commands.ts';

const skillsText = (skills: readonly MemberSkill[]) => skills.map((s) => `${s.skill} ${s.level}`).join(', ');

async function listPeople(project: string, flags: JsonFlag): Promise<void> {
  const { client } = await connect();
  const people = await client.team.people(project);
  if (flags.json) {
    printJson(people);
    return;
  }
  printTable(
    people.items,
    [
      { header: 'username', value: (p) => p.username },
      { header: 'roles', value: (p) => p.roles.join(', ') },
      { header: 'background', value: (p) => p.background ?? '-' },
      { header: 'skills', value: (p) => skillsText(p.skills) || '-' },
    ],
    `No members in '${project}'.`,
  );
}

interface ProfileFlags extends JsonFlag {
  background?: string;
  noBackground?: boolean;
  summary?: string;
  skill?: MemberSkill[];
  noSkills?: boolean;
}

async function profile(project: string, username: string, flags: ProfileFlags): Promise<void> {
  const change: ProfileChangeInput = {};
  if (flags.background !== undefined) change.background = flags.background;
  if (flags.noBackground) change.background = null;
  if (flags.summary !== undefined) change.summary = flags.summary;
  if (flags.skill !== undefined) change.skills = flags.skill;
  if (flags.noSkills) change.skills = [];
  const { client } = await connect();
  const person =
    Object.keys(change).length > 0
      ? await client.team.updatePerson(project, username, change)
      : await client.team.person(project, username);
  if (flags.json) {
    printJson(person);
    return;
  }
  printLine(
    `${person.displayName} (${person.username}) in '${project}': ${person.roles.join(', ') || 'no role'}`,
  );
  printLine(`Background: ${person.background ?? '-'}`);
  if (person.summary) printLine(`Summary: ${person.summary}`);
  printLine(`Skills: ${skillsText(person.skills) || '-'}`);
}

const SEVERITY_LABEL = { critical: 'CRITICAL', warning: 'WARNING', info: 'NOTE' } as const;

function printHealth(report: TeamHealthReport): void {
  const { summary, ratio } = report;
  printLine(
    `Team health of '${report.project}': ${summary.status.replace('_', ' ')} ` +
      `(${summary.critical} critical, ${summary.warning} warnings, ${summary.info} notes; ${summary.people} people)`,
  );
  for (const finding of report.findings) {
    printLine();
    printLine(`${SEVERITY_LABEL[finding.severity].padEnd(8)}  ${finding.title}`);
    printLine(`          ${finding.detail}`);
    printLine(`          -> ${finding.action}`);
  }
  const count = (status: string) => report.coverage.filter((c) => c.status === status).length;
  printLine();
  printLine(
    `Coverage: ${report.coverage.length} responsibilities, ${count('covered')} covered, ${count('uncovered')} uncovered, ` +
      `${count('unused')} assigned but not done, ${count('not_needed')} not needed`,
  );
  const r = ratio.ratio === null ? 'no ML engineer' : `${ratio.ratio} per ML engineer`;
  printLine(
    `Data scientists: ${ratio.dataScientists}, ML engineers: ${ratio.mlEngineers} (${r}; guidance ${ratio.min}-${ratio.max})`,
  );
  if (report.sensitiveAttributes.length > 0) {
    printLine(
      `Sensitive attributes: ${report.sensitiveAttributes.map((a) => `${a.name} (${a.source})`).join(', ')}`,
    );
  }
}

async function health(project: string, flags: JsonFlag): Promise<void> {
  const { client } = await connect();
  const report = await client.team.health(project);
  if (flags.json) printJson(report);
  else printHealth(report);
}

interface SettingsFlags extends JsonFlag {
  sensitive?: string;
  dsPerMle?: { min: number; max: number };
  maxRoles?: number;
  smallTeam?: number;
  notNeeded?: string;
}

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const parseRange = (value: string): { min: number; max: number } => {
  const match = /^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected a range such as 5-10');
  return { min: Number(match[1]), max: Number(match[2]) };
};

async function settings(project: string, flags: SettingsFlags): Promise<void> {
  const change: TeamSettingsInput = {};
  if (flags.sensitive !== undefined) change.sensitiveAttributes = list(flags.sensitive);
  if (flags.dsPerMle !== undefined) change.dsPerMle = flags.dsPerMle;
  if (flags.maxRoles !== undefined) change.maxRolesPerPerson = flags.maxRoles;
  if (flags.smallTeam !== undefined) change.smallTeamSize = flags.smallTeam;
  if (flags.notNeeded !== undefined) change.notNeeded = list(flags.notNeeded);
  const { client } = await connect();
  const current =
    Object.keys(change).length > 0
      ? await client.team.updateSettings(project, change)
      : await client.team.settings(project);
  if (flags.json) {
    printJson(current);
    return;
  }
  printLine(`Sensitive attributes:   ${current.sensitiveAttributes.join(', ') || '-'}`);
  printLine(`Data scientists per ML engineer: ${current.dsPerMle.min}-${current.dsPerMle.max}`);
  printLine(`Most team roles a person holds: ${current.maxRolesPerPerson}`);
  printLine(`A small team has at most: ${current.smallTeamSize} people`);
  printLine(`Responsibilities not needed: ${current.notNeeded.join(', ') || '-'}`);
}

export function registerTeamCommands(program: Command): void {
  const team = program
    .command('team')
    .description('The team lane: the role catalogue, people and their skills, role fit and team health');
  registerTeamRoleCommands(team);
  registerTeamFitCommand(team);

  withJson(
    team.command('people <project>').description('The team with roles, backgrounds and skills'),
  ).action((project: string, flags: JsonFlag) => runCommand(flags, () => listPeople(project, flags)));

  withJson(
    team
      .command('profile <project> <username>')
      .description(
        "Show a member's profile, or change it with the options (admins, product owners and managers)",
      )
      .option('-b, --background <background>', 'software developer, data analyst, researcher/PhD, ...')
      .option('--no-background', 'clear the background')
      .option('--summary <text>', 'a sentence or two about the person')
      .option(
        '-s, --skill <skill:level>',
        'a skill with a level 1-5; replaces the list; repeat or use commas',
        collectSkills,
      )
      .option('--no-skills', 'clear the skills'),
  ).action((project: string, username: string, flags: ProfileFlags & { skills?: boolean }) =>
    runCommand(flags, () => {
      // Commander turns --no-x into x: false.
      const background = flags.background as string | boolean | undefined;
      const fixed: ProfileFlags = {
        ...flags,
        background: typeof background === 'string' ? background : undefined,
        noBackground: background === false,
        noSkills: flags.skills === false,
      };
      if (fixed.noSkills && fixed.skill !== undefined)
        throw new CliError('usage', 'give --skill or --no-skills, not both');
      return profile(project, username, fixed);
    }),
  );

  withJson(
    team
      .command('health <project>')
      .description('Who covers each responsibility, and findings with a severity and a suggested action'),
  ).action((project: string, flags: JsonFlag) => runCommand(flags, () => health(project, flags)));

  withJson(
    team
      .command('settings <project>')
      .description('Show or change the team-health settings of a project')
      .option(
        '--sensitive <attributes>',
        'sensitive attributes in the data, comma-separated (age,sex); empty clears',
      )
      .option('--ds-per-mle <min-max>', 'data scientists per ML engineer guidance (default 5-10)', parseRange)
      .option('--max-roles <n>', 'team roles one person may hold (default 2)', integerIn(1, 20))
      .option('--small-team <n>', 'a team of at most this many is small (default 5)', integerIn(1, 1000))
      .option('--not-needed <keys>', 'responsibility keys the project does not need, comma-separated'),
  ).action((project: string, flags: SettingsFlags) => runCommand(flags, () => settings(project, flags)));
}
