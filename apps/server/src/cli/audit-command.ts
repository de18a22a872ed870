import type { Command } from 'commander';
import { formatTime, printJson, printNote, printTable } from './output.ts';
import { connect, integerIn, type JsonFlag, runCommand, withJson } from './run-command.ts';

interface AuditFlags extends JsonFlag {
  project?: string;
  limit?: number;
  action?: string;
  actor?: string;
  cursor?: string;
}

async function showAudit(flags: AuditFlags): Promise<void> {
  const { client } = await connect();
  const query = { limit: flags.limit, action: flags.action, actor: flags.actor, cursor: flags.cursor };
  const page = flags.project
    ? await client.audit.listProject(flags.project, query)
    : await client.audit.list(query);
  if (flags.json) {
    printJson(page);
    return;
  }
  printTable(
    page.items,
    [
      { header: 'time (utc)', value: (e) => formatTime(e.at) },
      { header: 'actor', value: (e) => e.actorName },
      { header: 'action', value: (e) => e.action },
      { header: 'summary', value: (e) => e.summary },
    ],
    'No audit entries.',
  );
  if (page.nextCursor) printNote(`More entries: add --cursor ${page.nextCursor}`);
}

export function registerAuditCommand(program: Command): void {
  withJson(
    program
      .command('audit')
      .description("The audit log, newest first: a project's (--project) or the whole log (administrators)")
      .option('-p, --project <slug>', "show this project's log")
      .option('-n, --limit <n>', 'entries per page, 1-500 (default 50)', integerIn(1, 500))
      .option('--action <action>', 'only this action, such as member.add or token.revoke')
      .option('--actor <username>', 'only what this user did')
      .option('--cursor <cursor>', 'the next page, as printed after the previous one'),
  ).action((flags: AuditFlags) => runCommand(flags, () => showAudit(flags)));
}
