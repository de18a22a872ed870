import { type DatasetVersion, endpoints, type Project } from '@baton/contracts';
import { useEffect } from 'react';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';
import { CorrelationHeatmap, Histogram, TopValues } from './charts.tsx';

const num = (v: number | string | null | undefined) =>
  v === null || v === undefined ? '-' : typeof v === 'number' ? String(Number(v.toPrecision(5))) : v;

/** A version's profile: per-column statistics with histograms or top values, and the correlation heatmap. */
export function ProfileView({ project, version }: { project: Project; version: DatasetVersion }) {
  const { api } = useSignedIn();
  const params = { project: project.slug, dataset: version.dataset, version: String(version.number) };
  const answer = useResource(
    () => api.call(endpoints.getProfile, { params }),
    [api, project.slug, version.id],
  );
  const pending = answer.data?.status === 'pending';
  const { reload, loading } = answer;
  useEffect(() => {
    if (!pending || loading) return;
    const timer = window.setTimeout(reload, 1500);
    return () => window.clearTimeout(timer);
  }, [pending, loading, reload]);

  if (answer.error) return <ErrorNotice error={answer.error} title="The profile could not be loaded." />;
  if (!answer.data) return <Loading what="profile" />;
  if (answer.data.status === 'pending') return <p className="muted">The profile is being computed...</p>;
  if (!answer.data.profile) return <p role="alert">Profiling failed: {answer.data.error}</p>;
  const profile = answer.data.profile;
  return (
    <section aria-labelledby="profile-heading">
      <h3 id="profile-heading">
        Profile of {version.dataset}@{version.number}
      </h3>
      <p className="muted">
        {profile.rowCount} rows. Std with ddof=1; quantiles by linear interpolation; histograms are numpy's 20
        equal-width bins
        {profile.distinctApproximate ? '; distinct counts are estimates' : ''}.
      </p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col">Missing</th>
            <th scope="col">Distinct</th>
            <th scope="col">Min / mean / max</th>
            <th scope="col">Std</th>
            <th scope="col">Distribution</th>
          </tr>
        </thead>
        <tbody>
          {profile.columns.map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td>
                <code>{c.type}</code>
              </td>
              <td>{c.missing}</td>
              <td>{c.distinct}</td>
              <td>
                {num(c.min)} / {num(c.mean)} / {num(c.max)}
                {c.stringLength ? (
                  <div className="muted">
                    length {c.stringLength.min}-{c.stringLength.max}
                  </div>
                ) : null}
              </td>
              <td>{num(c.std)}</td>
              <td>
                {c.histogram ? <Histogram column={c} /> : c.topValues ? <TopValues column={c} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Correlations</h3>
      <CorrelationHeatmap correlations={profile.correlations} />
      <h3>Sample</h3>
      <div style={{ overflowX: 'auto' }}>
        <table className="table">
          <thead>
            <tr>
              {profile.sample.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {profile.sample.rows.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: sample rows have no id
              <tr key={i}>
                {row.map((v, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                  <td key={j}>{v === null ? <span className="muted">null</span> : String(v)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
