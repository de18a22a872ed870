import { type AuditEntry, endpoints, type Project } from '@baton/contracts';
import { useState } from 'react';
import { type ApiError, asApiError } from '../api/api-error.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { formatTime } from '../ui/format.ts';
import { useResource } from '../ui/use-resource.ts';

const PAGE = 25;

/** The project's audit log, newest first, a page at a time. Needs `audit.read`. */
export function AuditPanel({ project }: { project: Project }) {
  const { api } = useSignedIn();
  const first = useResource(
    () => api.call(endpoints.listProjectAudit, { params: { project: project.slug }, query: { limit: PAGE } }),
    [api, project.slug],
  );
  const [older, setOlder] = useState<{ items: AuditEntry[]; cursor: string | null }>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const entries = [...(first.data?.items ?? []), ...(older?.items ?? [])];
  const cursor = older ? older.cursor : (first.data?.nextCursor ?? null);

  const loadOlder = async () => {
    if (!cursor) return;
    setBusy(true);
    try {
      const page = await api.call(endpoints.listProjectAudit, {
        params: { project: project.slug },
        query: { limit: PAGE, cursor },
      });
      setOlder({ items: [...(older?.items ?? []), ...page.items], cursor: page.nextCursor });
      setError(undefined);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };
  const refresh = () => {
    setOlder(undefined);
    first.reload();
  };

  return (
    <section className="panel" aria-labelledby="audit-heading">
      <div className="panel-heading">
        <h2 id="audit-heading">Audit log</h2>
        <button type="button" className="button button-quiet" onClick={refresh} disabled={first.loading}>
          Refresh audit log
        </button>
      </div>
      <p className="muted">Every change in this project: who did what, and when.</p>
      <ErrorNotice error={first.error ?? error} title="The audit log could not be loaded." />
      {first.data ? (
        <table className="table">
          <caption className="visually-hidden">Audit log of {project.name}</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{formatTime(entry.at)}</td>
                <td>{entry.actorName}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>{entry.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : first.loading ? (
        <Loading what="the audit log" />
      ) : null}
      {cursor ? (
        <button type="button" className="button" onClick={loadOlder} disabled={busy}>
          {busy ? 'Loading…' : 'Show older entries'}
        </button>
      ) : null}
    </section>
  );
}
