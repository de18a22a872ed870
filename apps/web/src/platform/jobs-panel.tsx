import { endpoints, type Job, type Project } from '@baton/contracts';
import { useEffect } from 'react';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { formatPercent, formatTime } from '../ui/format.ts';
import { useResource } from '../ui/use-resource.ts';

const REFRESH_MS = 3000;
const isActive = (job: Job) => job.status === 'queued' || job.status === 'running';

/** The project's background jobs, newest first; refreshes itself while any job is still going. */
export function JobsPanel({ project }: { project: Project }) {
  const { api } = useSignedIn();
  const jobs = useResource(
    () => api.call(endpoints.listJobs, { params: { project: project.slug }, query: { limit: 50 } }),
    [api, project.slug],
  );
  const active = jobs.data?.items.some(isActive) ?? false;
  const { reload, loading } = jobs;
  useEffect(() => {
    if (!active || loading) return;
    const timer = window.setTimeout(reload, REFRESH_MS);
    return () => window.clearTimeout(timer);
  }, [active, loading, reload]);

  return (
    <section className="panel" aria-labelledby="jobs-heading">
      <div className="panel-heading">
        <h2 id="jobs-heading">Jobs</h2>
        <button type="button" className="button button-quiet" onClick={reload} disabled={loading}>
          Refresh jobs
        </button>
      </div>
      <ErrorNotice error={jobs.error} title="The jobs could not be loaded." />
      {jobs.data && jobs.data.items.length === 0 ? (
        <p className="muted">No jobs have run in this project yet.</p>
      ) : null}
      {jobs.data && jobs.data.items.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">Background jobs of {project.name}</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Started</th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {jobs.data.items.map((job) => (
              <tr key={job.id}>
                <th scope="row">
                  <code>{job.kind}</code>
                </th>
                <td>
                  <span className={`status status-${job.status}`}>{job.status}</span>
                  {job.attempts > 1 ? (
                    <span className="muted">
                      {' '}
                      attempt {job.attempts} of {job.maxAttempts}
                    </span>
                  ) : null}
                  {job.error ? <p className="field-error">{job.error}</p> : null}
                </td>
                <td>
                  <progress value={job.progress} max={1} aria-label={`Progress of ${job.kind}`}>
                    {formatPercent(job.progress)}
                  </progress>{' '}
                  <span>{formatPercent(job.progress)}</span>
                  {job.progressMessage ? <span className="muted"> · {job.progressMessage}</span> : null}
                </td>
                <td>{formatTime(job.startedAt ?? job.createdAt)}</td>
                <td>{formatTime(job.finishedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {!jobs.data && jobs.loading ? <Loading what="jobs" /> : null}
    </section>
  );
}
