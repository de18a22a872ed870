import type { ErrorCode, Problem } from '@baton/contracts';
import { BatonApiError } from '@baton/sdk';
import { CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { exitCodeOf, type LocalErrorCode } from './exit-codes.ts';

/** A failure the CLI reports itself: bad usage, missing credentials, a cancelled prompt. */
export class CliError extends Error {
  constructor(
    readonly code: ErrorCode | LocalErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type CliProblem = Omit<Problem, 'code'> & { code: ErrorCode | LocalErrorCode };

const TITLES: Partial<Record<ErrorCode | LocalErrorCode, string>> = {
  usage: 'Usage Error',
  config: 'Configuration Error',
  cancelled: 'Cancelled',
  unauthenticated: 'Not Signed In',
};

const localProblem = (code: ErrorCode | LocalErrorCode, detail: string): CliProblem => ({
  type: `https://baton.dev/problems/${code.replaceAll('_', '-')}`,
  title: TITLES[code] ?? 'Error',
  status: 0,
  detail,
  code,
});

// What to do next, for the failures a person can fix from the shell.
const HINTS: Partial<Record<ErrorCode | LocalErrorCode, string>> = {
  unauthenticated: 'run `baton login`',
  token_expired: 'run `baton login` for a new token',
  token_revoked: 'run `baton login` for a new token',
};

/** Any error as a problem: the server's own, or one made up for a local failure. */
export function problemFor(error: unknown): CliProblem {
  if (error instanceof BatonApiError) return error.problem;
  if (error instanceof CliError) return localProblem(error.code, error.message);
  if (error instanceof ConfigError) return localProblem('config', error.message);
  if (error instanceof CommanderError) return localProblem('usage', error.message);
  const message = error instanceof Error ? error.message : String(error);
  return localProblem('internal', message || 'unexpected failure');
}

/**
 * Prints an error on stderr, as one line (`baton: <detail> (<code>)`) or as the problem JSON,
 * and returns the exit code. Never a stack trace: the request id finds the server's log.
 */
export function reportError(error: unknown, json: boolean): number {
  const problem = problemFor(error);
  if (json) {
    process.stderr.write(`${JSON.stringify(problem)}\n`);
  } else {
    const hint = error instanceof BatonApiError ? HINTS[problem.code] : undefined;
    const request = problem.requestId && problem.status >= 500 ? `, request ${problem.requestId}` : '';
    process.stderr.write(`baton: ${problem.detail}${hint ? `; ${hint}` : ''} (${problem.code}${request})\n`);
  }
  return exitCodeOf(problem.code);
}
