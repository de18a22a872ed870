import { endpoints, type Project, type ResponseOf } from '@baton/contracts';
import { useState } from 'react';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';
import { TrainingForm } from './training-form.tsx';
import { TrainingRun } from './training-run.tsx';

type RunView = ResponseOf<typeof endpoints.getRun>;
const SOURCES = new Set(['training', 'tuning', 'external', 'evaluation']);

/** The training lane: start a training run, follow it live, read its evaluation. */
export function TrainingPage({ project }: { project: Project }) {
  const { api } = useSignedIn();
  const [open, setOpen] = useState<string | null>(null);
  const runs = useResource(
    () =>
      api.call(endpoints.searchRuns, {
        params: { project: project.slug },
        body: { maxResults: 200, orderBy: ['attributes.start_time DESC'] },
      }),
    [api, project.slug, open],
  );
  if (open) return <TrainingRun project={project} runId={open} onBack={() => setOpen(null)} />;
  const trained = (runs.data?.runs ?? []).filter((r: RunView) => SOURCES.has(r.tags['baton.source'] ?? ''));
  const metric = (r: RunView) => r.metrics.find((m) => m.key === 'test_roc_auc' || m.key === 'test_rmse');
  return (
    <div className="training-lane">
      <TrainingForm project={project} onStarted={setOpen} />
      <section className="panel" aria-labelledby="training-runs-heading">
        <h2 id="training-runs-heading">Training runs</h2>
        <ErrorNotice error={runs.error} />
        {!runs.data && !runs.error ? <Loading what="runs" /> : null}
        {runs.data && trained.length === 0 ? <p className="muted">No training runs yet.</p> : null}
        {trained.length > 0 ? (
          <table className="table" aria-label="Training runs">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Kind</th>
                <th scope="col">Learner</th>
                <th scope="col">Status</th>
                <th scope="col">Test metric</th>
              </tr>
            </thead>
            <tbody>
              {trained.map((r) => {
                const m = metric(r);
                return (
                  <tr key={r.info.id}>
                    <td>
                      <button
                        type="button"
                        className="button button-quiet"
                        onClick={() => setOpen(r.info.id)}
                      >
                        {r.info.name}
                      </button>
                    </td>
                    <td>{r.tags['baton.source']}</td>
                    <td>{r.params.learner ?? '-'}</td>
                    <td>{r.info.status}</td>
                    <td>{m ? `${m.key.slice(5)} ${Number(Number(m.value).toPrecision(4))}` : '-'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}
