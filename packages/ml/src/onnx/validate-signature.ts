import { MlError } from '../errors.ts';
import type { ModelSignature, TensorSignature } from './model-signature.ts';

/**
 * The ways a declared signature disagrees with the graph's own (as `readOnnxModel` reads
 * it): every graph input must be declared with its element type and a compatible shape
 * (fixed sizes equal; symbolic or unknown sizes match anything), every declared output
 * must exist with its type, and column bindings must point inside declared inputs.
 * Returns an empty list when they agree.
 */
export function signatureProblems(declared: ModelSignature, graph: ModelSignature): string[] {
  const problems: string[] = [];
  const declaredInputs = new Map(declared.inputs.map((t) => [t.name, t]));
  for (const g of graph.inputs) {
    const d = declaredInputs.get(g.name);
    if (!d) problems.push(`graph input "${g.name}" is not declared`);
    else problems.push(...tensorProblems('input', d, g));
  }
  const graphInputs = new Set(graph.inputs.map((t) => t.name));
  for (const d of declared.inputs)
    if (!graphInputs.has(d.name)) problems.push(`declared input "${d.name}" is not in the graph`);
  const graphOutputs = new Map(graph.outputs.map((t) => [t.name, t]));
  for (const d of declared.outputs) {
    const g = graphOutputs.get(d.name);
    if (!g) problems.push(`declared output "${d.name}" is not in the graph`);
    else problems.push(...tensorProblems('output', d, g));
  }
  for (const c of declared.columns ?? []) {
    const input = declaredInputs.get(c.input);
    const width = input?.shape[1];
    if (!input) problems.push(`column "${c.column}" feeds undeclared input "${c.input}"`);
    else if (typeof width === 'number' && (c.index < 0 || c.index >= width)) {
      problems.push(`column "${c.column}" feeds position ${c.index} of "${c.input}", which has ${width}`);
    } else if ((c.kind === 'numeric') !== (input.elemType === 'float' || input.elemType === 'double')) {
      problems.push(`${c.kind} column "${c.column}" cannot feed ${input.elemType} input "${c.input}"`);
    }
  }
  return problems;
}

/**
 * Throws `signature_mismatch` (with the list of problems in `details.problems`) unless the
 * declared signature agrees with the graph's.
 *
 * ```ts
 * validateSignature(uploadedSignature, readOnnxModel(bytes).signature);
 * ```
 */
export function validateSignature(declared: ModelSignature, graph: ModelSignature): void {
  const problems = signatureProblems(declared, graph);
  if (problems.length > 0) {
    throw new MlError(
      'signature_mismatch',
      `The signature does not match the graph: ${problems.join('; ')}`,
      { problems },
    );
  }
}

function tensorProblems(role: string, d: TensorSignature, g: TensorSignature): string[] {
  const problems: string[] = [];
  if (d.kind !== g.kind) problems.push(`${role} "${d.name}" is a ${g.kind} in the graph, declared ${d.kind}`);
  if (d.elemType !== g.elemType)
    problems.push(`${role} "${d.name}" has type ${g.elemType} in the graph, declared ${d.elemType}`);
  if (g.shape.length > 0 && d.shape.length > 0) {
    if (g.shape.length !== d.shape.length) {
      problems.push(
        `${role} "${d.name}" has rank ${g.shape.length} in the graph, declared ${d.shape.length}`,
      );
    } else {
      g.shape.forEach((dim, i) => {
        const other = d.shape[i];
        if (typeof dim === 'number' && typeof other === 'number' && dim !== other) {
          problems.push(`${role} "${d.name}" has size ${dim} on axis ${i} in the graph, declared ${other}`);
        }
      });
    }
  }
  return problems;
}
