import { endpoints, type Project } from '@baton/contracts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';
import { MetricChart } from './metric-chart.tsx';

const MAX_POINTS = 400;

function Chart({ project, runId, metric }: { project: Project; runId: string; metric: string }) {
  const { api } = useSignedIn();
  const history = useResource(
    () =>
      api.call(endpoints.getMetricHistory, {
        params: { project: project.slug, run: runId, key: metric },
        query: { maxPoints: MAX_POINTS },
      }),
    [api, project.slug, runId, metric],
  );
  if (history.error) return <ErrorNotice error={history.error} title={`${metric} could not be loaded.`} />;
  if (!history.data) return <Loading what={metric} />;
  return <MetricChart name={metric} points={history.data.points} total={history.data.total} />;
}

/** One run: status, params, tags, dataset inputs, artifacts and a chart per metric. */
export function RunPage({ project, runId, onBack }: { project: Project; runId: string; onBack: () => void }) {
  const { api } = useSignedIn();
  const run = useResource(
    () => api.call(endpoints.getRun, { params: { project: project.slug, run: runId } }),
    [api, project.slug, runId],
  );
  const artifacts = useResource(
    () =>
      api.call(endpoints.listRunArtifacts, {
        params: { project: project.slug, run: runId },
        query: { path: '' },
      }),
    [api, project.slug, runId],
  );
  if (run.error) return <ErrorNotice error={run.error} title="The run could not be loaded." />;
  if (!run.data) return <Loading what="run" />;
  const r = run.data;
  return (
    <section aria-label={`Run ${r.info.name}`}>
      <button type="button" className="button" onClick={onBack}>
        Back to runs
      </button>
      <h2>
        {r.info.name} <span className="muted">{r.info.status}</span>
      </h2>
      <p className="muted">
        {r.info.id} · started {new Date(r.info.startTime).toISOString()}
        {r.info.endTime ? ` · ended ${new Date(r.info.endTime).toISOString()}` : ''}
        {r.info.parentRunId ? ` · child of ${r.info.parentRunId}` : ''}
      </p>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }}>
        {r.metrics.map((m) => (
          <Chart key={m.key} project={project} runId={runId} metric={m.key} />
        ))}
      </div>
      <h3>Params</h3>
      <table>
        <tbody>
          {Object.entries(r.params).map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Tags</h3>
      <table>
        <tbody>
          {Object.entries(r.tags).map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v.length > 200 ? `${v.slice(0, 200)}…` : v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Dataset inputs</h3>
      {r.inputs.length === 0 ? <p className="muted">None recorded.</p> : null}
      <ul>
        {r.inputs.map((i) => (
          <li key={`${i.name}-${i.digest}`}>
            {i.name} <code>{i.digest.slice(0, 12)}</code>{' '}
            {i.datasetVersionId ? '(Baton dataset version)' : ''}
          </li>
        ))}
      </ul>
      <h3>Artifacts</h3>
      <ErrorNotice error={artifacts.error} />
      <ul>
        {(artifacts.data?.files ?? []).map((f) => (
          <li key={f.path}>{f.isDir ? `${f.path}/` : `${f.path} (${f.size} bytes)`}</li>
        ))}
      </ul>
    </section>
  );
}
