import { hostname } from 'node:os';
import { BatonApiError, type BatonClient, signIn } from '@baton/sdk';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import {
  credentialsFile,
  deleteCredentials,
  normalizeUrl,
  readCredentials,
  writeCredentials,
} from './credentials.ts';
import { printJson, printLine, printNote, printTable } from './output.ts';
import { prompt, promptHidden, readStdin, stdinIsTerminal } from './password-prompt.ts';
import { clientFor, connect, type JsonFlag, runCommand, USER_AGENT, withJson } from './run-command.ts';

const DEFAULT_URL = 'http://127.0.0.1:8080';

interface LoginFlags extends JsonFlag {
  url?: string;
  username?: string;
  passwordStdin?: boolean;
}

async function askUsername(flags: LoginFlags): Promise<string> {
  if (flags.username) return flags.username;
  if (!stdinIsTerminal()) throw new CliError('usage', 'give --username (stdin is not a terminal)');
  const username = await prompt('Username: ');
  if (!username) throw new CliError('usage', 'a username is needed');
  return username;
}

async function askPassword(flags: LoginFlags): Promise<string> {
  if (flags.passwordStdin) {
    const password = await readStdin();
    if (!password) throw new CliError('usage', '--password-stdin was given but stdin is empty');
    return password;
  }
  if (!stdinIsTerminal()) {
    throw new CliError('usage', 'stdin is not a terminal: pipe the password in with --password-stdin');
  }
  return promptHidden('Password: ');
}

// Signing in again replaces the CLI token; the old one would otherwise stay valid unseen.
async function revokeQuietly(client: BatonClient, tokenId: string | undefined): Promise<void> {
  if (!tokenId) return;
  await client.tokens.revoke(tokenId).catch((error: unknown) => {
    if (!(error instanceof BatonApiError)) throw error;
  });
}

async function login(flags: LoginFlags): Promise<void> {
  const stored = await readCredentials(process.env);
  const url = normalizeUrl(flags.url ?? (process.env.BATON_URL || stored?.url || DEFAULT_URL));
  const username = await askUsername(flags);
  const password = await askPassword(flags);
  const session = await signIn({ baseUrl: url, username, password, headers: { 'user-agent': USER_AGENT } });
  const { token, secret } = await session.client.tokens.create({ name: `cli@${hostname()}` });
  // The old token revokes itself, so this works when someone else signs in on this machine.
  if (stored && normalizeUrl(stored.url) === url) {
    await revokeQuietly(clientFor(url, stored.token), stored.tokenId);
  }
  await session.signOut().catch(() => undefined);
  const file = await writeCredentials(process.env, {
    url,
    token: secret,
    tokenId: token.id,
    username: session.whoami.user.username,
    createdAt: token.createdAt,
  });
  if (flags.json) {
    printJson({ url, user: session.whoami.user, token, credentialsFile: file });
    return;
  }
  printLine(`Signed in to ${url} as ${session.whoami.user.username}.`);
  printLine(`API token '${token.name}' (${token.prefix}...) saved in ${file}`);
}

// A token the server no longer accepts needs no revoking; any other failure is worth a warning.
const GONE = new Set(['unauthenticated', 'token_revoked', 'token_expired', 'not_found']);

async function logout(flags: JsonFlag): Promise<void> {
  const stored = await readCredentials(process.env);
  const file = credentialsFile(process.env);
  if (!stored) {
    if (flags.json) printJson({ url: null, revoked: false, credentialsFile: file });
    else printLine('Not signed in; nothing to do.');
    if (process.env.BATON_TOKEN) printNote('BATON_TOKEN is set in the environment; unset it yourself.');
    return;
  }
  const url = normalizeUrl(stored.url);
  let revoked = false;
  let warning: string | undefined;
  if (stored.tokenId) {
    try {
      await clientFor(url, stored.token).tokens.revoke(stored.tokenId);
      revoked = true;
    } catch (error) {
      if (!(error instanceof BatonApiError)) throw error;
      if (!GONE.has(error.code)) warning = `${error.detail} (${error.code})`;
    }
  } else {
    warning = 'the credentials do not name their token';
  }
  await deleteCredentials(process.env);
  if (warning)
    printNote(`baton: the API token was not revoked: ${warning}; revoke it with \`baton token revoke\``);
  if (flags.json) printJson({ url, revoked, credentialsFile: file });
  else printLine(`Signed out of ${url}${revoked ? '; the API token is revoked' : ''}.`);
}

async function whoami(flags: JsonFlag): Promise<void> {
  const { client, connection } = await connect();
  const me = await client.auth.whoami();
  if (flags.json) {
    printJson(me);
    return;
  }
  const { user } = me;
  const name = user.displayName && user.displayName !== user.username ? ` (${user.displayName})` : '';
  printLine(`${user.username}${name} on ${connection.url}${user.isAdmin ? ', administrator' : ''}`);
  printLine(
    `Signed in with an API token from ${connection.source === 'file' ? 'baton login' : 'BATON_TOKEN'}.`,
  );
  printLine();
  printTable(
    me.memberships,
    [
      { header: 'project', value: (m) => m.projectSlug },
      { header: 'name', value: (m) => m.projectName },
      { header: 'roles', value: (m) => m.roles.join(', ') },
    ],
    'Not a member of any project.',
  );
}

export function registerAuthCommands(program: Command): void {
  withJson(
    program
      .command('login')
      .description('Sign in and store an API token for the CLI in $BATON_CONFIG_DIR/credentials.json')
      .option('--url <url>', `the Baton server (BATON_URL, else the stored one, else ${DEFAULT_URL})`)
      .option('-u, --username <username>', 'who signs in (asked when stdin is a terminal)')
      .option('--password-stdin', 'read the password from stdin, for scripts'),
  ).action((flags: LoginFlags) => runCommand(flags, () => login(flags)));

  withJson(
    program.command('logout').description('Revoke the CLI token and delete the stored credentials'),
  ).action((flags: JsonFlag) => runCommand(flags, () => logout(flags)));

  withJson(
    program.command('whoami').description('Show who you are signed in as, and your projects and roles'),
  ).action((flags: JsonFlag) => runCommand(flags, () => whoami(flags)));
}
