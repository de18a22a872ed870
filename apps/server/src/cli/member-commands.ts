import type { Command } from 'commander';
import { formatTime, printJson, printLine, printTable } from './output.ts';
import { connect, type JsonFlag, runCommand, withJson } from './run-command.ts';

interface AddFlags extends JsonFlag {
  role: string[];
}

// `--role a --role b` and `--role a,b` both give ['a', 'b'].
const collectRoles = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  ...value
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean),
];

async function addMember(project: string, username: string, flags: AddFlags): Promise<void> {
  const { client } = await connect();
  const member = await client.members.set(project, username, flags.role);
  if (flags.json) {
    printJson(member);
    return;
  }
  printLine(`${member.username} in '${project}' now holds: ${member.roles.join(', ')}`);
}

async function listMembers(project: string, flags: JsonFlag): Promise<void> {
  const { client } = await connect();
  const members = await client.members.list(project);
  if (flags.json) {
    printJson(members);
    return;
  }
  printTable(
    members.items,
    [
      { header: 'username', value: (m) => m.username },
      { header: 'name', value: (m) => m.displayName },
      { header: 'roles', value: (m) => m.roles.join(', ') },
      { header: 'added (utc)', value: (m) => formatTime(m.addedAt) },
    ],
    `No members in '${project}'.`,
  );
}

async function removeMember(project: string, username: string, flags: JsonFlag): Promise<void> {
  const { client } = await connect();
  const member = await client.members.remove(project, username);
  if (flags.json) {
    printJson(member);
    return;
  }
  printLine(`Removed ${member.username} from '${project}'.`);
}

export function registerMemberCommands(program: Command): void {
  const member = program.command('member').description("Manage a project's team and their roles");

  withJson(
    member
      .command('add <project> <username>')
      .description("Add a member, or replace a member's roles with the ones given")
      .requiredOption(
        '-r, --role <role>',
        'a role key; repeat for several (see the role catalogue)',
        collectRoles,
      ),
  ).action((project: string, username: string, flags: AddFlags) =>
    runCommand(flags, () => addMember(project, username, flags)),
  );

  withJson(member.command('list <project>').description('The members of a project and their roles')).action(
    (project: string, flags: JsonFlag) => runCommand(flags, () => listMembers(project, flags)),
  );

  withJson(
    member.command('remove <project> <username>').description('Remove a member from a project'),
  ).action((project: string, username: string, flags: JsonFlag) =>
    runCommand(flags, () => removeMember(project, username, flags)),
  );
}
