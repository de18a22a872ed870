export { evaluateModelJob, startEvaluation } from './evaluate-model.ts';
export { trainingFitJob } from './fit-job.ts';
export { type ImportModelInput, importModel } from './import-model.ts';
export { LEARNERS } from './learner-catalogue.ts';
export { fitInThisThread, type ModelFitter } from './model-fitter.ts';
export { startTraining } from './start-training.ts';
export { startTuning } from './start-tuning.ts';
export { trainingJobCatalogue, trainingJobKinds } from './training-jobs.ts';
export { tuningFinalizeJob, tuningTrialJob } from './tuning-jobs.ts';
