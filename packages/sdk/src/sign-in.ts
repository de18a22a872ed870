import { endpoints, type Whoami } from '@baton/contracts';
import {
  type BatonClient,
  type BatonClientOptions,
  createBatonClient,
  DEFAULT_TIMEOUT_MS,
} from './client.ts';
import { BatonApiError, localProblem } from './errors.ts';
import { send } from './request.ts';

export interface SignInOptions extends Omit<BatonClientOptions, 'token'> {
  username: string;
  password: string;
}

/** A browser-style session held outside a browser: its cookie and CSRF token travel on every call. */
export interface BatonSession {
  /** A client acting as the signed-in user. */
  client: BatonClient;
  /** The user, memberships and CSRF token the login answered with. */
  whoami: Whoami;
  /** Ends the session on the server. */
  signOut(): Promise<void>;
}

// Only the `name=value` part of each Set-Cookie goes back; the attributes are for browsers.
// A `fetch` without getSetCookie (an older polyfill) folds the headers into one line.
function cookieHeader(response: Response): string {
  const headers = response.headers as Headers & { getSetCookie?: () => string[] };
  const lines = headers.getSetCookie?.() ?? (headers.get('set-cookie') ?? '').split(/,(?=\s*[^;=\s]+=)/);
  return lines
    .map((line) => line.split(';', 1)[0]?.trim() ?? '')
    .filter((pair) => pair.includes('='))
    .join('; ');
}

/**
 * Signs in with a username and password and returns a client bound to the new session. Its
 * main use is to create an API token, which is what scripts should hold (the CLI's
 * `baton login` does exactly this). Wrong credentials throw `invalid_credentials`.
 *
 * ```ts
 * const session = await signIn({ baseUrl, username: 'olivia', password });
 * const { secret } = await session.client.tokens.create({ name: 'laptop' });
 * await session.signOut();
 * const baton = createBatonClient({ baseUrl, token: secret });
 * ```
 */
export async function signIn(options: SignInOptions): Promise<BatonSession> {
  const { username, password, ...clientOptions } = options;
  const baseUrl = clientOptions.baseUrl.replace(/\/+$/, '');
  const { data, response } = await send(
    {
      baseUrl,
      fetch: clientOptions.fetch ?? globalThis.fetch,
      headers: { ...clientOptions.headers },
      timeoutMs: clientOptions.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    },
    endpoints.login,
    { body: { username, password } },
  );
  const cookie = cookieHeader(response);
  if (!cookie || !data.csrfToken) {
    const detail = `${baseUrl} accepted the sign-in but started no session (no cookie or CSRF token)`;
    throw new BatonApiError(localProblem('internal', response.status, detail), {
      method: endpoints.login.method,
      url: `${baseUrl}${endpoints.login.path}`,
    });
  }
  const client = createBatonClient({
    ...clientOptions,
    baseUrl,
    headers: { ...clientOptions.headers, cookie, 'x-baton-csrf': data.csrfToken },
  });
  return {
    client,
    whoami: data,
    signOut: async () => {
      await client.auth.logout();
    },
  };
}
