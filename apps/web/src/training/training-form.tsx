import { endpoints, type LearnerKindName, type Project } from '@baton/contracts';
import { type FormEvent, useState } from 'react';
import { type ApiError, asApiError } from '../api/api-error.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';

/** Start a training run: dataset version, target, learner and its parameters. */
export function TrainingForm({
  project,
  onStarted,
}: {
  project: Project;
  onStarted: (runId: string) => void;
}) {
  const { api } = useSignedIn();
  const datasets = useResource(
    () => api.call(endpoints.listDatasets, { params: { project: project.slug } }),
    [api, project.slug],
  );
  const learners = useResource(
    () => api.call(endpoints.listLearners, { params: { project: project.slug } }),
    [api, project.slug],
  );
  const [dataset, setDataset] = useState('');
  const [version, setVersion] = useState('latest');
  const [target, setTarget] = useState('');
  const [learner, setLearner] = useState<LearnerKindName>('gbdt');
  const [params, setParams] = useState<Record<string, string>>({});
  const [testFraction, setTestFraction] = useState('0.2');
  const [force, setForce] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const withVersions = (datasets.data?.items ?? []).filter((d) => d.latest);
  const chosen = withVersions.find((d) => d.name === dataset) ?? withVersions[0];
  const columns = chosen?.latest?.columns ?? [];
  const doc = learners.data?.items.find((l) => l.kind === learner);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(undefined);
    try {
      const filled = Object.fromEntries(Object.entries(params).filter(([, v]) => v.trim() !== ''));
      const started = await api.call(endpoints.startTraining, {
        params: { project: project.slug },
        body: {
          dataset: `${chosen.name}@${version || 'latest'}`,
          target: target || columns[columns.length - 1]?.name || '',
          learner,
          params: filled,
          testFraction: Number(testFraction),
          force,
        },
      });
      onStarted(started.runId);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={submit} aria-label="Train a model">
      <h2>Train a model</h2>
      <ErrorNotice error={datasets.error ?? learners.error} />
      {datasets.data && withVersions.length === 0 ? (
        <p className="muted">No dataset versions yet: ingest data in the data lane first.</p>
      ) : null}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'end' }}>
        <label>
          Dataset{' '}
          <select
            aria-label="Dataset"
            value={chosen?.name ?? ''}
            onChange={(e) => {
              setDataset(e.target.value);
              setTarget('');
            }}
          >
            {withVersions.map((d) => (
              <option key={d.id} value={d.name}>
                {d.name} (latest v{d.latest?.number})
              </option>
            ))}
          </select>
        </label>
        <label>
          Version{' '}
          <input aria-label="Version" size={6} value={version} onChange={(e) => setVersion(e.target.value)} />
        </label>
        <label>
          Target{' '}
          <select
            aria-label="Target"
            value={target || columns[columns.length - 1]?.name || ''}
            onChange={(e) => setTarget(e.target.value)}
          >
            {columns.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name} ({c.type})
              </option>
            ))}
          </select>
        </label>
        <label>
          Learner{' '}
          <select
            aria-label="Learner"
            value={learner}
            onChange={(e) => {
              setLearner(e.target.value as LearnerKindName);
              setParams({});
            }}
          >
            {(learners.data?.items ?? []).map((l) => (
              <option key={l.kind} value={l.kind}>
                {l.title} ({l.tasks.join(', ')})
              </option>
            ))}
          </select>
        </label>
        <label>
          Test fraction{' '}
          <input
            aria-label="Test fraction"
            size={4}
            value={testFraction}
            onChange={(e) => setTestFraction(e.target.value)}
          />
        </label>
        <label>
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Use a version
          that failed its quality suite (audited)
        </label>
      </div>
      {doc ? (
        <fieldset>
          <legend>{doc.title} parameters</legend>
          <p className="muted">{doc.description}</p>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
            {doc.params.map((p) => (
              <label key={p.name} title={p.description}>
                {p.name}{' '}
                <input
                  aria-label={`Param ${p.name}`}
                  size={8}
                  placeholder={p.default === null ? 'default' : String(p.default)}
                  value={params[p.name] ?? ''}
                  onChange={(e) => setParams({ ...params, [p.name]: e.target.value })}
                />
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <ErrorNotice error={error} title="Training could not start." />
      <button type="submit" className="button" disabled={busy || !chosen}>
        {busy ? 'Starting…' : 'Start training'}
      </button>
    </form>
  );
}
