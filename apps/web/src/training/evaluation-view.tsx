import type { endpoints, Project, ResponseOf } from '@baton/contracts';
import { useResource } from '../ui/use-resource.ts';
import { CurveChart } from './curve-chart.tsx';

type Xy = { class: string } & Record<string, (number | null)[]>;
interface Artifacts {
  roc?: { curves: Xy[] };
  pr?: { curves: Xy[] };
  calibration?: {
    positiveClass: string | null;
    meanPredicted?: number[];
    fractionPositive?: number[];
    counts?: number[];
  };
  confusion?: { classes: string[]; matrix: number[][] };
  importance?: { importance: { column: string; importance: number }[] };
  residuals?: { mean: number; std: number; histogram: { edges: number[]; counts: number[] } };
}

const FILES: Record<keyof Artifacts, string> = {
  roc: 'roc_curve.json',
  pr: 'pr_curve.json',
  calibration: 'calibration.json',
  confusion: 'confusion_matrix.json',
  importance: 'feature_importance.json',
  residuals: 'residuals.json',
};

/** The run's evaluation artifacts (those it has), read as JSON. */
async function loadArtifacts(project: string, run: string, present: Set<string>): Promise<Artifacts> {
  const out: Record<string, unknown> = {};
  await Promise.all(
    Object.entries(FILES)
      .filter(([, file]) => present.has(file))
      .map(async ([key, file]) => {
        const url = `/api/v1/projects/${encodeURIComponent(project)}/runs/${encodeURIComponent(run)}/artifacts/file?path=${file}`;
        const response = await fetch(url, { credentials: 'same-origin' });
        if (response.ok) out[key] = await response.json();
      }),
  );
  return out as Artifacts;
}

const fmt = (v: number) => String(Number(v.toPrecision(4)));

function ConfusionMatrix({ classes, matrix }: { classes: string[]; matrix: number[][] }) {
  const max = Math.max(1, ...matrix.flat());
  return (
    <table className="table" aria-label="Confusion matrix">
      <thead>
        <tr>
          <th scope="col">true \ predicted</th>
          {classes.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {classes.map((c, i) => (
          <tr key={c}>
            <th scope="row">{c}</th>
            {classes.map((p, j) => {
              const n = matrix[i]?.[j] ?? 0;
              return (
                <td
                  key={p}
                  style={{ background: `rgba(74, 111, 165, ${(0.8 * n) / max})`, textAlign: 'right' }}
                >
                  {n}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FeatureImportance({ items }: { items: { column: string; importance: number }[] }) {
  const top = [...items].sort((a, b) => b.importance - a.importance).slice(0, 20);
  const max = Math.max(1e-12, ...top.map((t) => t.importance));
  return (
    <ul aria-label="Feature importance" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {top.map((t) => (
        <li key={t.column} style={{ display: 'flex', gap: 6, alignItems: 'center', fontSize: 12 }}>
          <span style={{ width: 220, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {t.column}
          </span>
          <span style={{ background: '#4a6fa5', height: 10, width: `${(200 * t.importance) / max}px` }} />
          <span className="muted">{fmt(t.importance)}</span>
        </li>
      ))}
    </ul>
  );
}

/** The evaluation of a finished run: test metrics, ROC / PR / calibration curves, confusion matrix, feature importance. */
export function EvaluationView({
  project,
  runId,
  metrics,
  files,
}: {
  project: Project;
  runId: string;
  metrics: ResponseOf<typeof endpoints.getRun>['metrics'];
  files: string[];
}) {
  const present = new Set(files);
  const artifacts = useResource(
    () => loadArtifacts(project.slug, runId, present),
    [project.slug, runId, files.join()],
  );
  const a = artifacts.data ?? {};
  const tests = metrics.filter((m) => m.key.startsWith('test_') || m.key.startsWith('best_'));
  return (
    <section className="panel" aria-label="Evaluation">
      <h3>Evaluation</h3>
      <table className="table" aria-label="Test metrics">
        <tbody>
          {tests.map((m) => (
            <tr key={m.key}>
              <th scope="row">{m.key}</th>
              <td>{typeof m.value === 'number' ? fmt(m.value) : String(m.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 24 }}>
        {a.roc?.curves.length ? (
          <CurveChart
            title="ROC curve"
            xLabel="false positive rate"
            yLabel="true positive rate"
            diagonal
            unit
            curves={a.roc.curves.map((c) => ({ label: c.class, x: c.fpr ?? [], y: c.tpr ?? [] }))}
          />
        ) : null}
        {a.pr?.curves.length ? (
          <CurveChart
            title="Precision-recall curve"
            xLabel="recall"
            yLabel="precision"
            unit
            curves={a.pr.curves.map((c) => ({ label: c.class, x: c.recall ?? [], y: c.precision ?? [] }))}
          />
        ) : null}
        {a.calibration?.meanPredicted ? (
          <CurveChart
            title="Calibration curve"
            xLabel="mean predicted probability"
            yLabel="fraction positive"
            diagonal
            unit
            curves={[
              {
                label: a.calibration.positiveClass ?? 'positive',
                x: a.calibration.meanPredicted,
                y: a.calibration.fractionPositive ?? [],
              },
            ]}
          />
        ) : null}
        {a.residuals ? (
          <CurveChart
            title="Residual distribution"
            xLabel="residual"
            yLabel="rows"
            curves={[
              {
                label: 'residuals',
                x: a.residuals.histogram.edges.slice(0, -1),
                y: a.residuals.histogram.counts,
              },
            ]}
          />
        ) : null}
      </div>
      {a.confusion ? (
        <>
          <h4>Confusion matrix</h4>
          <ConfusionMatrix classes={a.confusion.classes} matrix={a.confusion.matrix} />
        </>
      ) : null}
      {a.importance ? (
        <>
          <h4>Feature importance</h4>
          <FeatureImportance items={a.importance.importance} />
        </>
      ) : null}
    </section>
  );
}
