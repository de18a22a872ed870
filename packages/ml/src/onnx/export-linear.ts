import type { LogisticRegressionModel } from '../linear/logistic-regression.ts';
import type { RidgeRegressionModel } from '../linear/ridge-regression.ts';
import type { GraphBuilder } from './graph-builder.ts';
import { attr } from './onnx-types.ts';

/**
 * Adds a LinearRegressor (`post_transform = NONE`) computing the model's raw outputs from
 * the `[N, D]` features: `[N, 1]` for ridge and binary logistic, `[N, K]` margins for
 * multinomial logistic. LinearClassifier is avoided: its binary scores and labels follow
 * conventions of their own, while the head derives both from these margins.
 */
export function emitLinear(
  g: GraphBuilder,
  model: LogisticRegressionModel | RidgeRegressionModel,
  features: string,
): string {
  const coefficients = model.coefficients;
  const intercepts = model.kind === 'ridge_regression' ? [model.intercept] : Array.from(model.intercepts);
  return g.ml(
    'LinearRegressor',
    [features],
    [
      attr.floats('coefficients', coefficients),
      attr.floats('intercepts', intercepts),
      attr.int('targets', intercepts.length),
      attr.string('post_transform', 'NONE'),
    ],
  );
}
