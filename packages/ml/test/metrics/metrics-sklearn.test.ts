import { describe, expect, test } from 'vitest';
import {
  accuracy,
  averagePrecision,
  balancedAccuracy,
  brierScore,
  calibrationCurve,
  confusionMatrix,
  evaluateClassification,
  evaluateRegression,
  logLoss,
  mae,
  mape,
  precisionRecallCurve,
  precisionRecallF1,
  r2,
  residualDistribution,
  rmse,
  rocAuc,
  rocAucOvr,
  rocCurve,
} from '../../src/metrics/index.ts';
import { expectClose, readFixture } from '../support/fixtures.ts';

// Reference values: scikit-learn 1.2 via scripts/fixtures/make-ml-fixtures.py.
const TOL = 1e-9;

interface Prf {
  precision: number;
  recall: number;
  f1: number;
}
interface BinaryCase {
  name: string;
  y_true: number[];
  p: number[];
  accuracy: number;
  balanced_accuracy: number;
  binary: Prf;
  macro: Prf;
  weighted: Prf;
  micro: Prf;
  roc_auc: number;
  average_precision: number;
  log_loss: number;
  brier: number;
  confusion_matrix: number[][];
  roc_curve: { fpr: number[]; tpr: number[]; thresholds: number[] };
  pr_curve: { precision: number[]; recall: number[]; thresholds: number[] };
  calibration: {
    strategy: 'uniform' | 'quantile';
    n_bins: number;
    prob_true: number[];
    prob_pred: number[];
  }[];
}
interface MulticlassCase {
  name: string;
  k: number;
  y_true: number[];
  proba: number[];
  accuracy: number;
  balanced_accuracy: number;
  macro: Prf;
  weighted: Prf;
  micro: Prf;
  roc_auc_ovr_macro: number;
  roc_auc_ovr_weighted: number;
  log_loss: number;
  confusion_matrix: number[][];
}
interface RegressionCase {
  name: string;
  y_true: number[];
  y_pred: number[];
  rmse: number;
  mae: number;
  r2: number;
  mape: number;
  residual_mean: number;
  residual_std: number;
  residual_quantiles: number[];
  histogram_edges: number[];
  histogram_counts: number[];
}
const fixture = readFixture<{
  binary: BinaryCase[];
  multiclass: MulticlassCase[];
  regression: RegressionCase[];
}>('metrics.json');

const expectPrf = (actual: Prf, expected: Prf) => {
  expect(actual.precision).toBeCloseTo(expected.precision, 9);
  expect(actual.recall).toBeCloseTo(expected.recall, 9);
  expect(actual.f1).toBeCloseTo(expected.f1, 9);
};

describe.each(fixture.binary.map((c) => [c.name, c] as const))('binary metrics: %s', (_name, c) => {
  const yPred = c.p.map((p) => (p > 0.5 ? 1 : 0));
  const proba = c.p.flatMap((p) => [1 - p, p]);

  test('label metrics', () => {
    expect(accuracy(c.y_true, yPred, 2)).toBeCloseTo(c.accuracy, 9);
    expect(balancedAccuracy(c.y_true, yPred, 2)).toBeCloseTo(c.balanced_accuracy, 9);
    for (const average of ['binary', 'macro', 'weighted', 'micro'] as const) {
      expectPrf(precisionRecallF1(c.y_true, yPred, 2, average), c[average]);
    }
    expect(confusionMatrix(c.y_true, yPred, 2)).toEqual(c.confusion_matrix);
  });

  test('ranking and probability metrics', () => {
    expect(Math.abs(rocAuc(c.y_true, c.p) - c.roc_auc)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(averagePrecision(c.y_true, c.p) - c.average_precision)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(logLoss(c.y_true, proba, 2) - c.log_loss)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(brierScore(c.y_true, c.p) - c.brier)).toBeLessThanOrEqual(TOL);
  });

  test('curves', () => {
    const roc = rocCurve(c.y_true, c.p);
    expectClose(roc.fpr, c.roc_curve.fpr, TOL, 'fpr');
    expectClose(roc.tpr, c.roc_curve.tpr, TOL, 'tpr');
    expectClose(roc.thresholds, c.roc_curve.thresholds, TOL, 'roc thresholds');
    const pr = precisionRecallCurve(c.y_true, c.p);
    expectClose(pr.precision, c.pr_curve.precision, TOL, 'precision');
    expectClose(pr.recall, c.pr_curve.recall, TOL, 'recall');
    expectClose(pr.thresholds, c.pr_curve.thresholds, TOL, 'pr thresholds');
    for (const cal of c.calibration) {
      const curve = calibrationCurve(c.y_true, c.p, cal.n_bins, cal.strategy);
      expectClose(curve.fractionPositive, cal.prob_true, TOL, `${cal.strategy}/${cal.n_bins} prob_true`);
      expectClose(curve.meanPredicted, cal.prob_pred, TOL, `${cal.strategy}/${cal.n_bins} prob_pred`);
    }
  });

  test('the report agrees with the single metrics', () => {
    const report = evaluateClassification(c.y_true, proba, ['neg', 'pos']);
    expect(report.rocAuc).toBeCloseTo(c.roc_auc, 9);
    expect(report.prAuc).toBeCloseTo(c.average_precision, 9);
    expect(report.confusionMatrix).toEqual(c.confusion_matrix);
    expectPrf(report.binary!, c.binary);
  });
});

