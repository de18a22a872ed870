import { describe, expect, test } from 'vitest';
import {
  type ColumnTable,
  categoricalColumn,
  columnTable,
  createRng,
  featureMatrix,
  fitLogisticRegression,
  fitModel,
  type LogisticRegressionModel,
  numericColumn,
  predictModel,
  type RidgeRegressionModel,
} from '../../src/index.ts';
import { logisticObjective } from '../../src/linear/logistic-objective.ts';
import { GERMAN_CREDIT, loadCsvTable } from '../support/csv.ts';
import { expectClose, readFixture } from '../support/fixtures.ts';
import { MIXED_FEATURES, mixedTable } from '../support/synthetic.ts';

// Coefficients against scikit-learn's LogisticRegression / Ridge on standardised features.
// Mapping: Baton l2 = 1 / C (LogisticRegression), Baton l2 = alpha (Ridge). The brief asks
// for 1e-4; both sides converge far tighter, so we check 1e-6 as well.
interface LogisticFit {
  C: number;
  l2: number;
  coef: number[][];
  intercept: number[];
  proba: number[];
}
interface Fixture {
  german_credit: { features: string[]; fits: LogisticFit[] };
  wine: { fits: LogisticFit[] };
  diabetes: { fits: { alpha: number; coef: number[]; intercept: number }[] };
}
interface Datasets {
  wine: { features: string[]; X: number[][]; y: number[] };
  diabetes: { features: string[]; X: number[][]; y: number[] };
}
const fixture = readFixture<Fixture>('linear-models.json');
const datasets = readFixture<Datasets>('datasets.json');

function tableOf(
  features: string[],
  X: number[][],
  target: { name: string; values: (string | number)[] },
): ColumnTable {
  const columns = features.map((f, j) =>
    numericColumn(
      f,
      X.map((row) => row[j]!),
    ),
  );
  const t = target.values;
  return columnTable([
    ...columns,
    typeof t[0] === 'string'
      ? categoricalColumn(target.name, t as string[])
      : numericColumn(target.name, t as number[]),
  ]);
}

describe('logistic regression vs scikit-learn', () => {
  const german = loadCsvTable(GERMAN_CREDIT);
  test.each(fixture.german_credit.fits.map((f) => [f.C, f] as const))(
    'german credit, binary, C=%s',
    (_c, fit) => {
      const model = fitModel({
        table: german,
        target: 'Class',
        task: 'classification',
        learner: { kind: 'logistic', params: { l2: fit.l2 } },
      });
      expect(model.classes).toEqual(['Bad', 'Good']);
      const learner = model.learner as LogisticRegressionModel;
      // Baton puts numeric columns first in table order; German credit is all numeric.
      expect(model.preprocessor.featureNames).toEqual(fixture.german_credit.features);
      expect(learner.converged).toBe(true);
      expectClose(learner.coefficients, fit.coef[0]!, 1e-6, 'coefficients');
      expectClose(learner.intercepts, fit.intercept, 1e-6, 'intercept');
      const p = predictModel(model, german);
      if (p.task === 'regression') throw new Error('expected classification');
      expectClose(p.probabilities, fit.proba, 1e-7, 'probabilities');
    },
  );

  test.each(fixture.wine.fits.map((f) => [f.C, f] as const))('wine, multinomial, C=%s', (_c, fit) => {
    const table = tableOf(datasets.wine.features, datasets.wine.X, {
      name: 'cultivar',
      values: datasets.wine.y,
    });
    const model = fitModel({
      table,
      target: 'cultivar',
      task: 'classification',
      learner: { kind: 'logistic', params: { l2: fit.l2 } },
    });
    const learner = model.learner as LogisticRegressionModel;
    expect(learner.converged).toBe(true);
    expectClose(learner.coefficients, fit.coef.flat(), 1e-5, 'coefficients');
    expectClose(learner.intercepts, fit.intercept, 1e-5, 'centred intercepts');
  });
});

describe('ridge regression vs scikit-learn', () => {
  test.each(fixture.diabetes.fits.map((f) => [f.alpha, f] as const))('diabetes, alpha=%s', (_a, fit) => {
    const table = tableOf(datasets.diabetes.features, datasets.diabetes.X, {
      name: 'progression',
      values: datasets.diabetes.y,
    });
    const model = fitModel({
      table,
      target: 'progression',
      task: 'regression',
      learner: { kind: 'ridge', params: { l2: fit.alpha } },
    });
    const learner = model.learner as RidgeRegressionModel;
    expectClose(learner.coefficients, fit.coef, 1e-8, 'coefficients');
    expect(Math.abs(learner.intercept - fit.intercept)).toBeLessThan(1e-8);
  });
});

test('logistic regression gives the same bits with helper threads (binary and multinomial)', () => {
  // From 65,536 rows the objective is summed in four fixed chunks, whatever the thread count.
  const table = mixedTable(70_000, 3);
  for (const target of ['churn', 'tier']) {
    const fit = (threads: number) =>
      (
        fitModel({
          table,
          target,
          task: 'classification',
          features: MIXED_FEATURES,
          learner: { kind: 'logistic', params: { threads } },
        }).learner as LogisticRegressionModel
      ).coefficients;
    expect(Array.from(fit(2))).toEqual(Array.from(fit(1)));
  }
});

describe('the logistic objective', () => {
  // Small fits run the matrix passes in WebAssembly; they must give the JavaScript bits.
  test.each([
    ['binary', 1],
    ['softmax', 3],
  ] as const)('%s: WebAssembly and JavaScript passes agree bit for bit', (_name, k) => {
    const rng = createRng(5);
    const n = 301;
    const d = 7; // a remainder after the four running sums
    const x = featureMatrix(
      n,
      d,
      Float64Array.from({ length: n * d }, () => rng.normal()),
    );
    const y = Int32Array.from({ length: n }, () => Math.floor(rng.next() * (k === 1 ? 2 : k)));
    const w = Float64Array.from({ length: k * (d + 1) }, () => rng.normal() * 0.3);
    const evaluate = (useWasm: boolean) => {
      const objective = logisticObjective(x, y, k, 0.5, 1, useWasm);
      const grad = new Float64Array(w.length);
      const loss = objective.evaluate(w, grad);
      objective.close();
      return { loss, grad: Array.from(grad) };
    };
    expect(evaluate(true)).toEqual(evaluate(false));
  });

  test('refuses NaN and infinite features', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const x = featureMatrix(4, 2, [0, 1, 2, 3, bad, 5, 6, 7]);
      expect(() => fitLogisticRegression(x, Int32Array.of(0, 1, 0, 1), 2)).toThrow(
        expect.objectContaining({ code: 'invalid_param' }),
      );
    }
  });
});
