/**
 * `@baton/ml/tuning`: the pure parts of hyper-parameter search: seeded cross-validation
 * splits and candidate samplers. Running trials is the job of Baton's training lane.
 *
 * ```ts
 * import { gridCandidates, stratifiedKFold } from '@baton/ml/tuning';
 * for (const params of gridCandidates({ maxDepth: [3, 6] })) {
 *   for (const { train, test } of stratifiedKFold(target.y, 5, 42)) {
 *     // fit on train, score on test
 *   }
 * }
 * ```
 */
export type { Fold } from './k-fold.ts';
export { kFold, stratifiedKFold, trainTestSplit } from './k-fold.ts';
export type { ParamDistribution, ParamSet, ParamValue } from './param-search.ts';
export { gridCandidates, randomCandidates } from './param-search.ts';
