import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { projectParams } from './common.ts';
import {
  evaluationSpecSchema,
  evaluationStartedSchema,
  importedModelSchema,
  importModelQuerySchema,
  learnerDocSchema,
  trainingSpecSchema,
  trainingStartedSchema,
  tuningSpecSchema,
  tuningStartedSchema,
} from './training-schemas.ts';

const train = { kind: 'project', permission: 'model.train' } as const;
const read = { kind: 'project', permission: 'experiment.read' } as const;
const tag = 'training';
/** Largest `model.onnx` an import may carry. */
export const MAX_IMPORTED_MODEL_BYTES = 512 * 1024 ** 2;

export const listLearners = defineEndpoint({
  id: 'listLearners',
  method: 'GET',
  path: '/api/v1/projects/:project/training/learners',
  summary: 'The built-in learners with the tasks they do and their parameters',
  tag,
  access: read,
  params: projectParams,
  response: z.object({ items: z.array(learnerDocSchema) }),
});

export const startTraining = defineEndpoint({
  id: 'startTraining',
  method: 'POST',
  path: '/api/v1/projects/:project/training/runs',
  summary:
    'Train a built-in learner on a dataset version: a tracked run (params, loss curves, evaluation, model.onnx) fitted by a `training.fit` job',
  tag,
  access: train,
  params: projectParams,
  body: trainingSpecSchema.strict(),
  response: trainingStartedSchema,
  status: 202,
});

export const startTuning = defineEndpoint({
  id: 'startTuning',
  method: 'POST',
  path: '/api/v1/projects/:project/training/tuning',
  summary:
    'Grid or random search with k-fold cross-validation: a parent run, one child run and job per trial, the best refitted on the parent',
  tag,
  access: train,
  params: projectParams,
  body: tuningSpecSchema.strict(),
  response: tuningStartedSchema,
  status: 202,
});

export const importModel = defineEndpoint({
  id: 'importModel',
  method: 'POST',
  path: '/api/v1/projects/:project/training/imports',
  summary:
    'Bring a model.onnx trained elsewhere (the raw request body): validated in onnxruntime, stored on a new run with its signature',
  tag,
  access: train,
  params: projectParams,
  query: importModelQuerySchema,
  upload: { maxBytes: MAX_IMPORTED_MODEL_BYTES, contentTypes: ['application/octet-stream'] },
  response: importedModelSchema,
  status: 201,
});

export const startEvaluation = defineEndpoint({
  id: 'startEvaluation',
  method: 'POST',
  path: '/api/v1/projects/:project/training/evaluations',
  summary: "Score a run's model.onnx on a dataset version in onnxruntime; the metrics go to a child run",
  tag,
  access: train,
  params: projectParams,
  body: evaluationSpecSchema.strict(),
  response: evaluationStartedSchema,
  status: 202,
});
