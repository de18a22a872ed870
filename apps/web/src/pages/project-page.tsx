import { endpoints, type Lane } from '@baton/contracts';
import { useEffect } from 'react';
import { LaneContent } from '../lanes/lane-content.tsx';
import { LaneNav } from '../lanes/lane-nav.tsx';
import { navigate } from '../router/history.ts';
import { Link } from '../router/link.tsx';
import { paths } from '../router/routes.ts';
import { landingLane, lanesOf } from '../session/role-lookup.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { AppHeader } from '../ui/app-header.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';

/** A project: the lane sidebar and the lane's page. Without a lane, lands on the person's own. */
export function ProjectPage({ slug, lane }: { slug: string; lane: Lane | null }) {
  const { api, catalogue } = useSignedIn();
  const project = useResource(
    () => api.call(endpoints.getProject, { params: { project: slug } }),
    [api, slug],
  );

  // Until the new project arrives, the previous one must not decide where to land.
  const data = project.data?.slug === slug ? project.data : undefined;
  const landing = data ? landingLane(catalogue, data.myRoles) : null;
  useEffect(() => {
    if (lane === null && landing) navigate(paths.lane(slug, landing), { replace: true });
  }, [lane, landing, slug]);

  if (!data) {
    return (
      <>
        <AppHeader />
        <main className="page">
          {project.error ? (
            <>
              <h1>Project {slug}</h1>
              <ErrorNotice error={project.error} title="This project cannot be opened." />
              <p>
                <Link to={paths.projects()}>Back to your projects</Link>
              </p>
            </>
          ) : (
            <Loading what="the project" />
          )}
        </main>
      </>
    );
  }

  const current = lane ?? landing ?? 'team';
  return (
    <>
      <AppHeader project={data} />
      <div className="project-layout">
        <aside className="sidebar">
          <p className="sidebar-project">{data.name}</p>
          <LaneNav slug={slug} current={current} mine={lanesOf(catalogue, data.myRoles)} />
        </aside>
        <main className="page project-main">
          <LaneContent lane={current} project={data} onProjectChanged={project.reload} />
        </main>
      </div>
    </>
  );
}