describe.each(fixture.multiclass.map((c) => [c.name, c] as const))('multiclass metrics: %s', (_name, c) => {
  test('all metrics', () => {
    const report = evaluateClassification(
      c.y_true,
      c.proba,
      Array.from({ length: c.k }, (_, i) => `c${i}`),
    );
    expect(report.accuracy).toBeCloseTo(c.accuracy, 9);
    expect(report.balancedAccuracy).toBeCloseTo(c.balanced_accuracy, 9);
    expectPrf(report.macro, c.macro);
    expectPrf(report.weighted, c.weighted);
    expect(report.confusionMatrix).toEqual(c.confusion_matrix);
    expect(Math.abs(report.rocAuc! - c.roc_auc_ovr_macro)).toBeLessThanOrEqual(TOL);
    expect(
      Math.abs(rocAucOvr(c.y_true, c.proba, c.k, 'weighted') - c.roc_auc_ovr_weighted),
    ).toBeLessThanOrEqual(TOL);
    expect(Math.abs(report.logLoss - c.log_loss)).toBeLessThanOrEqual(TOL);
    const yPred = Array.from(report.confusionMatrix.keys());
    expect(yPred.length).toBe(c.k);
    const pred = c.y_true.map((_, i) => {
      const row = c.proba.slice(i * c.k, (i + 1) * c.k);
      return row.indexOf(Math.max(...row));
    });
    expectPrf(precisionRecallF1(c.y_true, pred, c.k, 'micro'), c.micro);
  });
});

describe.each(fixture.regression.map((c) => [c.name, c] as const))('regression metrics: %s', (_name, c) => {
  test('all metrics', () => {
    expect(Math.abs(rmse(c.y_true, c.y_pred) - c.rmse)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(mae(c.y_true, c.y_pred) - c.mae)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(r2(c.y_true, c.y_pred) - c.r2)).toBeLessThanOrEqual(TOL);
    // MAPE divides by max(|y|, eps): a zero target makes it ~1e15, so compare relatively.
    expect(Math.abs(mape(c.y_true, c.y_pred) - c.mape) / Math.max(1, Math.abs(c.mape))).toBeLessThanOrEqual(
      TOL,
    );
    const residuals = residualDistribution(c.y_true, c.y_pred);
    expect(Math.abs(residuals.mean - c.residual_mean)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(residuals.std - c.residual_std)).toBeLessThanOrEqual(TOL);
    expectClose(residuals.quantiles, c.residual_quantiles, TOL, 'quantiles');
    expectClose(residuals.histogram.edges, c.histogram_edges, TOL, 'histogram edges');
    expect(residuals.histogram.counts).toEqual(c.histogram_counts);
    expect(evaluateRegression(c.y_true, c.y_pred).rmse).toBe(rmse(c.y_true, c.y_pred));
  });
});
