import { Link } from '../router/link.tsx';
import { paths } from '../router/routes.ts';
import { AppHeader } from '../ui/app-header.tsx';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <>
      <AppHeader />
      <main className="page">
        <h1>Page not found</h1>
        <p>
          There is no page at <code>{path}</code>.
        </p>
        <p>
          <Link to={paths.projects()}>Go to your projects</Link>
        </p>
      </main>
    </>
  );
}
