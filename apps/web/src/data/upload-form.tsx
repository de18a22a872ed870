import type { DatasetVersion, Project } from '@baton/contracts';
import { type FormEvent, useState } from 'react';
import { useSignedIn } from '../session/session-context.tsx';
import { uploadFile } from './raw-request.ts';

const FORMATS = ['csv', 'tsv', 'json', 'ndjson', 'parquet'] as const;
const ENCODINGS = ['utf-8', 'utf-16', 'latin-1'] as const;
/** Delimiters offered by name; anything else is typed in as `custom`. */
const DELIMITERS = [
  { value: ',', label: 'comma (,)' },
  { value: ';', label: 'semicolon (;)' },
  { value: '\t', label: 'tab' },
  { value: '|', label: 'pipe (|)' },
] as const;

/** The reading options a person may give; `auto` (empty) leaves each to detection. */
interface ReadOptions {
  format: string;
  delimiter: string;
  customDelimiter: string;
  header: '' | 'true' | 'false';
  encoding: string;
  nullValues: string;
  skip: boolean;
  message: string;
}

const NO_OPTIONS: ReadOptions = {
  format: '',
  delimiter: '',
  customDelimiter: '',
  header: '',
  encoding: '',
  nullValues: '',
  skip: false,
  message: '',
};

/** The upload's query string: only what was given, so the server detects the rest. */
export function uploadQuery(filename: string, o: ReadOptions): URLSearchParams {
  const query = new URLSearchParams({ filename });
  const delimiter = o.delimiter === 'custom' ? o.customDelimiter : o.delimiter;
  const textual = o.format === '' || o.format === 'csv' || o.format === 'tsv';
  if (o.format) query.set('format', o.format);
  if (textual && delimiter) query.set('delimiter', delimiter);
  if (textual && o.header) query.set('header', o.header);
  if (o.format !== 'parquet' && o.encoding) query.set('encoding', o.encoding);
  if (textual && o.nullValues.trim()) query.set('nullValues', o.nullValues.trim());
  if (o.skip) query.set('onBadRows', 'skip');
  if (o.message.trim()) query.set('message', o.message.trim());
  return query;
}

/** Upload a file as a new version of a dataset (new or existing), with a progress bar. */
export function UploadForm({
  project,
  dataset,
  onUploaded,
}: {
  project: Project;
  dataset?: string | undefined;
  onUploaded: (v: DatasetVersion) => void;
}) {
  const { me } = useSignedIn();
  const [name, setName] = useState(dataset ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [options, setOptions] = useState<ReadOptions>(NO_OPTIONS);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string>();
  const set = <K extends keyof ReadOptions>(key: K, value: ReadOptions[K]) =>
    setOptions((o) => ({ ...o, [key]: value }));
  const textual = options.format === '' || options.format === 'csv' || options.format === 'tsv';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || !name) return;
    setError(undefined);
    setProgress(0);
    const query = uploadQuery(file.name, options);
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
        CSV, TSV, JSON, NDJSON or Parquet; format, delimiter, header and encoding are detected unless given
        below.
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
        <input type="checkbox" checked={options.skip} onChange={(e) => set('skip', e.target.checked)} /> skip
        malformed rows
      </label>{' '}
      <button type="submit" className="button button-primary" disabled={progress !== null || !file || !name}>
        Upload
      </button>
      <details>
        <summary>Reading options</summary>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem', marginTop: '0.5rem' }}>
          <label>
            Format{' '}
            <select
              aria-label="Format"
              value={options.format}
              onChange={(e) => set('format', e.target.value)}
            >
              <option value="">detect</option>
              {FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f.toUpperCase()}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            Delimiter{' '}
            <select
              aria-label="Delimiter"
              value={options.delimiter}
              disabled={!textual}
              onChange={(e) => set('delimiter', e.target.value)}
            >
              <option value="">detect</option>
              {DELIMITERS.map((d) => (
                <option key={d.label} value={d.value}>
                  {d.label}
                </option>
              ))}
              <option value="custom">other...</option>
            </select>
          </label>{' '}
          {options.delimiter === 'custom' && textual ? (
            <label>
              Other delimiter{' '}
              <input
                aria-label="Other delimiter"
                value={options.customDelimiter}
                maxLength={4}
                size={4}
                required
                onChange={(e) => set('customDelimiter', e.target.value)}
              />
            </label>
          ) : null}{' '}
          <label>
            Header row{' '}
            <select
              aria-label="Header row"
              value={options.header}
              disabled={!textual}
              onChange={(e) => set('header', e.target.value as ReadOptions['header'])}
            >
              <option value="">detect</option>
              <option value="true">first row is the header</option>
              <option value="false">no header</option>
            </select>
          </label>{' '}
          <label>
            Encoding{' '}
            <select
              aria-label="Encoding"
              value={options.encoding}
              disabled={options.format === 'parquet'}
              onChange={(e) => set('encoding', e.target.value)}
            >
              <option value="">detect</option>
              {ENCODINGS.map((enc) => (
                <option key={enc} value={enc}>
                  {enc.toUpperCase()}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            Missing values{' '}
            <input
              aria-label="Missing values"
              placeholder=",NA,N/A,NaN,NULL,null"
              value={options.nullValues}
              disabled={!textual}
              maxLength={500}
              onChange={(e) => set('nullValues', e.target.value)}
            />
          </label>{' '}
          <label>
            Message{' '}
            <input
              aria-label="Version message"
              value={options.message}
              maxLength={2000}
              onChange={(e) => set('message', e.target.value)}
            />
          </label>
        </div>
      </details>
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
