import { endpoints } from '@baton/contracts';
import { navigate } from '../router/history.ts';
import { Link } from '../router/link.tsx';
import { paths } from '../router/routes.ts';
import { landingLane, roleNames } from '../session/role-lookup.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { AppHeader } from '../ui/app-header.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';
import { CreateProjectForm } from './create-project-form.tsx';

/** The project picker: the projects the person works on, and a form to start a new one. */
export function ProjectsPage() {
  const { api, me, catalogue, refresh } = useSignedIn();
  const projects = useResource(() => api.call(endpoints.listProjects), [api]);

  return (
    <>
      <AppHeader />
      <main className="page page-narrow">
        <h1>Your projects</h1>
        <p className="lead">
          {me.user.isAdmin
            ? 'As a Baton administrator you see every project.'
            : 'The projects you are a member of. Open one to go to your lane.'}
        </p>
        <ErrorNotice error={projects.error} title="The projects could not be loaded." />
        {projects.data ? (
          projects.data.items.length > 0 ? (
            <ul className="project-list">
              {projects.data.items.map((project) => (
                <li key={project.id} className="project-card">
                  <h2>
                    <Link to={paths.lane(project.slug, landingLane(catalogue, project.myRoles))}>
                      {project.name}
                    </Link>
                  </h2>
                  <p className="muted">
                    <code>{project.slug}</code>
                    {' · '}
                    {project.myRoles.length > 0
                      ? roleNames(catalogue, project.myRoles).join(', ')
                      : 'not a member'}
                  </p>
                  {project.description ? <p>{project.description}</p> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="notice notice-info">
              You are not on any project yet. Create one below, or ask a project admin to add you.
            </p>
          )
        ) : projects.loading ? (
          <Loading what="your projects" />
        ) : null}
        <CreateProjectForm
          onCreated={(project) => {
            // The new membership shows in the header's roles and the project list.
            void refresh();
            navigate(paths.project(project.slug));
          }}
        />
      </main>
    </>
  );
}
