import type { GraphBuilder } from './graph-builder.ts';
import { attr } from './onnx-types.ts';

/** Output names of every Baton-exported graph. */
export const OUTPUT_LABEL = 'label';
export const OUTPUT_PROBABILITIES = 'probabilities';
export const OUTPUT_PREDICTION = 'prediction';

/** What the model part of the graph produces for a classification task. */
export type ClassScores =
  /** `[N, 1]` margin of the positive class. */
  | { readonly kind: 'binary_margin'; readonly tensor: string }
  /** `[N, K]` margins. */
  | { readonly kind: 'margins'; readonly tensor: string }
  /** `[N, 1]` probability of the positive class. */
  | { readonly kind: 'binary_probability'; readonly tensor: string }
  /** `[N, K]` probabilities. */
  | { readonly kind: 'probabilities'; readonly tensor: string };

/**
 * Turns scores into the two classification outputs. Probabilities come from explicit
 * Sigmoid/Softmax nodes (tree and linear operators keep `post_transform = NONE`, whose other
 * values onnxruntime numbers in its own order); labels come from ArgMax over those
 * probabilities and a LabelEncoder to the class names, so they can never disagree.
 */
export function emitClassificationHead(
  g: GraphBuilder,
  scores: ClassScores,
  classes: readonly string[],
): void {
  let probabilities: string;
  const probsName = g.reserve(OUTPUT_PROBABILITIES);
  if (scores.kind === 'margins') {
    probabilities = g.op('Softmax', [scores.tensor], [attr.int('axis', 1)], probsName);
  } else if (scores.kind === 'probabilities') {
    probabilities = g.op('Identity', [scores.tensor], [], probsName);
  } else {
    const positive = scores.kind === 'binary_margin' ? g.op('Sigmoid', [scores.tensor]) : scores.tensor;
    const one = g.constant('one', { elemType: 'float', dims: [], values: [1] });
    const negative = g.op('Sub', [one, positive]);
    probabilities = g.op('Concat', [negative, positive], [attr.int('axis', 1)], probsName);
  }
  const index = g.op('ArgMax', [probabilities], [attr.int('axis', 1), attr.int('keepdims', 0)]);
  g.ml(
    'LabelEncoder',
    [index],
    [
      attr.ints(
        'keys_int64s',
        classes.map((_, k) => k),
      ),
      attr.strings('values_strings', classes),
      attr.string('default_string', ''),
    ],
    g.reserve(OUTPUT_LABEL),
  );
}

/** Reshapes a `[N, 1]` regression output to the `[N]` output `prediction`. */
export function emitRegressionHead(g: GraphBuilder, values: string): void {
  const shape = g.constant('flat_shape', { elemType: 'int64', dims: [1], values: [-1] });
  g.op('Reshape', [values, shape], [], g.reserve(OUTPUT_PREDICTION));
}
