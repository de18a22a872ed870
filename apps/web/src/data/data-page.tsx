import {
  type Dataset,
  type DatasetVersion,
  endpoints,
  type Project,
  type SchemaDiff,
} from '@baton/contracts';
import { navigate, queryParam, useLocation, withParams } from '../router/history.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { formatTime } from '../ui/format.ts';
import { useResource } from '../ui/use-resource.ts';
import { ProfileView } from './profile-view.tsx';
import { QualityView } from './quality-view.tsx';
import { QueryPanel } from './query-panel.tsx';
import { UploadForm } from './upload-form.tsx';

function DiffCell({ diff }: { diff: SchemaDiff | null }) {
  if (!diff) return <span className="muted">first version</span>;
  const parts = [
    ...diff.added.map((c) => ({ key: `+${c.name}`, text: `+ ${c.name} (${c.type})`, colour: '#1f7a3a' })),
    ...diff.removed.map((c) => ({ key: `-${c.name}`, text: `- ${c.name}`, colour: '#b02a2a' })),
    ...diff.retyped.map((c) => ({
      key: `~${c.name}`,
      text: `~ ${c.name}: ${c.from} -> ${c.to}`,
      colour: '#8a5a00',
    })),
  ];
  if (parts.length === 0) return <span className="muted">no schema change</span>;
  return (
    <ul style={{ margin: 0, paddingLeft: 16 }} aria-label="Schema changes">
      {parts.map((p) => (
        <li key={p.key} style={{ color: p.colour }}>
          {p.text}
        </li>
      ))}
    </ul>
  );
}

const TABS = ['profile', 'quality', 'schema'] as const;
type Tab = (typeof TABS)[number];
const tabOf = (value: string | null): Tab => TABS.find((t) => t === value) ?? 'profile';

