import { evaluateClassification, evaluateRegression } from '@baton/ml/metrics';

/** What an evaluation logs: metric values and the JSON artifacts beside them. */
export interface EvaluationOutput {
  /** Metric name to value (test split), without prefix: `roc_auc`, `rmse`, ... */
  metrics: Record<string, number>;
  /** Artifact path to JSON content. */
  artifacts: Record<string, unknown>;
}

const MAX_CURVE_POINTS = 2000;

/** Curves keep their first and last points and an even stride between, as plain arrays. */
function thin(series: Record<string, ArrayLike<number>>): Record<string, (number | null)[]> {
  const n = Object.values(series)[0]?.length ?? 0;
  const step = Math.max(1, Math.ceil(n / MAX_CURVE_POINTS));
  const keep: number[] = [];
  for (let i = 0; i < n; i += step) keep.push(i);
  if (n > 0 && keep[keep.length - 1] !== n - 1) keep.push(n - 1);
  const out: Record<string, (number | null)[]> = {};
  for (const [key, values] of Object.entries(series)) {
    out[key] = keep.map((i) => {
      const v = values[i]!;
      return Number.isFinite(v) ? v : null;
    });
  }
  return out;
}

const finite = (metrics: Record<string, number | null | undefined>): Record<string, number> =>
  Object.fromEntries(
    Object.entries(metrics).filter(
      (e): e is [string, number] => typeof e[1] === 'number' && !Number.isNaN(e[1]),
    ),
  );

/** Every classification metric of the issue, with confusion matrix, ROC, PR and calibration artifacts. */
export function classificationEvaluation(
  yTrue: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  classes: readonly string[],
  context: Record<string, unknown>,
): EvaluationOutput {
  const r = evaluateClassification(yTrue, probabilities, classes);
  const metrics = finite({
    accuracy: r.accuracy,
    balanced_accuracy: r.balancedAccuracy,
    precision: r.binary?.precision,
    recall: r.binary?.recall,
    f1: r.binary?.f1,
    precision_macro: r.macro.precision,
    recall_macro: r.macro.recall,
    f1_macro: r.macro.f1,
    precision_weighted: r.weighted.precision,
    recall_weighted: r.weighted.recall,
    f1_weighted: r.weighted.f1,
    roc_auc: r.rocAuc,
    pr_auc: r.prAuc,
    log_loss: r.logLoss,
    brier_score: r.brierScore,
  });
  const artifacts: Record<string, unknown> = {
    'confusion_matrix.json': {
      classes: r.classes,
      matrix: r.confusionMatrix,
      rows: 'true',
      columns: 'predicted',
    },
    'roc_curve.json': {
      curves: r.curves.map((c) => ({
        class: c.class,
        ...thin({ fpr: c.roc.fpr, tpr: c.roc.tpr, thresholds: c.roc.thresholds }),
      })),
    },
    'pr_curve.json': {
      curves: r.curves.map((c) => ({
        class: c.class,
        ...thin({ precision: c.pr.precision, recall: c.pr.recall, thresholds: c.pr.thresholds }),
      })),
    },
    'calibration.json': r.calibration
      ? {
          positiveClass: r.classes[1],
          bins: 10,
          strategy: 'uniform',
          meanPredicted: Array.from(r.calibration.meanPredicted),
          fractionPositive: Array.from(r.calibration.fractionPositive),
          counts: Array.from(r.calibration.counts),
        }
      : { positiveClass: null, note: 'calibration curves are computed for binary tasks only' },
    'evaluation.json': { ...context, task: r.task, classes: r.classes, rows: r.rows, metrics },
  };
  return { metrics, artifacts };
}

/** RMSE, MAE, R2, MAPE and the residual distribution. */
export function regressionEvaluation(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  context: Record<string, unknown>,
): EvaluationOutput {
  const r = evaluateRegression(yTrue, yPred);
  const metrics = finite({ rmse: r.rmse, mae: r.mae, r2: r.r2, mape: r.mape });
  return {
    metrics,
    artifacts: {
      'residuals.json': r.residuals,
      'evaluation.json': { ...context, task: 'regression', rows: r.rows, metrics },
    },
  };
}
