import type { Command } from 'commander';
import { formatTime, printJson, printLine, printTable } from './output.ts';
import { connect, type JsonFlag, runCommand, withJson } from './run-command.ts';

interface CreateFlags extends JsonFlag {
  name: string;
  description?: string;
}

async function createProject(slug: string, flags: CreateFlags): Promise<void> {
  const { client } = await connect();
  const project = await client.projects.create({ slug, name: flags.name, description: flags.description });
  if (flags.json) {
    printJson(project);
    return;
  }
  printLine(`Created project '${project.slug}' (${project.name}); you are its admin.`);
}

async function listProjects(flags: JsonFlag): Promise<void> {
  const { client } = await connect();
  const projects = await client.projects.list();
  if (flags.json) {
    printJson(projects);
    return;
  }
  printTable(
    projects.items,
    [
      { header: 'slug', value: (p) => p.slug },
      { header: 'name', value: (p) => p.name },
      { header: 'my roles', value: (p) => p.myRoles.join(', ') || '-' },
      { header: 'created (utc)', value: (p) => formatTime(p.createdAt) },
    ],
    'No projects.',
  );
}

export function registerProjectCommands(program: Command): void {
  const project = program.command('project').description('Create and list projects');

  withJson(
    project
      .command('create <slug>')
      .description('Create a project; you become its admin')
      .requiredOption('--name <name>', 'the display name')
      .option('--description <text>', 'what the project is for'),
  ).action((slug: string, flags: CreateFlags) => runCommand(flags, () => createProject(slug, flags)));

  withJson(
    project
      .command('list')
      .description('The projects you are a member of (all of them for an administrator)'),
  ).action((flags: JsonFlag) => runCommand(flags, () => listProjects(flags)));
}
