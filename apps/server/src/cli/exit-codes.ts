import type { ErrorCode } from '@baton/contracts';

/** Failures the CLI finds itself, before or without asking a server. */
export type LocalErrorCode = 'usage' | 'config' | 'cancelled';

/**
 * The exit codes of `baton`, one per class of failure, so CI can branch on them.
 * Documented in `baton --help`; changing one breaks scripts.
 */
export const EXIT_CODES = {
  ok: 0,
  other: 1,
  usage: 2,
  unauthenticated: 3,
  forbidden: 4,
  notFound: 5,
  conflict: 6,
  badRequest: 7,
  unavailable: 8,
  gatesFailed: 9,
  cancelled: 130,
} as const;

/** The one place an error code becomes an exit code. Exhaustive: a new code fails to compile. */
export function exitCodeOf(code: ErrorCode | LocalErrorCode): number {
  switch (code) {
    case 'usage':
    case 'config':
      return EXIT_CODES.usage;
    case 'unauthenticated':
    case 'invalid_credentials':
    case 'token_expired':
    case 'token_revoked':
      return EXIT_CODES.unauthenticated;
    case 'forbidden':
    case 'csrf_failed':
      return EXIT_CODES.forbidden;
    case 'not_found':
    case 'route_not_found':
      return EXIT_CODES.notFound;
    case 'conflict':
    case 'precondition_failed':
      return EXIT_CODES.conflict;
    case 'bad_request':
    case 'invalid_json':
    case 'invalid_onnx':
    case 'signature_mismatch':
    case 'unsupported_media_type':
    case 'payload_too_large':
    case 'method_not_allowed':
      return EXIT_CODES.badRequest;
    case 'unavailable':
      return EXIT_CODES.unavailable;
    case 'gates_failed':
      return EXIT_CODES.gatesFailed;
    case 'cancelled':
      return EXIT_CODES.cancelled;
    case 'internal':
      return EXIT_CODES.other;
  }
}

export const EXIT_CODE_HELP = `
Exit codes:
  0    success
  1    any other failure (a server error, a bug)
  2    usage or configuration error (bad arguments, unreadable credentials)
  3    not signed in, wrong password, API token expired or revoked
  4    forbidden: your roles do not grant this
  5    not found (or a project you are not a member of)
  6    conflict (the name is taken, a precondition failed)
  7    bad request (the server refused the input)
  8    server unavailable (cannot connect, timeout, 503)
  9    a promotion blocked by its gates (every failing gate is printed)
  130  cancelled (Ctrl-C at a prompt)

Environment:
  BATON_URL, BATON_TOKEN  use this server and API token instead of the stored credentials (CI)
  BATON_CONFIG_DIR        where \`baton login\` stores credentials.json (default ~/.config/baton)
`;
