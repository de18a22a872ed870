import { endpoints, type Project, type ResponseOf } from '@baton/contracts';
import { useMemo, useState } from 'react';
import { asApiError } from '../api/api-error.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';
import { ComparePage } from './compare-page.tsx';
import { RunPage } from './run-page.tsx';
import { type GridColumn, VirtualGrid } from './virtual-grid.tsx';

type RunView = ResponseOf<typeof endpoints.getRun>;
type Sort = { column: string; ascending: boolean } | null;

const PAGE = 5000;
const show = (v: number | string | undefined) =>
  v === undefined ? '' : typeof v === 'number' ? String(Number(v.toPrecision(6))) : v;

/** The column a sort maps to in the search language (`metrics.auc`, `params.lr`, `attributes.start_time`). */
const orderTerm = (sort: Sort) => (sort ? [`${sort.column} ${sort.ascending ? 'ASC' : 'DESC'}`] : []);

/**
 * The tracking lane: pick an experiment, filter its runs with MLflow's search language, sort on
 * any column, choose which metric and param columns to show; click a run for its charts.
 */
export function TrackingPage({ project }: { project: Project }) {
  const { api } = useSignedIn();
  const [experiment, setExperiment] = useState<string>('');
  const [filterText, setFilterText] = useState('');
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<Sort>(null);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [openRun, setOpenRun] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [comparing, setComparing] = useState(false);
  const [extra, setExtra] = useState<{ runs: RunView[]; token: string | null } | null>(null);
  const [moreError, setMoreError] = useState<ReturnType<typeof asApiError>>();

  const experiments = useResource(
    () => api.call(endpoints.listExperiments, { params: { project: project.slug }, query: { limit: 1000 } }),
    [api, project.slug],
  );
  const runs = useResource(async () => {
    setExtra(null);
    return api.call(endpoints.searchRuns, {
      params: { project: project.slug },
      body: {
        ...(experiment ? { experimentIds: [experiment] } : {}),
        ...(filter ? { filter } : {}),
        orderBy: orderTerm(sort),
        maxResults: PAGE,
      },
    });
  }, [api, project.slug, experiment, filter, sort]);

  const all = useMemo<RunView[]>(
    () => [...(runs.data?.runs ?? []), ...(extra?.runs ?? [])],
    [runs.data, extra],
  );
  const metricKeys = useMemo(
    () => [...new Set(all.flatMap((r) => r.metrics.map((m) => m.key)))].sort(),
    [all],
  );
  const paramKeys = useMemo(() => [...new Set(all.flatMap((r) => Object.keys(r.params)))].sort(), [all]);

  if (openRun) return <RunPage project={project} runId={openRun} onBack={() => setOpenRun(null)} />;
  if (comparing)
    return <ComparePage project={project} runIds={selected} onBack={() => setComparing(false)} />;

  const sortable = (column: string) => ({
    sorted: sort?.column === column ? (sort.ascending ? ('asc' as const) : ('desc' as const)) : undefined,
    onSort: () =>
      setSort(
        sort?.column === column && !sort.ascending
          ? { column, ascending: true }
          : { column, ascending: false },
      ),
  });
  const toggle = (id: string) =>
    setSelected(selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]);
  const columns: GridColumn<RunView>[] = [
    {
      key: 'select',
      header: '',
      width: 32,
      cell: (r) => (
        <input
          type="checkbox"
          aria-label={`Select ${r.info.name}`}
          checked={selected.includes(r.info.id)}
          onChange={() => toggle(r.info.id)}
        />
      ),
    },
    {
      key: 'name',
      header: 'Run',
      width: 200,
      cell: (r) => (
        <button type="button" className="link-button" onClick={() => setOpenRun(r.info.id)}>
          {r.info.name}
        </button>
      ),
      ...sortable('attributes.run_name'),
    },
    {
      key: 'status',
      header: 'Status',
      width: 90,
      cell: (r) => r.info.status,
      ...sortable('attributes.status'),
    },
    {
      key: 'start',
      header: 'Started',
      width: 150,
      cell: (r) => new Date(r.info.startTime).toISOString().slice(0, 16).replace('T', ' '),
      ...sortable('attributes.start_time'),
    },
    ...metricKeys
      .filter((k) => !hidden.has(`m:${k}`))
      .map((k) => ({
        key: `m:${k}`,
        header: k,
        width: 110,
        cell: (r: RunView) => show(r.metrics.find((m) => m.key === k)?.value),
        ...sortable(`metrics.\`${k}\``),
      })),
    ...paramKeys
      .filter((k) => !hidden.has(`p:${k}`))
      .map((k) => ({
        key: `p:${k}`,
        header: `${k} (param)`,
        width: 110,
        cell: (r: RunView) => r.params[k] ?? '',
        ...sortable(`params.\`${k}\``),
      })),
  ];

  const loadMore = async () => {
    const token = extra ? extra.token : (runs.data?.nextPageToken ?? null);
    if (!token) return;
    try {
      const page = await api.call(endpoints.searchRuns, {
        params: { project: project.slug },
        body: {
          ...(experiment ? { experimentIds: [experiment] } : {}),
          ...(filter ? { filter } : {}),
          orderBy: orderTerm(sort),
          maxResults: PAGE,
          pageToken: token,
        },
      });
      setExtra({ runs: [...(extra?.runs ?? []), ...page.runs], token: page.nextPageToken });
    } catch (error) {
      setMoreError(asApiError(error));
    }
  };
  const nextToken = extra ? extra.token : (runs.data?.nextPageToken ?? null);

  return (
    <section aria-label="Tracking">
      <h2>Experiments and runs</h2>
      <ErrorNotice error={experiments.error} title="The experiments could not be loaded." />
      <form
        className="row"
        style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'end' }}
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(filterText.trim());
        }}
      >
        <label>
          Experiment{' '}
          <select value={experiment} onChange={(e) => setExperiment(e.target.value)}>
            <option value="">All experiments</option>
            {(experiments.data?.items ?? []).map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label style={{ flex: 1, minWidth: 320 }}>
          Filter{' '}
          <input
            style={{ width: '100%', fontFamily: 'monospace' }}
            value={filterText}
            placeholder="metrics.auc > 0.8 and params.lr = '0.1' and attributes.status = 'FINISHED'"
            onChange={(e) => setFilterText(e.target.value)}
            aria-label="Filter runs (MLflow search language)"
          />
        </label>
        <button type="submit" className="button button-primary">
          Search
        </button>
      </form>
      <ErrorNotice error={runs.error} title="The search failed." />
      <details>
        <summary>
          Columns ({metricKeys.length} metrics, {paramKeys.length} params)
        </summary>
        <div style={{ columns: 4, maxHeight: 200, overflow: 'auto' }}>
          {[...metricKeys.map((k) => `m:${k}`), ...paramKeys.map((k) => `p:${k}`)].map((key) => (
            <label key={key} style={{ display: 'block' }}>
              <input
                type="checkbox"
                checked={!hidden.has(key)}
                onChange={() => {
                  const next = new Set(hidden);
                  if (next.has(key)) next.delete(key);
                  else next.add(key);
                  setHidden(next);
                }}
              />{' '}
              {key.slice(2)} <span className="muted">{key.startsWith('m:') ? 'metric' : 'param'}</span>
            </label>
          ))}
        </div>
      </details>
      {runs.loading && !runs.data ? <Loading what="runs" /> : null}
      <p className="muted" aria-live="polite">
        {all.length} runs shown{nextToken ? ' (more match)' : ''}
        {nextToken ? (
          <>
            {' '}
            <button type="button" className="button" onClick={loadMore}>
              Load {PAGE} more
            </button>
          </>
        ) : null}
      </p>
      <ErrorNotice error={moreError} title="More runs could not be loaded." />
      <p>
        <button
          type="button"
          className="button button-primary"
          disabled={selected.length < 2}
          onClick={() => setComparing(true)}
        >
          Compare {selected.length} selected runs
        </button>{' '}
        {selected.length > 0 ? (
          <button type="button" className="button" onClick={() => setSelected([])}>
            Clear selection
          </button>
        ) : null}
      </p>
      <VirtualGrid<RunView> label="Runs" rows={all} columns={columns} rowKey={(r) => r.info.id} pinned={2} />
    </section>
  );
}
