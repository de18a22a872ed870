import type { FittedPreprocessor } from '../preprocessing/preprocessor.ts';
import type { FittedLearner } from './learner-spec.ts';

/**
 * Importance per input column, normalised to sum to 1 (all zero if the model uses no
 * feature): total split gain for trees, and for linear models the sum of |coefficients| on
 * the scaled features (one-hot columns add up to their source column).
 */
export function columnImportance(
  learner: FittedLearner,
  prep: FittedPreprocessor,
): { column: string; importance: number }[] {
  const perFeature = new Float64Array(prep.featureNames.length);
  if (learner.kind === 'gbdt' || learner.kind === 'random_forest') {
    perFeature.set(learner.featureGain);
  } else {
    const d = learner.nFeatures;
    for (let i = 0; i < learner.coefficients.length; i++)
      perFeature[i % d]! += Math.abs(learner.coefficients[i]!);
  }
  const totals = new Map<string, number>();
  for (const column of [...prep.numericColumns, ...prep.categoricalColumns]) totals.set(column, 0);
  prep.featureSources.forEach((column, j) => {
    totals.set(column, (totals.get(column) ?? 0) + perFeature[j]!);
  });
  const sum = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals.entries()]
    .map(([column, v]) => ({ column, importance: sum > 0 ? v / sum : 0 }))
    .sort((a, b) => b.importance - a.importance);
}
