import type { ModelSignature } from '../onnx/model-signature.ts';
import { exportModelOnnx } from './export-model-onnx.ts';
import { type FitModelInput, fitModel } from './fit-model.ts';
import type { ModelTask } from './learner-spec.ts';

/**
 * What a fit hands on when only the servable graph matters: the ONNX bytes with their
 * signature, the loss curves and the importances. Every field survives structured cloning,
 * so the fit can run on another thread.
 */
export interface FittedGraph {
  readonly task: ModelTask;
  readonly classes: readonly string[] | null;
  readonly onnx: Uint8Array;
  readonly signature: ModelSignature;
  readonly history: { readonly train: readonly number[]; readonly validation: readonly number[] };
  readonly featureImportance: readonly { readonly column: string; readonly importance: number }[];
  /** Boosting rounds or trees fitted (0 for linear models). */
  readonly rounds: number;
}

/** Told after each boosting round or forest tree: how many are done out of how many. */
export type RoundListener = (done: number, total: number) => void;

/**
 * Fits preprocessing and learner (`fitModel`) and exports both as one ONNX graph
 * (`exportModelOnnx`), reporting each boosting round or tree to `onRound`.
 *
 * ```ts
 * const graph = fitGraph({ table, target: 'Class', task: 'classification', learner: { kind: 'gbdt' } },
 *   (done, total) => console.log(`${done}/${total}`));
 * await fs.writeFile('model.onnx', graph.onnx);
 * ```
 */
export function fitGraph(input: FitModelInput, onRound?: RoundListener): FittedGraph {
  let rounds = 0;
  const report = (done: number, total: number) => {
    rounds = done;
    onRound?.(done, total);
  };
  const learner = withRoundListener(input.learner, report);
  const model = fitModel({ ...input, learner });
  const { onnx, signature } = exportModelOnnx(model);
  return {
    task: model.task,
    classes: model.classes,
    onnx,
    signature,
    history: { train: [...model.history.train], validation: [...model.history.validation] },
    featureImportance: model.featureImportance.map((f) => ({ column: f.column, importance: f.importance })),
    rounds,
  };
}

function withRoundListener(
  learner: FitModelInput['learner'],
  onRound: RoundListener,
): FitModelInput['learner'] {
  switch (learner.kind) {
    case 'gbdt':
      return {
        kind: 'gbdt',
        params: {
          ...learner.params,
          onIteration: (p) => {
            learner.params?.onIteration?.(p);
            onRound(p.iteration, p.totalIterations);
          },
        },
      };
    case 'random_forest':
      return {
        kind: 'random_forest',
        params: {
          ...learner.params,
          onTree: (done: number, total: number) => {
            learner.params?.onTree?.(done, total);
            onRound(done, total);
          },
        },
      };
    default:
      return learner;
  }
}
