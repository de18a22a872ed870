import { endpoints, type RoleCatalogue, type Whoami } from '@baton/contracts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type ApiClient, createApiClient } from '../api/api-client.ts';
import { ApiError } from '../api/api-error.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; error?: ApiError }
  | { status: 'signed-in'; me: Whoami; catalogue: RoleCatalogue };

export interface Session {
  api: ApiClient;
  state: SessionState;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Re-reads the signed-in user and their memberships, e.g. after joining a project. */
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Holds who is signed in, the CSRF token of their session and the role catalogue. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const api = useMemo(
    () => createApiClient({ onUnauthenticated: () => setState({ status: 'signed-out' }) }),
    [],
  );

  const adopt = useCallback(
    async (me: Whoami) => {
      api.setCsrfToken(me.csrfToken);
      const catalogue = await api.call(endpoints.getRoleCatalogue);
      setState({ status: 'signed-in', me, catalogue });
    },
    [api],
  );

  const refresh = useCallback(async () => {
    try {
      await adopt(await api.call(endpoints.whoami));
    } catch (error) {
      api.setCsrfToken(null);
      const failure = error instanceof ApiError && error.code !== 'unauthenticated' ? error : undefined;
      setState(failure ? { status: 'signed-out', error: failure } : { status: 'signed-out' });
    }
  }, [api, adopt]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      await adopt(await api.call(endpoints.login, { body: { username, password } }));
    },
    [api, adopt],
  );

  const signOut = useCallback(async () => {
    try {
      await api.call(endpoints.logout, { body: {} });
    } finally {
      api.setCsrfToken(null);
      setState({ status: 'signed-out' });
    }
  }, [api]);

  const session = useMemo(
    () => ({ api, state, signIn, signOut, refresh }),
    [api, state, signIn, signOut, refresh],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}

/** The session of a page that is only shown to a signed-in user. */
export function useSignedIn(): Session & { me: Whoami; catalogue: RoleCatalogue } {
  const session = useSession();
  if (session.state.status !== 'signed-in') throw new Error('this page needs a signed-in user');
  return { ...session, me: session.state.me, catalogue: session.state.catalogue };
}
