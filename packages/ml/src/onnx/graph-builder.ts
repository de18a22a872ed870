import type { Attribute, NodeSpec, TensorInit } from './onnx-types.ts';

/** The ONNX-ML domain name. */
export const ML_DOMAIN = 'ai.onnx.ml';

/**
 * Collects nodes and constants for one graph and hands out unique tensor names, so the
 * exporters can be written as straight-line code:
 *
 * ```ts
 * const g = new GraphBuilder();
 * const scaled = g.ml('Scaler', [input], [attr.floats('offset', mean), attr.floats('scale', inv)]);
 * const probs = g.op('Sigmoid', [scaled]);
 * ```
 */
export class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: TensorInit[] = [];
  private readonly names = new Set<string>();

  /** Reserves a name (graph inputs and outputs keep theirs exactly). */
  reserve(name: string): string {
    this.names.add(name);
    return name;
  }

  /** A fresh tensor name starting with `prefix`. */
  fresh(prefix: string): string {
    let name = prefix;
    for (let i = 1; this.names.has(name); i++) name = `${prefix}_${i}`;
    this.names.add(name);
    return name;
  }

  /** Adds an ai.onnx node with one output; returns the output name (or `output` if given). */
  op(op: string, inputs: readonly string[], attributes: readonly Attribute[] = [], output?: string): string {
    return this.node('', op, inputs, attributes, output);
  }

  /** Adds an ai.onnx.ml node with one output. */
  ml(op: string, inputs: readonly string[], attributes: readonly Attribute[] = [], output?: string): string {
    return this.node(ML_DOMAIN, op, inputs, attributes, output);
  }

  /** Adds a constant tensor as an initializer; returns its name. */
  constant(prefix: string, tensor: Omit<TensorInit, 'name'>): string {
    const name = this.fresh(prefix);
    this.initializers.push({ ...tensor, name });
    return name;
  }

  private node(
    domain: string,
    op: string,
    inputs: readonly string[],
    attributes: readonly Attribute[],
    output?: string,
  ): string {
    const out = output ?? this.fresh(op.toLowerCase());
    this.nodes.push({ op, domain, inputs, outputs: [out], name: this.fresh(`${op}_node`), attributes });
    return out;
  }
}
