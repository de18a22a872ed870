import type { ApiToken } from '@baton/contracts';
import type { Command } from 'commander';
import { formatTime, printJson, printLine, printNote, printTable } from './output.ts';
import { connect, integerIn, type JsonFlag, runCommand, withJson } from './run-command.ts';

interface CreateFlags extends JsonFlag {
  expiresInDays?: number;
}

const statusOf = (token: ApiToken, now = new Date().toISOString()): string => {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && token.expiresAt <= now) return 'expired';
  return 'active';
};

async function createToken(name: string, flags: CreateFlags): Promise<void> {
  const { client } = await connect();
  const created = await client.tokens.create({ name, expiresInDays: flags.expiresInDays });
  if (flags.json) {
    printJson(created);
    return;
  }
  const { token } = created;
  const expiry = token.expiresAt ? `expires ${formatTime(token.expiresAt)} UTC` : 'does not expire';
  // Only the secret goes to stdout, so `TOKEN=$(baton token create ci)` captures just it.
  printNote(`Created API token '${token.name}' (id ${token.id}, ${expiry}).`);
  printNote('Copy the secret now: it will not be shown again.');
  printLine(created.secret);
}

async function listTokens(flags: JsonFlag): Promise<void> {
  const { client, connection } = await connect();
  const tokens = await client.tokens.list();
  if (flags.json) {
    printJson(tokens);
    return;
  }
  const mine = connection.source === 'file' ? connection.stored?.tokenId : undefined;
  printTable(
    tokens.items,
    [
      { header: 'id', value: (t) => t.id },
      { header: 'name', value: (t) => (t.id === mine ? `${t.name} (this CLI)` : t.name) },
      { header: 'prefix', value: (t) => `${t.prefix}...` },
      { header: 'status', value: (t) => statusOf(t) },
      { header: 'created (utc)', value: (t) => formatTime(t.createdAt) },
      { header: 'expires', value: (t) => formatTime(t.expiresAt) },
      { header: 'last used', value: (t) => formatTime(t.lastUsedAt) },
    ],
    'No API tokens.',
  );
}

async function revokeToken(id: string, flags: JsonFlag): Promise<void> {
  const { client, connection } = await connect();
  const token = await client.tokens.revoke(id);
  if (flags.json) {
    printJson(token);
    return;
  }
  printLine(`Revoked API token '${token.name}' (${token.id}).`);
  if (connection.source === 'file' && connection.stored?.tokenId === token.id) {
    printNote('That was the token of this CLI; run `baton login` to sign in again.');
  }
}

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('Create, list and revoke your API tokens');

  withJson(
    token
      .command('create <name>')
      .description('Create an API token; the secret is printed once, on stdout')
      .option('--expires-in-days <days>', 'lifetime in days (default: never expires)', integerIn(1, 3650)),
  ).action((name: string, flags: CreateFlags) => runCommand(flags, () => createToken(name, flags)));

  withJson(token.command('list').description('List your API tokens (never their secrets)')).action(
    (flags: JsonFlag) => runCommand(flags, () => listTokens(flags)),
  );

  withJson(token.command('revoke <id>').description('Revoke one of your API tokens')).action(
    (id: string, flags: JsonFlag) => runCommand(flags, () => revokeToken(id, flags)),
  );
}
