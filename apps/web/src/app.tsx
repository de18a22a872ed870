import { useEffect } from 'react';
import { LoginPage } from './pages/login-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { ProjectPage } from './pages/project-page.tsx';
import { ProjectsPage } from './pages/projects-page.tsx';
import { navigate, queryParam, useLocation } from './router/history.ts';
import { parseRoute, paths, safeNext } from './router/routes.ts';
import { useSession } from './session/session-context.tsx';
import { RoleCataloguePage } from './team/role-catalogue-page.tsx';
import { Loading } from './ui/error-notice.tsx';

/** Picks the page for the URL; pages other than sign-in wait for a signed-in user. */
export function App() {
  const { state } = useSession();
  const { pathname, search } = useLocation();
  const route = parseRoute(pathname);
  const signedIn = state.status === 'signed-in';

  useEffect(() => {
    if (state.status === 'signed-out' && route.page !== 'login') {
      navigate(paths.login(pathname + search), { replace: true });
    }
    if (state.status === 'signed-in' && route.page === 'login') {
      navigate(safeNext(queryParam(search, 'next')), { replace: true });
    }
  }, [state.status, route.page, pathname, search]);

  useEffect(() => {
    document.title = titleOf(route.page);
  }, [route.page]);

  if (state.status === 'loading') {
    return (
      <main className="page">
        <Loading what="Baton" />
      </main>
    );
  }
  if (route.page === 'login' || !signedIn) return <LoginPage />;
  switch (route.page) {
    case 'projects':
      return <ProjectsPage />;
    case 'project':
      return <ProjectPage slug={route.slug} lane={route.lane} />;
    case 'roles':
      return <RoleCataloguePage />;
    case 'not-found':
      return <NotFoundPage path={route.path} />;
  }
}

function titleOf(page: string): string {
  if (page === 'login') return 'Sign in · Baton';
  if (page === 'projects') return 'Projects · Baton';
  if (page === 'roles') return 'Role catalogue · Baton';
  return 'Baton';
}
