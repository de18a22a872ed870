import type { JobKind } from '../jobs/define-job-kind.ts';
import { JobCatalogue } from '../jobs/job-catalogue.ts';
import { evaluateModelJob } from './evaluate-model.ts';
import { trainingFitJob } from './fit-job.ts';
import { tuningFinalizeJob, tuningTrialJob } from './tuning-jobs.ts';

/** The training lane's job kinds, for the server's and workers' catalogues. */
export const trainingJobKinds = (): JobKind[] => [
  trainingFitJob as JobKind,
  tuningTrialJob as JobKind,
  tuningFinalizeJob as JobKind,
  evaluateModelJob as JobKind,
];

let catalogue: JobCatalogue | undefined;
/** The catalogue the lane's verbs enqueue with (it validates payloads; workers run the kinds). */
export const trainingJobCatalogue = (): JobCatalogue => {
  catalogue ??= new JobCatalogue(trainingJobKinds());
  return catalogue;
};
