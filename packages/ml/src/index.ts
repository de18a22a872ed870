/**
 * `@baton/ml`: Baton's pure numerics (learners, ONNX export, metrics, statistical tests,
 * drift and fairness statistics). No I/O and no imports from the rest of Baton, so every
 * function here can be checked against reference implementations in isolation.
 */
export {};
