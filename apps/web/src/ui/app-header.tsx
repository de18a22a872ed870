import { useState } from 'react';
import { navigate } from '../router/history.ts';
import { Link } from '../router/link.tsx';
import { paths } from '../router/routes.ts';
import { roleNames } from '../session/role-lookup.ts';
import { useSignedIn } from '../session/session-context.tsx';

interface AppHeaderProps {
  /** The project being shown, to say which roles the person holds in it. */
  project?: { name: string; myRoles: string[] };
}

/** The top bar: where you are, who is signed in and with which roles, and signing out. */
export function AppHeader({ project }: AppHeaderProps) {
  const { me, catalogue, signOut } = useSignedIn();
  const [leaving, setLeaving] = useState(false);
  const { user } = me;

  const onSignOut = async () => {
    setLeaving(true);
    try {
      await signOut();
    } finally {
      navigate(paths.login(), { replace: true });
    }
  };

  return (
    <header className="app-header">
      <Link to={paths.projects()} className="brand">
        Baton
      </Link>
      {project ? (
        <span className="header-project">
          <Link to={paths.projects()}>Projects</Link> / <span>{project.name}</span>
        </span>
      ) : null}
      <section className="whoami" aria-label="Signed in">
        <span>
          Signed in as <strong>{user.displayName || user.username}</strong>{' '}
          <span className="muted">({user.username})</span>
          {user.isAdmin ? <span className="badge">Baton admin</span> : null}
        </span>
        {project ? (
          <span className="whoami-roles">
            {project.myRoles.length > 0
              ? `Your roles here: ${roleNames(catalogue, project.myRoles).join(', ')}`
              : 'No role in this project'}
          </span>
        ) : null}
        <button type="button" className="button button-quiet" onClick={onSignOut} disabled={leaving}>
          Sign out
        </button>
      </section>
    </header>
  );
}
