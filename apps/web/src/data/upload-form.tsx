import type { DatasetVersion, Project } from '@baton/contracts';
import { type FormEvent, useState } from 'react';
import { useSignedIn } from '../session/session-context.tsx';
import { uploadFile } from './raw-request.ts';

/** Upload a file as a new version of a dataset (new or existing), with a progress bar. */
export function UploadForm({
  project,
  dataset,
  onUploaded,
}: {
  project: Project;
  dataset?: string;
  onUploaded: (v: DatasetVersion) => void;
}) {
  const { me } = useSignedIn();
  const [name, setName] = useState(dataset ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [skip, setSkip] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || !name) return;
    setError(undefined);
    setProgress(0);
    const query = new URLSearchParams({ filename: file.name, ...(skip ? { onBadRows: 'skip' } : {}) });
    try {
      const url = `/api/v1/projects/${encodeURIComponent(project.slug)}/datasets/${encodeURIComponent(name)}/versions?${query}`;
      const version = (await uploadFile(url, file, me.csrfToken ?? null, setProgress)) as DatasetVersion;
      onUploaded(version);
      setFile(null);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setProgress(null);
    }
  };

  return (
    <form className="panel" onSubmit={submit} aria-label="Ingest a file">
      <h2>Ingest a file</h2>
      <p className="muted">
        CSV, TSV, JSON, NDJSON or Parquet; format, delimiter, header and encoding are detected.
      </p>
      <label>
        Dataset name{' '}
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          pattern="[a-z][a-z0-9_]*"
          required
          aria-label="Dataset name"
        />
      </label>{' '}
      <input type="file" aria-label="File" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />{' '}
      <label>
        <input type="checkbox" checked={skip} onChange={(e) => setSkip(e.target.checked)} /> skip malformed
        rows
      </label>{' '}
      <button type="submit" className="button button-primary" disabled={progress !== null || !file || !name}>
        Upload
      </button>
      {progress !== null ? (
        <p>
          <progress value={progress} max={1} aria-label="Upload progress" /> {Math.round(progress * 100)}%
          {progress >= 1 ? ' - reading and storing as Parquet...' : ''}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="notice notice-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
