import { endpoints, type Project, type ResponseOf } from '@baton/contracts';
import { useMemo, useState } from 'react';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';
import { OverlayChart } from './overlay-chart.tsx';
import { type Axis, ParallelCoordinates } from './parallel-coordinates.tsx';
import { differingParams, ParamDiff } from './param-diff.tsx';

type RunView = ResponseOf<typeof endpoints.getRun>;

const quote = (s: string) => `'${s.replace(/'/g, "\\'")}'`;

/** The default axes: the params that differ, then the metrics, a few of each. */
function defaultAxes(runs: RunView[], metricKeys: string[]): string[] {
  return [
    ...differingParams(runs.map(runDiff))
      .slice(0, 4)
      .map((k) => `param:${k}`),
    ...metricKeys.slice(0, 3).map((k) => `metric:${k}`),
  ];
}

const runDiff = (r: RunView) => ({ id: r.info.id, name: r.info.name, params: r.params });

/**
 * Selected runs side by side: a metric's curves overlaid, the params with differences
 * highlighted, and parallel coordinates over the params and metrics chosen.
 */
export function ComparePage({
  project,
  runIds,
  onBack,
}: {
  project: Project;
  runIds: string[];
  onBack: () => void;
}) {
  const { api } = useSignedIn();
  const runs = useResource(async () => {
    const page = await api.call(endpoints.searchRuns, {
      params: { project: project.slug },
      body: {
        filter: `attributes.run_id IN (${runIds.map(quote).join(', ')})`,
        maxResults: runIds.length,
        viewType: 'ALL',
      },
    });
    const byId = new Map(page.runs.map((r) => [r.info.id, r]));
    return runIds.flatMap((id) => byId.get(id) ?? []);
  }, [api, project.slug, runIds.join(',')]);
  const list = runs.data ?? [];
  const metricKeys = useMemo(
    () => [...new Set(list.flatMap((r) => r.metrics.map((m) => m.key)))].sort(),
    [list],
  );
  const paramKeys = useMemo(() => [...new Set(list.flatMap((r) => Object.keys(r.params)))].sort(), [list]);
  const [metric, setMetric] = useState<string | null>(null);
  const [axes, setAxes] = useState<string[] | null>(null);

  if (runs.error) return <ErrorNotice error={runs.error} title="The runs could not be loaded." />;
  if (!runs.data) return <Loading what="runs to compare" />;
  const shownMetric = metric ?? metricKeys[0] ?? null;
  const chosen = axes ?? defaultAxes(list, metricKeys);
  const axisData: Axis[] = chosen.map((id) => {
    const [kind, ...rest] = id.split(':');
    const key = rest.join(':');
    return {
      id,
      label: kind === 'metric' ? key : `${key} (param)`,
      values: list.map((r) =>
        kind === 'metric' ? r.metrics.find((m) => m.key === key)?.value : r.params[key],
      ),
    };
  });
  const toggleAxis = (id: string) =>
    setAxes(chosen.includes(id) ? chosen.filter((a) => a !== id) : [...chosen, id]);

  return (
    <section aria-label="Compare runs">
      <button type="button" className="button" onClick={onBack}>
        Back to runs
      </button>
      <h2>Comparing {list.length} runs</h2>
      <p className="muted">{list.map((r) => r.info.name).join(', ')}</p>

      <h3>Metric curves</h3>
      {metricKeys.length === 0 ? (
        <p className="muted">These runs have no metrics.</p>
      ) : (
        <>
          <label>
            Metric{' '}
            <select value={shownMetric ?? ''} onChange={(e) => setMetric(e.target.value)}>
              {metricKeys.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          {shownMetric ? (
            <OverlayChart
              project={project}
              runs={list.map((r) => ({ id: r.info.id, name: r.info.name }))}
              metric={shownMetric}
            />
          ) : null}
        </>
      )}

      <h3>Params</h3>
      <ParamDiff runs={list.map(runDiff)} />

      <h3>Parallel coordinates</h3>
      <fieldset aria-label="Axes">
        <legend>Axes</legend>
        {[...paramKeys.map((k) => `param:${k}`), ...metricKeys.map((k) => `metric:${k}`)].map((id) => (
          <label key={id} style={{ marginRight: 12 }}>
            <input type="checkbox" checked={chosen.includes(id)} onChange={() => toggleAxis(id)} />{' '}
            {id.replace(/^param:(.*)$/, '$1 (param)').replace(/^metric:/, '')}
          </label>
        ))}
      </fieldset>
      <ParallelCoordinates runs={list.map((r) => ({ id: r.info.id, name: r.info.name }))} axes={axisData} />
    </section>
  );
}
