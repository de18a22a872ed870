import { endpoints, type Project } from '@baton/contracts';
import { useEffect } from 'react';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';
import { CurveChart } from './curve-chart.tsx';
import { EvaluationView } from './evaluation-view.tsx';

const POLL_MS = 1000;
const LIVE = new Set(['SCHEDULED', 'RUNNING']);

/** Train and validation loss per round on one chart, reloaded while the run is live. */
function LossCurves({ project, runId, tick }: { project: Project; runId: string; tick: string }) {
  const { api } = useSignedIn();
  const histories = useResource(
    () =>
      Promise.all(
        ['train_loss', 'validation_loss'].map((key) =>
          api.call(endpoints.getMetricHistory, {
            params: { project: project.slug, run: runId, key },
            query: { maxPoints: 500 },
          }),
        ),
      ),
    [api, project.slug, runId, tick],
  );
  const curves = (histories.data ?? [])
    .map((h, i) => ({ ...h, key: i === 0 ? 'train_loss' : 'validation_loss' }))
    .filter((h) => h.total > 0)
    .map((h) => ({
      label: h.key,
      x: h.points.map((p) => p.step),
      y: h.points.map((p) => (typeof p.value === 'number' ? p.value : null)),
    }));
  if (curves.length === 0) return null;
  return <CurveChart title="Loss per round" xLabel="round" yLabel="mean loss" curves={curves} />;
}

/** A training run as it goes: job progress and loss curves (polled), then its evaluation. */
export function TrainingRun({
  project,
  runId,
  onBack,
}: {
  project: Project;
  runId: string;
  onBack: () => void;
}) {
  const { api } = useSignedIn();
  const run = useResource(
    () => api.call(endpoints.getRun, { params: { project: project.slug, run: runId } }),
    [api, project.slug, runId],
  );
  const live = run.data ? LIVE.has(run.data.info.status) : true;
  const jobId = run.data?.tags['baton.job_id'];
  const job = useResource(
    async () =>
      jobId ? api.call(endpoints.getJob, { params: { project: project.slug, job: jobId } }) : null,
    [api, project.slug, jobId, run.data?.info.status, run.data?.metrics.length],
  );
  const files = useResource(
    () =>
      api.call(endpoints.listRunArtifacts, {
        params: { project: project.slug, run: runId },
        query: { path: '' },
      }),
    [api, project.slug, runId, run.data?.info.status],
  );
  const { reload } = run;
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [live, reload]);

  if (run.error) return <ErrorNotice error={run.error} title="The run could not be loaded." />;
  if (!run.data) return <Loading what="run" />;
  const r = run.data;
  const tick = `${r.info.status}-${r.metrics.length}`;
  const failed = r.info.status === 'FAILED';
  return (
    <section aria-label={`Training run ${r.info.name}`}>
      <button type="button" className="button" onClick={onBack}>
        Back to training
      </button>
      <h2>
        {r.info.name}{' '}
        <span className="muted" data-testid="run-status">
          {r.info.status}
        </span>
      </h2>
      <p className="muted">
        {r.params.learner ?? r.tags['baton.source']} · {r.params.dataset ?? ''} · target{' '}
        {r.params.target ?? '-'}
      </p>
      {job.data && live ? (
        <p aria-live="polite">
          <progress max={1} value={job.data.progress} /> {Math.round(job.data.progress * 100)}%{' '}
          {job.data.progressMessage ?? ''}
        </p>
      ) : null}
      {failed ? (
        <div className="notice notice-error" role="alert">
          <strong className="notice-title">Training failed.</strong>{' '}
          <span>{r.tags['baton.error.message']}</span>{' '}
          <code className="notice-code">{r.tags['baton.error.code']}</code>
        </div>
      ) : null}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }}>
        <LossCurves project={project} runId={runId} tick={tick} />
      </div>
      {r.info.status === 'FINISHED' ? (
        <EvaluationView
          project={project}
          runId={runId}
          metrics={r.metrics}
          files={(files.data?.files ?? []).map((f) => f.path)}
        />
      ) : null}
    </section>
  );
}
