import { endpoints, type Project } from '@baton/contracts';
import { useState } from 'react';
import { type ApiError, asApiError } from '../api/api-error.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading, SuccessNotice } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';
import { AliasTimeline } from './alias-timeline.tsx';
import { GatePanel } from './gate-panel.tsx';
import { GateSummary } from './gate-summary.tsx';
import { LineageGraph } from './lineage-graph.tsx';
import './registry.css';

const when = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

interface ModelPageProps {
  project: Project;
  name: string;
  onBack: () => void;
}

/** One model: aliases (with rollback), versions, lineage of a version, gates per alias, history. */
export function ModelPage({ project, name, onBack }: ModelPageProps) {
  const { api } = useSignedIn();
  const [generation, setGeneration] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const [gateAlias, setGateAlias] = useState('production');
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const p = { project: project.slug, model: name };
  const data = useResource(async () => {
    const [model, versions, history, policies] = await Promise.all([
      api.call(endpoints.getRegisteredModel, { params: p }),
      api.call(endpoints.listModelVersions, { params: p, query: { limit: 200 } }),
      api.call(endpoints.getAliasHistory, { params: p, query: {} }),
      api.call(endpoints.listPromotionPolicies, { params: { project: project.slug } }),
    ]);
    return { model, versions: versions.items, history: history.items, policies: policies.items };
  }, [api, project.slug, name, generation]);
  const current = data.data?.versions.find((v) => v.version === selected) ?? data.data?.versions[0];
  const lineage = useResource(
    async () =>
      current
        ? api.call(endpoints.getModelLineage, { params: { ...p, version: String(current.version) } })
        : null,
    [api, project.slug, name, current?.version, generation],
  );
  const canPromote = project.myPermissions.includes('model.promote');
  const aliasesToCheck = [
    ...new Set([
      ...(data.data?.policies.map((x) => x.alias) ?? []),
      ...Object.keys(data.data?.model.aliases ?? {}),
      gateAlias,
    ]),
  ].sort();
  const reload = () => setGeneration((g) => g + 1);

  const rollback = async (alias: string) => {
    setError(undefined);
    setDone(undefined);
    try {
      const move = await api.call(endpoints.rollbackModelAlias, {
        params: { ...p, alias },
        body: { reason: 'rolled back from the model page' },
      });
      setDone(`@${alias} rolled back to v${move.toVersion}.`);
      reload();
    } catch (failure) {
      setError(asApiError(failure));
    }
  };

  return (
    <div className="model-page">
      <button type="button" className="button button-quiet" onClick={onBack}>
        ← All models
      </button>
      <ErrorNotice error={data.error} />
      {!data.data && !data.error ? <Loading what="the model" /> : null}
      {data.data ? (
        <>
          <section className="panel" aria-labelledby="model-heading">
            <h2 id="model-heading">{data.data.model.name}</h2>
            {data.data.model.description ? <p>{data.data.model.description}</p> : null}
            <h3>Aliases</h3>
            {Object.keys(data.data.model.aliases).length === 0 ? (
              <p className="muted">No aliases yet.</p>
            ) : null}
            <ul aria-label="Aliases">
              {Object.entries(data.data.model.aliases).map(([alias, v]) => (
                <li key={alias}>
                  <strong>@{alias}</strong> → v{v}{' '}
                  {canPromote ? (
                    <button
                      type="button"
                      className="button button-danger-quiet"
                      onClick={() => rollback(alias)}
                    >
                      Roll back @{alias}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
            <ErrorNotice error={error} />
            <SuccessNotice message={done} />
          </section>
          <section className="panel" aria-labelledby="versions-heading">
            <h3 id="versions-heading">Versions</h3>
            <table className="table" aria-label="Versions">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Aliases</th>
                  <th scope="col">Run</th>
                  <th scope="col">ONNX</th>
                  <th scope="col">By</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {data.data.versions.map((v) => (
                  <tr key={v.id} className={v.version === current?.version ? 'selected' : ''}>
                    <td>
                      <button
                        type="button"
                        className="button button-quiet"
                        onClick={() => setSelected(v.version)}
                      >
                        v{v.version}
                      </button>
                    </td>
                    <td>{v.aliases.map((a) => `@${a}`).join(' ') || '-'}</td>
                    <td>{v.runId ?? v.source}</td>
                    <td>{v.onnxDigest ? 'yes' : 'no'}</td>
                    <td>{v.createdBy}</td>
                    <td className="nowrap">{when(v.creationTime)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {current ? (
            <section className="panel" aria-labelledby="lineage-heading">
              <h3 id="lineage-heading">Lineage of v{current.version}</h3>
              <ErrorNotice error={lineage.error} />
              {lineage.data ? <LineageGraph lineage={lineage.data} /> : null}
            </section>
          ) : null}
          {current ? (
            <section className="panel" aria-labelledby="gates-heading">
              <h3 id="gates-heading">Promotion gates</h3>
              <GateSummary
                project={project}
                model={name}
                version={current.version}
                aliases={aliasesToCheck}
                current={gateAlias}
                onPick={setGateAlias}
                generation={generation}
              />
              <GatePanel
                project={project}
                model={name}
                alias={gateAlias}
                version={current}
                policy={data.data.policies.find((x) => x.alias === gateAlias)}
                onMoved={reload}
              />
            </section>
          ) : null}
          <section className="panel" aria-labelledby="history-heading">
            <h3 id="history-heading">Alias history</h3>
            <AliasTimeline moves={data.data.history} />
          </section>
        </>
      ) : null}
    </div>
  );
}
