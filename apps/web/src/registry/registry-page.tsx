import { endpoints, type Project } from '@baton/contracts';
import { useState } from 'react';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';
import { ModelPage } from './model-page.tsx';

const when = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

/** The registry lane: the project's registered models; open one for its versions, aliases and gates. */
export function RegistryPage({ project }: { project: Project }) {
  const { api } = useSignedIn();
  const [filterText, setFilterText] = useState('');
  const [filter, setFilter] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const models = useResource(
    () =>
      api.call(endpoints.listRegisteredModels, {
        params: { project: project.slug },
        query: { limit: 500, ...(filter ? { filter } : {}) },
      }),
    [api, project.slug, filter, open],
  );
  if (open) return <ModelPage project={project} name={open} onBack={() => setOpen(null)} />;
  return (
    <section className="panel" aria-labelledby="models-heading">
      <h2 id="models-heading">Registered models</h2>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(filterText.trim());
        }}
      >
        <label className="field">
          <span>Filter (MLflow search language)</span>
          <input
            value={filterText}
            placeholder="name LIKE 'churn%' and tags.team = 'risk'"
            onChange={(e) => setFilterText(e.target.value)}
          />
        </label>
      </form>
      <ErrorNotice error={models.error} />
      {!models.data && !models.error ? <Loading what="models" /> : null}
      {models.data && models.data.items.length === 0 ? (
        <p className="muted">No registered models yet. Register a run's model with `baton model register`.</p>
      ) : null}
      {models.data && models.data.items.length > 0 ? (
        <table className="table" aria-label="Registered models">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Latest</th>
              <th scope="col">Aliases</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {models.data.items.map((m) => (
              <tr key={m.id}>
                <td>
                  <button type="button" className="button button-quiet" onClick={() => setOpen(m.name)}>
                    {m.name}
                  </button>
                </td>
                <td>{m.latestVersion === null ? '-' : `v${m.latestVersion}`}</td>
                <td>
                  {Object.entries(m.aliases).map(([alias, v]) => (
                    <span key={alias} className="chip">
                      @{alias} v{v}
                    </span>
                  ))}
                </td>
                <td className="nowrap">{when(m.lastUpdateTime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
