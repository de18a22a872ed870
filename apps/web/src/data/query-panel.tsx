import { endpoints, type Project, type QueryResult } from '@baton/contracts';
import { type FormEvent, useState } from 'react';
import type { ApiError } from '../api/api-error.ts';
import { asApiError } from '../api/api-error.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { downloadPost } from './raw-request.ts';

/** Read-only SQL over the project's dataset versions, with CSV and Parquet downloads. */
export function QueryPanel({ project, initial }: { project: Project; initial: string }) {
  const { api, me } = useSignedIn();
  const [sql, setSql] = useState(initial);
  const [result, setResult] = useState<QueryResult>();
  const [error, setError] = useState<ApiError>();
  const [running, setRunning] = useState(false);
  const [downloadError, setDownloadError] = useState<string>();

  const run = async (event: FormEvent) => {
    event.preventDefault();
    setRunning(true);
    setError(undefined);
    try {
      setResult(
        await api.call(endpoints.runQuery, { params: { project: project.slug }, body: { sql, limit: 200 } }),
      );
    } catch (failure) {
      setError(asApiError(failure));
      setResult(undefined);
    } finally {
      setRunning(false);
    }
  };
  const download = (format: 'csv' | 'parquet') => {
    setDownloadError(undefined);
    downloadPost(
      `/api/v1/projects/${encodeURIComponent(project.slug)}/data/query/download`,
      { sql, format },
      me.csrfToken ?? null,
      `query.${format}`,
    ).catch((failure: Error) => setDownloadError(failure.message));
  };

  return (
    <section className="panel" aria-labelledby="query-heading">
      <h3 id="query-heading">SQL</h3>
      <p className="muted">
        DuckDB SQL, read-only. A dataset's name is its latest version; <code>"name@3"</code> is version 3.
      </p>
      <form onSubmit={run}>
        <textarea
          value={sql}
          onChange={(e) => setSql(e.target.value)}
          rows={4}
          style={{ width: '100%', fontFamily: 'monospace' }}
          aria-label="SQL"
        />
        <button type="submit" className="button button-primary" disabled={running}>
          Run query
        </button>{' '}
        <button type="button" className="button" onClick={() => download('csv')}>
          Download CSV
        </button>{' '}
        <button type="button" className="button" onClick={() => download('parquet')}>
          Download Parquet
        </button>
      </form>
      <ErrorNotice error={error} title="The query failed." />
      {downloadError ? <p role="alert">{downloadError}</p> : null}
      {result ? (
        <div style={{ overflowX: 'auto' }}>
          <p className="muted">
            {result.rows.length} rows{result.truncated ? ' (more not shown)' : ''} from{' '}
            {result.versions.join(', ')} in {result.elapsedMs} ms
          </p>
          <table className="table" aria-label="Query result">
            <thead>
              <tr>
                {result.columns.map((c) => (
                  <th key={c.name} scope="col">
                    {c.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.rows.map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: result rows have no id
                <tr key={i}>
                  {row.map((v, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                    <td key={j}>{v === null ? 'NULL' : String(v)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
