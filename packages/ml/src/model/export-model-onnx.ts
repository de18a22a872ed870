import {
  emitClassificationHead,
  emitRegressionHead,
  OUTPUT_LABEL,
  OUTPUT_PREDICTION,
  OUTPUT_PROBABILITIES,
} from '../onnx/export-heads.ts';
import { emitLinear } from '../onnx/export-linear.ts';
import { CATEGORICAL_INPUT, emitPreprocessing, NUMERIC_INPUT } from '../onnx/export-preprocessing.ts';
import { emitTreeEnsemble } from '../onnx/export-trees.ts';
import { GraphBuilder, ML_DOMAIN } from '../onnx/graph-builder.ts';
import type { ModelSignature, TensorSignature } from '../onnx/model-signature.ts';
import { encodeModel } from '../onnx/onnx-encode.ts';
import type { ValueInfo } from '../onnx/onnx-types.ts';
import type { TrainedModel } from './learner-spec.ts';

/** The opsets Baton's graphs import: ai.onnx 17 and ai.onnx.ml 3 (TreeEnsembleRegressor). */
export const EXPORT_OPSETS = { '': 17, [ML_DOMAIN]: 3 } as const;
/** Metadata key under which the signature is stored in the graph. */
export const SIGNATURE_METADATA_KEY = 'baton.signature';

/** An exported model: ONNX bytes and the signature that goes with them. */
export interface ExportedModel {
  readonly onnx: Uint8Array;
  readonly signature: ModelSignature;
}

/**
 * Exports preprocessing and learner as one ONNX graph that onnxruntime runs alone. Inputs:
 * `numeric_features` `[N, F]` float32 (NaN for missing) and `categorical_features` `[N, C]`
 * strings (`''` for missing), each present only if the model has such columns. Outputs:
 * `label` `[N]` strings and `probabilities` `[N, K]` float32 for classification, or
 * `prediction` `[N]` float32 for regression.
 *
 * ```ts
 * const { onnx, signature } = exportModelOnnx(model);
 * const feeds = onnxFeeds(signature, table); // then wrap in ort.Tensor and session.run
 * ```
 */
export function exportModelOnnx(model: TrainedModel, producerVersion = '0.1.0'): ExportedModel {
  const g = new GraphBuilder();
  const features = emitPreprocessing(g, model.preprocessor);
  const learner = model.learner;
  const classes = model.classes ?? [];
  const K = classes.length;
  if (learner.kind === 'ridge_regression') {
    emitRegressionHead(g, emitLinear(g, learner, features));
  } else if (learner.kind === 'logistic_regression') {
    const margins = emitLinear(g, learner, features);
    emitClassificationHead(g, { kind: K === 2 ? 'binary_margin' : 'margins', tensor: margins }, classes);
  } else if (learner.kind === 'gbdt') {
    const raw = emitTreeEnsemble(
      g,
      {
        trees: learner.trees,
        treeOutputs: learner.treeOutputs,
        nTargets: learner.nOutputs,
        aggregate: 'SUM',
        baseValues: learner.baseScores,
      },
      features,
    );
    if (model.task === 'regression') emitRegressionHead(g, raw);
    else emitClassificationHead(g, { kind: K === 2 ? 'binary_margin' : 'margins', tensor: raw }, classes);
  } else {
    const raw = emitTreeEnsemble(
      g,
      { trees: learner.trees, nTargets: learner.nOutputs, aggregate: 'AVERAGE' },
      features,
    );
    if (model.task === 'regression') emitRegressionHead(g, raw);
    else
      emitClassificationHead(
        g,
        { kind: K === 2 ? 'binary_probability' : 'probabilities', tensor: raw },
        classes,
      );
  }
  const signature = modelSignature(model);
  const toValueInfo = (t: TensorSignature): ValueInfo => ({
    name: t.name,
    elemType: t.elemType as ValueInfo['elemType'],
    shape: t.shape,
  });
  const onnx = encodeModel({
    graphName: `baton_${learner.kind}`,
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: signature.inputs.map(toValueInfo),
    outputs: signature.outputs.map(toValueInfo),
    opsets: EXPORT_OPSETS,
    irVersion: 8,
    producerName: 'baton',
    producerVersion,
    docString: `Baton ${learner.kind} for ${model.task} of "${model.target}"`,
    metadata: { [SIGNATURE_METADATA_KEY]: JSON.stringify(signature) },
  });
  return { onnx, signature };
}

/** The signature of a trained model's exported graph. */
export function modelSignature(model: TrainedModel): ModelSignature {
  const prep = model.preprocessor;
  const tensor = (name: string, elemType: string, shape: TensorSignature['shape']): TensorSignature => ({
    name,
    elemType,
    shape,
    kind: 'tensor',
  });
  const inputs: TensorSignature[] = [];
  if (prep.numericColumns.length > 0)
    inputs.push(tensor(NUMERIC_INPUT, 'float', ['N', prep.numericColumns.length]));
  if (prep.categoricalColumns.length > 0) {
    inputs.push(tensor(CATEGORICAL_INPUT, 'string', ['N', prep.categoricalColumns.length]));
  }
  const outputs =
    model.task === 'regression'
      ? [tensor(OUTPUT_PREDICTION, 'float', ['N'])]
      : [
          tensor(OUTPUT_LABEL, 'string', ['N']),
          tensor(OUTPUT_PROBABILITIES, 'float', ['N', model.classes?.length ?? 0]),
        ];
  return {
    inputs,
    outputs,
    columns: [
      ...prep.numericColumns.map((column, index) => ({
        column,
        kind: 'numeric' as const,
        input: NUMERIC_INPUT,
        index,
      })),
      ...prep.categoricalColumns.map((column, index) => ({
        column,
        kind: 'categorical' as const,
        input: CATEGORICAL_INPUT,
        index,
      })),
    ],
    task: model.task,
    ...(model.classes ? { classes: model.classes } : {}),
    target: model.target,
  };
}
