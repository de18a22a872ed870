import { readFile } from 'node:fs/promises';
import type { MemberSkill, RoleFitReport } from '@baton/contracts';
import { type Command, InvalidArgumentError } from 'commander';
import { CliError } from './cli-error.ts';
import { printJson, printLine, printTable } from './output.ts';
import { readStdin } from './password-prompt.ts';
import { connect, integerIn, type JsonFlag, runCommand, withJson } from './run-command.ts';

/** `python:4`, `k8s=3` or `SQL` (level 3); repeatable, or comma-separated. */
export const collectSkills = (value: string, previous: MemberSkill[] | undefined): MemberSkill[] => {
  const skills = [...(previous ?? [])];
  for (const item of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^(.*?)(?:[:=]\s*(\d+))?$/.exec(item);
    const skill = match?.[1]?.trim() ?? '';
    const level = match?.[2] === undefined ? 3 : Number(match[2]);
    if (!skill || !Number.isInteger(level) || level < 1 || level > 5) {
      throw new InvalidArgumentError(`'${item}' is not a skill with a level 1-5, such as python:4`);
    }
    skills.push({ skill, level });
  }
  return skills;
};

interface FitFlags extends JsonFlag {
  skill?: MemberSkill[];
  background?: string;
  text?: string;
  textFile?: string;
  top?: number;
}

async function readText(flags: FitFlags): Promise<string | undefined> {
  if (flags.text !== undefined && flags.textFile !== undefined) {
    throw new CliError('usage', 'give --text or --text-file, not both');
  }
  if (flags.textFile === '-') return readStdin();
  if (flags.textFile !== undefined) {
    try {
      return await readFile(flags.textFile, 'utf8');
    } catch (error) {
      throw new CliError('usage', `cannot read ${flags.textFile}: ${(error as Error).message}`);
    }
  }
  return flags.text;
}

function printReport(report: RoleFitReport, top: number): void {
  const who = report.subject.username ?? 'the candidate';
  const background = report.subject.background ? ` (${report.subject.background})` : '';
  printLine(`Role fit for ${who}${background}`);
  if (report.startingPoint) {
    const word = report.startingPoint.word ? ` (read from "${report.startingPoint.word}")` : '';
    printLine(
      `Starting point: ${report.startingPoint.background}${word} -> ${report.startingPoint.roles.join(', ')}`,
    );
  }
  if (report.recognised.length > 0) {
    printLine(
      `Recognised: ${report.recognised.map((r) => (r.word === r.skill ? r.word : `${r.word} = ${r.skill}`)).join(', ')}`,
    );
  }
  if (report.otherSkills.length > 0) printLine(`Other skills: ${report.otherSkills.join(', ')}`);
  printLine();
  printTable(
    report.ranking.slice(0, top).map((fit, i) => ({ ...fit, rank: i + 1 })),
    [
      { header: '#', value: (f) => String(f.rank) },
      { header: 'role', value: (f) => `${f.name}${f.startingRole ? ' *' : ''}${f.held ? ' (held)' : ''}` },
      { header: 'score', value: (f) => f.score.toFixed(1) },
      { header: 'matched', value: (f) => f.matched.map((m) => `${m.skill} ${m.level}`).join(', ') || '-' },
      { header: 'missing', value: (f) => f.missing.join(', ') || '-' },
    ],
    'No team roles in the catalogue.',
  );
  if (report.ranking.some((f) => f.startingRole)) printLine('* a usual starting role for the background');
}

async function fit(
  project: string | undefined,
  username: string | undefined,
  flags: FitFlags,
): Promise<void> {
  if (project !== undefined && username === undefined) {
    throw new CliError(
      'usage',
      'give a project and a username, or a candidate with --skill, --background or --text',
    );
  }
  const text = await readText(flags);
  const candidate = flags.skill !== undefined || flags.background !== undefined || text !== undefined;
  if (project !== undefined && candidate) {
    throw new CliError(
      'usage',
      'a member is fitted from their profile; leave out --skill, --background and --text',
    );
  }
  if (project === undefined && !candidate) {
    throw new CliError(
      'usage',
      'give <project> <username>, or a candidate with --skill, --background or --text',
    );
  }
  const { client } = await connect();
  const report =
    project !== undefined && username !== undefined
      ? await client.team.memberFit(project, username)
      : await client.team.fit({ skills: flags.skill ?? [], background: flags.background, text });
  if (flags.json) printJson(report);
  else printReport(report, flags.top ?? 5);
}

export function registerTeamFitCommand(team: Command): void {
  withJson(
    team
      .command('fit [project] [username]')
      .description(
        "Rank the roles for a member of a project, or for a candidate's skills, background or text",
      )
      .option(
        '-s, --skill <skill:level>',
        'a skill with a level 1-5 (python:4); repeat or separate with commas',
        collectSkills,
      )
      .option(
        '-b, --background <background>',
        'software developer, data analyst, researcher/PhD, product/business, ethics/policy',
      )
      .option(
        '-t, --text <text>',
        'a resume or a few sentences; synonyms such as k8s or sklearn are understood',
      )
      .option('--text-file <file>', 'read the text from a file, or - for stdin')
      .option('--top <n>', 'roles to show (default 5)', integerIn(1, 100)),
  ).action((project: string | undefined, username: string | undefined, flags: FitFlags) =>
    runCommand(flags, () => fit(project, username, flags)),
  );
}
