import type { ModelLineage } from '@baton/contracts';

/** Dataset version -> run -> model version -> deployments, as a row of linked boxes. */
export function LineageGraph({ lineage }: { lineage: ModelLineage }) {
  const nodes: { kind: string; label: string; detail: string }[] = [
    lineage.datasetVersion
      ? {
          kind: 'Dataset version',
          label: `${lineage.datasetVersion.dataset} v${lineage.datasetVersion.number}`,
          detail: lineage.datasetVersion.validation,
        }
      : { kind: 'Dataset version', label: 'not recorded', detail: '' },
    lineage.run
      ? { kind: 'Run', label: lineage.run.name, detail: `${lineage.run.status} by ${lineage.run.userId}` }
      : { kind: 'Run', label: 'none', detail: '' },
    { kind: 'Model version', label: `${lineage.version.modelName} v${lineage.version.version}`, detail: '' },
    ...(lineage.deployments.length > 0
      ? lineage.deployments.map((d) => ({
          kind: 'Deployment',
          label: d.name,
          detail: `@${d.alias} ${d.role}, ${d.status}`,
        }))
      : [{ kind: 'Deployment', label: 'not deployed', detail: '' }]),
  ];
  return (
    <ol className="lineage" aria-label="Lineage">
      {nodes.map((n) => (
        <li key={`${n.kind}-${n.label}`} className="lineage-node">
          <span className="muted">{n.kind}</span>
          <strong>{n.label}</strong>
          {n.detail ? <span className="muted">{n.detail}</span> : null}
        </li>
      ))}
    </ol>
  );
}
