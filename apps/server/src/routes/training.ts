import { MAX_IMPORTED_MODEL_BYTES } from '@baton/contracts';
import {
  importModel,
  LEARNERS,
  ServiceError,
  startEvaluation,
  startTraining,
  startTuning,
} from '@baton/core';
import type { HandlerGroup } from './handlers.ts';

type TrainingEndpoint = 'listLearners' | 'startTraining' | 'startTuning' | 'importModel' | 'startEvaluation';

/** The training lane: built-in learners, tuning, external models and evaluations. */
export const trainingHandlers: HandlerGroup<TrainingEndpoint> = {
  listLearners: async () => ({ items: [...LEARNERS] }),
  startTraining: async ({ ctx, body }) => startTraining({ ctx, input: body }),
  startTuning: async ({ ctx, body }) => startTuning({ ctx, input: body }),
  importModel: async ({ ctx, query, upload }) => {
    if (!upload) throw new ServiceError('bad_request', 'send the model.onnx file as the request body');
    return importModel({ ctx, input: { ...query, body: upload.stream, maxBytes: MAX_IMPORTED_MODEL_BYTES } });
  },
  startEvaluation: async ({ ctx, body }) => startEvaluation({ ctx, input: body }),
};
