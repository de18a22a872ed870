import { readFile, writeFile } from 'node:fs/promises';
import type { RoleDefinition } from '@baton/contracts';
import { BatonApiError } from '@baton/sdk';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { printJson, printLine, printNote, printTable } from './output.ts';
import { readStdin } from './password-prompt.ts';
import { connect, type JsonFlag, runCommand, withJson } from './run-command.ts';

async function listRoles(flags: JsonFlag): Promise<void> {
  const { client } = await connect();
  const catalogue = await client.roles.catalogue();
  if (flags.json) {
    printJson(catalogue);
    return;
  }
  printTable(
    catalogue.roles,
    [
      { header: 'key', value: (r) => r.key },
      { header: 'name', value: (r) => r.name },
      { header: 'lane', value: (r) => r.lane },
      { header: 'kind', value: (r) => r.kind },
      { header: 'resp.', value: (r) => String(r.responsibilities.length) },
      { header: 'purpose', value: (r) => r.purpose },
    ],
    'The role catalogue is empty.',
  );
}

function printRole(role: RoleDefinition): void {
  printLine(`${role.name} (${role.key}) · lane ${role.lane} · ${role.kind} role`);
  printLine(role.purpose);
  printLine();
  printLine('Responsibilities:');
  for (const r of role.responsibilities) {
    printLine(`  - ${r.title} [${r.key}, ${r.importance}]`);
    if (r.capabilities.length > 0) printLine(`      in Baton: ${r.capabilities.join('; ')}`);
    if (r.permissions.length > 0) printLine(`      permissions: ${r.permissions.join(', ')}`);
  }
  const list = (label: string, items: string[]) => printLine(`${label}: ${items.join(', ') || '-'}`);
  printLine();
  list('Skills', role.skills);
  list('Tools', role.tools);
  list('Typical backgrounds', role.backgrounds);
  list('Permissions', role.permissions);
}

async function showRole(key: string, flags: JsonFlag): Promise<void> {
  const { client } = await connect();
  const role = (await client.roles.catalogue()).roles.find((r) => r.key === key);
  if (!role)
    throw new CliError('not_found', `role '${key}' is not in the catalogue; \`baton team roles\` lists them`);
  if (flags.json) printJson(role);
  else printRole(role);
}

interface ExportFlags extends JsonFlag {
  output?: string;
}

async function exportRoles(flags: ExportFlags): Promise<void> {
  const { client } = await connect();
  const { yaml } = await client.team.exportRoles();
  if (flags.output) {
    await writeFile(flags.output, yaml);
    if (flags.json) printJson({ file: flags.output, bytes: Buffer.byteLength(yaml) });
    else printNote(`Wrote the role catalogue to ${flags.output}.`);
  } else if (flags.json) printJson({ yaml });
  else process.stdout.write(yaml);
}

interface ImportFlags extends JsonFlag {
  dryRun?: boolean;
}

async function readDocument(file: string): Promise<string> {
  if (file === '-') return readStdin();
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError('usage', `cannot read ${file}: ${(error as Error).message}`);
  }
}

async function importRoles(file: string, flags: ImportFlags): Promise<void> {
  const { client } = await connect();
  const yaml = await readDocument(file);
  try {
    const result = await client.team.importRoles(yaml, { dryRun: flags.dryRun === true });
    if (flags.json) {
      printJson(result);
      return;
    }
    const { added, changed, removed, unchanged } = result.changes;
    const part = (label: string, keys: string[]) =>
      `${keys.length} ${label}${keys.length ? ` (${keys.join(', ')})` : ''}`;
    const summary = `${part('added', added)}, ${part('changed', changed)}, ${part('removed', removed)}, ${unchanged} unchanged`;
    printLine(
      result.applied ? `Imported the role catalogue: ${summary}.` : `Dry run, nothing stored: ${summary}.`,
    );
  } catch (error) {
    // Every problem of the document, one per line, before the one-line summary.
    if (!flags.json && error instanceof BatonApiError && error.errors.length > 0) {
      for (const problem of error.errors) printNote(`  ${problem.path}: ${problem.message}`);
    }
    throw error;
  }
}

export function registerTeamRoleCommands(team: Command): void {
  const roles = team
    .command('roles')
    .description('The role catalogue: list, show, export and import as YAML');

  withJson(roles.command('list', { isDefault: true }).description('Every role of the catalogue')).action(
    (flags: JsonFlag) => runCommand(flags, () => listRoles(flags)),
  );

  withJson(
    roles
      .command('show <key>')
      .description('One role: responsibilities with their capabilities and permissions'),
  ).action((key: string, flags: JsonFlag) => runCommand(flags, () => showRole(key, flags)));

  withJson(
    roles
      .command('export')
      .description('The catalogue as YAML, on stdout or into a file')
      .option('-o, --output <file>', 'write the YAML to this file'),
  ).action((flags: ExportFlags) => runCommand(flags, () => exportRoles(flags)));

  withJson(
    roles
      .command('import <file>')
      .description('Replace the catalogue from a YAML file, or - for stdin (administrators)')
      .option('--dry-run', 'validate and show the changes without storing them'),
  ).action((file: string, flags: ImportFlags) => runCommand(flags, () => importRoles(file, flags)));
}
