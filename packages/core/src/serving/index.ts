export * from './create-deployment.ts';
export * from './delete-deployment.ts';
export { parseServingConfig } from './deployment-repo.ts';
export * from './export-predictions.ts';
export * from './list-deployments.ts';
export { type PredictionLogRow, writePredictionLog } from './prediction-log.ts';
export * from './read-predictions.ts';
export * from './served-deployment.ts';
export * from './update-deployment.ts';
