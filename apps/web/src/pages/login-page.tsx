import { type FormEvent, useState } from 'react';
import { type ApiError, asApiError } from '../api/api-error.ts';
import { useSession } from '../session/session-context.tsx';
import { ErrorNotice } from '../ui/error-notice.tsx';

/** Sign in with a Baton username and password; the app then returns to the page that asked for it. */
export function LoginPage() {
  const { signIn, state } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const startupError = state.status === 'signed-out' ? state.error : undefined;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username.trim(), password);
    } catch (failure) {
      setError(asApiError(failure));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="panel form login-form" aria-labelledby="login-heading" onSubmit={onSubmit}>
        <p className="brand brand-large">Baton</p>
        <h1 id="login-heading">Sign in</h1>
        <p className="muted">Where your ML team works, lane by lane.</p>
        <ErrorNotice error={startupError} title="Baton could not check your session." />
        <div className="field">
          <label htmlFor="login-username">Username</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        <ErrorNotice error={error} title="You are not signed in." />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
    </main>
  );
}