function VersionHistory({
  dataset,
  versions,
  onPick,
  picked,
}: {
  dataset: Dataset;
  versions: ReturnType<typeof useVersions>;
  picked: number | null;
  onPick: (v: DatasetVersion) => void;
}) {
  if (versions.error) return <ErrorNotice error={versions.error} title="The versions could not be loaded." />;
  if (!versions.data) return <Loading what="versions" />;
  return (
    <table className="table" aria-label={`Versions of ${dataset.name}`}>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Rows</th>
          <th scope="col">Validation</th>
          <th scope="col">Created</th>
          <th scope="col">Schema change</th>
        </tr>
      </thead>
      <tbody>
        {versions.data.items.map((v) => (
          <tr key={v.id} aria-selected={picked === v.number}>
            <th scope="row">
              <button type="button" className="button button-quiet" onClick={() => onPick(v)}>
                {dataset.name}@{v.number}
              </button>
            </th>
            <td>{v.rowCount}</td>
            <td>
              <span className={`status status-${v.validation}`}>{v.validation}</span>
            </td>
            <td>
              {formatTime(v.createdAt)} <span className="muted">by {v.createdBy}</span>
            </td>
            <td>
              <DiffCell diff={v.schemaDiff} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function useVersions(project: Project, dataset: Dataset | undefined) {
  const { api } = useSignedIn();
  return useResource(
    () =>
      dataset
        ? api.call(endpoints.listVersions, { params: { project: project.slug, dataset: dataset.name } })
        : Promise.resolve({ items: [] as DatasetVersion[] }),
    [api, project.slug, dataset?.name, dataset?.versionCount],
  );
}

function VersionDetail({
  project,
  version,
  tags,
  tab,
  setTab,
}: {
  project: Project;
  version: DatasetVersion;
  tags: Dataset['tags'];
  tab: Tab;
  setTab: (tab: Tab) => void;
}) {
  return (
    <section className="panel" aria-label={`Version ${version.dataset}@${version.number}`}>
      <div role="tablist">
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={`button ${tab === t ? 'button-primary' : 'button-quiet'}`}
            onClick={() => setTab(t)}
          >
            {t === 'profile' ? 'Profile' : t === 'quality' ? 'Quality' : 'Schema'}
          </button>
        ))}
      </div>
      {tab === 'profile' ? <ProfileView project={project} version={version} /> : null}
      {tab === 'quality' ? <QualityView project={project} version={version} /> : null}
      {tab === 'schema' ? (
        <table className="table" aria-label="Schema">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Has nulls</th>
              <th scope="col">Roles</th>
            </tr>
          </thead>
          <tbody>
            {version.columns.map((c) => (
              <tr key={c.name}>
                <th scope="row">{c.name}</th>
                <td>
                  <code>{c.type}</code>
                </td>
                <td>{c.nullable ? 'yes' : 'no'}</td>
                <td>{tags[c.name]?.join(', ') ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="muted">
        sha256 <code>{version.digest}</code> ·{' '}
        <a
          href={`/api/v1/projects/${encodeURIComponent(project.slug)}/datasets/${version.dataset}/versions/${version.number}/parquet`}
        >
          download Parquet
        </a>
      </p>
    </section>
  );
}

/**
 * The data lane: datasets, their version history with schema diffs, profiles, quality results
 * and SQL. The selected dataset, version and tab live in the URL (`?dataset=&version=&tab=`),
 * so a reload or the back button shows the same view.
 */
export function DataPage({ project }: { project: Project }) {
  const { api } = useSignedIn();
  const location = useLocation();
  const datasets = useResource(
    () => api.call(endpoints.listDatasets, { params: { project: project.slug } }),
    [api, project.slug],
  );
  const selected = queryParam(location.search, 'dataset');
  const picked = Number(queryParam(location.search, 'version') ?? Number.NaN);
  const tab = tabOf(queryParam(location.search, 'tab'));
  const select = (changes: Record<string, string | null>) => navigate(withParams(location, changes));
  const canWrite = project.myPermissions.includes('data.write');
  const current = datasets.data?.items.find((d) => d.name === selected) ?? datasets.data?.items[0];
  const versions = useVersions(project, current);
  const shown =
    (Number.isInteger(picked)
      ? versions.data?.items.find((v) => v.number === picked && v.datasetId === current?.id)
      : undefined) ??
    current?.latest ??
    null;

  return (
    <div className="data-lane">
      {canWrite ? (
        <UploadForm
          project={project}
          dataset={current?.name}
          onUploaded={(v) => {
            select({ dataset: v.dataset, version: String(v.number) });
            datasets.reload();
          }}
        />
      ) : null}
      <section className="panel" aria-labelledby="datasets-heading">
        <h2 id="datasets-heading">Datasets</h2>
        <ErrorNotice error={datasets.error} title="The datasets could not be loaded." />
        {datasets.loading && !datasets.data ? <Loading what="datasets" /> : null}
        {datasets.data && datasets.data.items.length === 0 ? <p className="muted">No datasets yet.</p> : null}
        {datasets.data && datasets.data.items.length > 0 ? (
          <table className="table" aria-label="Datasets">
            <thead>
              <tr>
                <th scope="col">Dataset</th>
                <th scope="col">Versions</th>
                <th scope="col">Latest rows</th>
                <th scope="col">Validation</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {datasets.data.items.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <button
                      type="button"
                      className="button button-quiet"
                      aria-current={current?.name === d.name ? 'true' : undefined}
                      onClick={() => select({ dataset: d.name, version: null })}
                    >
                      {d.name}
                    </button>
                  </th>
                  <td>{d.versionCount}</td>
                  <td>{d.latest?.rowCount ?? '-'}</td>
                  <td>
                    {d.latest ? (
                      <span className={`status status-${d.latest.validation}`}>{d.latest.validation}</span>
                    ) : (
                      '-'
                    )}
                  </td>
                  <td>{formatTime(d.latest?.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {current ? (
        <section className="panel" aria-labelledby="history-heading">
          <h2 id="history-heading">Version history of {current.name}</h2>
          <VersionHistory
            dataset={current}
            versions={versions}
            picked={shown?.number ?? null}
            onPick={(v) => select({ dataset: v.dataset, version: String(v.number) })}
          />
        </section>
      ) : null}
      {shown && current ? (
        <VersionDetail
          key={shown.id}
          project={project}
          version={shown}
          tags={current.tags}
          tab={tab}
          setTab={(t) => select({ tab: t === 'profile' ? null : t })}
        />
      ) : null}
      {current ? <QueryPanel project={project} initial={`select * from ${current.name} limit 20`} /> : null}
    </div>
  );
}
