import { type DatasetVersion, endpoints, type Project } from '@baton/contracts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { formatTime } from '../ui/format.ts';
import { useResource } from '../ui/use-resource.ts';

/** The quality results of a version: one table per suite run, failing values shown. */
export function QualityView({ project, version }: { project: Project; version: DatasetVersion }) {
  const { api } = useSignedIn();
  const params = { project: project.slug, dataset: version.dataset, version: String(version.number) };
  const runs = useResource(
    () => api.call(endpoints.listQualityRuns, { params }),
    [api, project.slug, version.id],
  );
  if (runs.error) return <ErrorNotice error={runs.error} title="The quality results could not be loaded." />;
  if (!runs.data) return <Loading what="quality results" />;
  return (
    <section aria-labelledby="quality-heading">
      <h3 id="quality-heading">
        Quality of {version.dataset}@{version.number}:{' '}
        <span className={`status status-${runs.data.validation}`}>{runs.data.validation}</span>
      </h3>
      {runs.data.items.length === 0 ? (
        <p className="muted">No quality suite has run on this version.</p>
      ) : null}
      {runs.data.items.map((run) => (
        <div key={run.id}>
          <h4>
            Suite {run.suite}: {run.status} <span className="muted">({formatTime(run.finishedAt)})</span>
          </h4>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Result</th>
                <th scope="col">Elements</th>
                <th scope="col">Unexpected</th>
                <th scope="col">Sample of failing values</th>
              </tr>
            </thead>
            <tbody>
              {run.results.map((r) => (
                <tr key={r.index}>
                  <th scope="row">{r.name}</th>
                  <td>
                    <span className={`status status-${r.success ? 'succeeded' : 'failed'}`}>
                      {r.success ? 'pass' : 'fail'}
                    </span>
                  </td>
                  <td>{r.elementCount}</td>
                  <td>
                    {r.unexpectedCount} ({r.unexpectedPercent.toFixed(2)}%)
                  </td>
                  <td>
                    <code>
                      {r.error ??
                        JSON.stringify(r.sample.slice(0, 5)) +
                          (r.observed !== undefined ? ` observed ${JSON.stringify(r.observed)}` : '')}
                    </code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
