import { type Deployment, endpoints, type Project } from '@baton/contracts';
import { useEffect, useState } from 'react';
import { type ApiError, asApiError } from '../api/api-error.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';
import { TrafficChart } from './traffic-chart.tsx';

const POLL_MS = 2000;
const served = (v: Deployment['current']) => (v ? `version ${v.version}` : 'no version');

/** One deployment: what it serves, live traffic, the canary split and a one-click rollback. */
export function DeploymentPage({
  project,
  name,
  onBack,
}: {
  project: Project;
  name: string;
  onBack: () => void;
}) {
  const { api } = useSignedIn();
  const [tick, setTick] = useState(0);
  const [failure, setFailure] = useState<ApiError>();
  const [note, setNote] = useState<string>();
  const [split, setSplit] = useState<number | null>(null);
  const params = { project: project.slug, deployment: name };
  const deployment = useResource(
    () => api.call(endpoints.getDeployment, { params }),
    [api, project.slug, name, tick],
  );
  const stats = useResource(
    () => api.call(endpoints.getDeploymentStats, { params }),
    [api, project.slug, name, tick],
  );
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), POLL_MS);
    return () => clearInterval(timer);
  }, []);
  const d = deployment.data;
  const canManage = project.myPermissions.includes('deployment.manage');
  const canPromote = project.myPermissions.includes('model.promote');
  const act = async (what: () => Promise<unknown>, done: string) => {
    setFailure(undefined);
    try {
      await what();
      setNote(done);
      setTick((t) => t + 1);
    } catch (error) {
      setFailure(asApiError(error));
    }
  };
  const series = stats.data?.series ?? [];
  return (
    <section className="panel" aria-labelledby="deployment-heading">
      <button type="button" className="button button-quiet" onClick={onBack}>
        All deployments
      </button>
      <h2 id="deployment-heading">Deployment {name}</h2>
      <ErrorNotice error={deployment.error ?? failure} />
      {!d && !deployment.error ? <Loading what="the deployment" /> : null}
      {d ? (
        <>
          <dl className="facts">
            <dt>Serves</dt>
            <dd data-testid="current-version">
              {d.model}@{d.alias}: {served(d.current)}
            </dd>
            <dt>Challenger</dt>
            <dd data-testid="challenger">
              {d.challengerAlias
                ? `${d.challengerAlias}: ${served(d.challenger)} (${d.mode}${d.mode === 'canary' ? ` ${d.canaryPercent}%` : ''})`
                : 'none'}
            </dd>
            <dt>Status</dt>
            <dd>
              {d.status}
              {stats.data?.health ? `, ${stats.data.health.state}` : ', not loaded in this server yet'}
              {stats.data?.health?.problem ? ` - ${stats.data.health.problem}` : ''}
            </dd>
            <dt>Predict</dt>
            <dd>
              <code>POST /serve/{d.name}/predict</code>
            </dd>
          </dl>
          <div style={{ display: 'flex', gap: '1.5rem', flexWrap: 'wrap' }}>
            <TrafficChart title="Requests" unit="req/s" points={series} value={(p) => p.requests} />
            <TrafficChart title="Latency p99" unit="ms" points={series} value={(p) => p.p99Ms} />
            <TrafficChart title="Errors" unit="/s" points={series} value={(p) => p.errors} />
          </div>
          {canManage && d.challengerAlias ? (
            <form
              aria-label="Canary split"
              onSubmit={(e) => {
                e.preventDefault();
                const percent = split ?? d.canaryPercent;
                void act(
                  () =>
                    api.call(endpoints.updateDeployment, {
                      params,
                      body: { mode: 'canary', canaryPercent: percent },
                    }),
                  `the canary now takes ${percent}% of requests`,
                );
              }}
            >
              <label>
                Canary share: {split ?? d.canaryPercent}%{' '}
                <input
                  type="range"
                  min={0}
                  max={100}
                  aria-label="Canary percent"
                  value={split ?? d.canaryPercent}
                  onChange={(e) => setSplit(Number(e.target.value))}
                />
              </label>{' '}
              <button type="submit" className="button">
                Apply split
              </button>
            </form>
          ) : null}
          {canPromote ? (
            <p>
              <button
                type="button"
                className="button"
                onClick={() =>
                  void act(
                    () =>
                      api.call(endpoints.rollbackModelAlias, {
                        params: { project: project.slug, model: d.model, alias: d.alias },
                        body: { reason: `rolled back from deployment ${d.name}` },
                      }),
                    `${d.alias} rolled back; the deployment switches within a second`,
                  )
                }
              >
                Roll back {d.alias}
              </button>
            </p>
          ) : null}
          {note ? (
            <p role="status" className="muted">
              {note}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
