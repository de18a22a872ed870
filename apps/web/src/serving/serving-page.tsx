import { endpoints, type Project } from '@baton/contracts';
import { useState } from 'react';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';
import { DeploymentPage } from './deployment-page.tsx';

/** The serving lane: the project's deployments, each opening its live page. */
export function ServingPage({ project }: { project: Project }) {
  const { api } = useSignedIn();
  const [open, setOpen] = useState<string | null>(null);
  const list = useResource(
    () => api.call(endpoints.listDeployments, { params: { project: project.slug } }),
    [api, project.slug, open],
  );
  if (open) return <DeploymentPage project={project} name={open} onBack={() => setOpen(null)} />;
  const items = list.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="deployments-heading">
      <h2 id="deployments-heading">Deployments</h2>
      <ErrorNotice error={list.error} />
      {!list.data && !list.error ? <Loading what="deployments" /> : null}
      {list.data && items.length === 0 ? (
        <p className="muted">
          No deployments yet: `baton deployment create {project.slug} NAME --model MODEL`.
        </p>
      ) : null}
      {items.length > 0 ? (
        <table className="table" aria-label="Deployments">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Model</th>
              <th scope="col">Serves</th>
              <th scope="col">Challenger</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td>
                  <button type="button" className="button button-quiet" onClick={() => setOpen(d.name)}>
                    {d.name}
                  </button>
                </td>
                <td>
                  {d.model}@{d.alias}
                </td>
                <td>{d.current ? `v${d.current.version}` : '-'}</td>
                <td>{d.challengerAlias ? `${d.challengerAlias} (${d.mode})` : '-'}</td>
                <td>{d.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
