import { type BatonClient, createBatonClient } from '@baton/sdk';
import { type Command, InvalidArgumentError } from 'commander';
import { BATON_VERSION } from '../version.ts';
import { reportError } from './cli-error.ts';
import { type Connection, resolveConnection } from './credentials.ts';

export interface JsonFlag {
  json?: boolean;
}

/** Adds `--json` to a command; every client command has it. */
export const withJson = (command: Command): Command =>
  command.option('--json', 'print the response as JSON on stdout (and errors as JSON on stderr)');

export const USER_AGENT = `baton-cli/${BATON_VERSION}`;

export function clientFor(url: string, token?: string): BatonClient {
  return createBatonClient({ baseUrl: url, token, headers: { 'user-agent': USER_AGENT } });
}

/** The client of the server the user signed in to (or BATON_URL/BATON_TOKEN). */
export async function connect(): Promise<{ client: BatonClient; connection: Connection }> {
  const connection = await resolveConnection(process.env);
  return { client: clientFor(connection.url, connection.token), connection };
}

/**
 * Runs a command body and turns any failure into a message on stderr and a stable exit code,
 * so no command prints a stack trace or exits with a code CI cannot read.
 */
export async function runCommand(flags: JsonFlag, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    process.exitCode = reportError(error, flags.json === true);
  }
}

/** A commander parser for a whole number in a range; anything else is a usage error. */
export const integerIn =
  (min: number, max: number) =>
  (raw: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return value;
  };
