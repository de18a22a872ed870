import { describe, expect, test } from 'vitest';
import {
  categoricalColumn,
  columnTable,
  exportModelOnnx,
  type FitModelInput,
  featureMatrix,
  fitGbdt,
  fitModel,
  MlError,
  type MlErrorCode,
  numericColumn,
  onnxFeeds,
  readOnnxModel,
  stratifiedKFold,
  tableFromRecords,
  validateSignature,
} from '../src/index.ts';
import { loadOnnxModel } from '../src/runtime/index.ts';
import { mixedTable } from './support/synthetic.ts';

function expectCode(fn: () => unknown, code: MlErrorCode): MlError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MlError);
    expect((err as MlError).code).toBe(code);
    expect((err as MlError).message.length).toBeGreaterThan(10);
    return err as MlError;
  }
  throw new Error(`expected MlError ${code}`);
}

const base = (over: Partial<FitModelInput> = {}): FitModelInput => ({
  table: columnTable([
    numericColumn('x', [1, 2, 3, 4, 5, 6]),
    categoricalColumn('y', ['a', 'b', 'a', 'b', 'a', 'b']),
  ]),
  target: 'y',
  task: 'classification',
  learner: { kind: 'logistic' },
  ...over,
});

describe('bad input gets a typed MlError', () => {
  test('target_missing: no such column, or missing target values', () => {
    const e = expectCode(() => fitModel(base({ target: 'nope' })), 'target_missing');
    expect(e.details.column).toBe('nope');
    const table = columnTable([numericColumn('x', [1, 2, 3]), categoricalColumn('y', ['a', null, 'b'])]);
    expectCode(() => fitModel(base({ table })), 'target_missing');
  });

  test('constant_target: one class, or a constant numeric target', () => {
    const one = columnTable([numericColumn('x', [1, 2, 3]), categoricalColumn('y', ['a', 'a', 'a'])]);
    expectCode(() => fitModel(base({ table: one })), 'constant_target');
    const flat = columnTable([numericColumn('x', [1, 2, 3]), numericColumn('y', [5, 5, 5])]);
    expectCode(
      () => fitModel(base({ table: flat, task: 'regression', learner: { kind: 'ridge' } })),
      'constant_target',
    );
  });

  test('single_example_class: in training and in stratified folds', () => {
    const table = columnTable([
      numericColumn('x', [1, 2, 3, 4]),
      categoricalColumn('y', ['a', 'a', 'a', 'b']),
    ]);
    const e = expectCode(() => fitModel(base({ table })), 'single_example_class');
    expect(e.details.classes).toEqual(['b']);
    expectCode(() => stratifiedKFold([0, 0, 0, 1], 2, 1), 'single_example_class');
  });

  test('all_missing_feature: numeric and categorical, for every learner', () => {
    const table = columnTable([
      numericColumn('x', [1, 2, 3, 4]),
      numericColumn('empty', [null, null, null, null]),
      categoricalColumn('y', ['a', 'b', 'a', 'b']),
    ]);
    for (const kind of ['logistic', 'gbdt', 'random_forest'] as const) {
      expect(
        expectCode(() => fitModel(base({ table, learner: { kind } })), 'all_missing_feature').details.column,
      ).toBe('empty');
    }
    const cat = columnTable([
      categoricalColumn('c', [null, null, null, null]),
      categoricalColumn('y', ['a', 'b', 'a', 'b']),
    ]);
    expectCode(() => fitModel(base({ table: cat })), 'all_missing_feature');
  });

  test('non_numeric_value: a string in a numeric column', () => {
    const e = expectCode(
      () => tableFromRecords([{ x: '1' }, { x: 'NA' }, { x: 'abc' }], { x: 'numeric' }),
      'non_numeric_value',
    );
    expect(e.details).toMatchObject({ column: 'x', row: 2, value: 'abc' });
    const table = columnTable([numericColumn('x', [1, 2, 3]), categoricalColumn('y', ['1', '2', 'x'])]);
    expectCode(
      () => fitModel(base({ table, task: 'regression', learner: { kind: 'ridge' } })),
      'non_numeric_value',
    );
  });

  test('too_many_categories: above the cap, unless asked to keep the most frequent', () => {
    const table = mixedTable(200, 1);
    const input = {
      table,
      target: 'churn',
      task: 'classification' as const,
      learner: { kind: 'gbdt' as const, params: { nTrees: 2 } },
    };
    const e = expectCode(
      () => fitModel({ ...input, preprocessing: { maxCategories: 3 } }),
      'too_many_categories',
    );
    expect(e.details).toMatchObject({ column: 'c1', cap: 3 });
    const kept = fitModel({
      ...input,
      preprocessing: { maxCategories: 3, categoryOverflow: 'keep_most_frequent' },
    });
    expect(kept.preprocessor.categories[0]).toHaveLength(3);
  });

  test('invalid_onnx: bytes that are not a model, for the reader and for onnxruntime', async () => {
    expectCode(
      () => readOnnxModel(new TextEncoder().encode('definitely not protobuf \u00ff\u00ff')),
      'invalid_onnx',
    );
    expectCode(() => readOnnxModel(new Uint8Array()), 'invalid_onnx');
    await expect(loadOnnxModel(Uint8Array.from([8, 1]))).rejects.toMatchObject({ code: 'invalid_onnx' });
  });

  test('signature_mismatch: a declared signature that the graph contradicts, or a table without a column', () => {
    const model = fitModel(base({ learner: { kind: 'gbdt', params: { nTrees: 2 } } }));
    const { onnx, signature } = exportModelOnnx(model);
    const graph = readOnnxModel(onnx).signature;
    const wrongType = { ...signature, inputs: signature.inputs.map((i) => ({ ...i, elemType: 'double' })) };
    expect(
      expectCode(() => validateSignature(wrongType, graph), 'signature_mismatch').details.problems,
    ).toHaveLength(1);
    expectCode(
      () =>
        validateSignature(
          { ...signature, outputs: [{ name: 'scores', elemType: 'float', shape: [], kind: 'tensor' }] },
          graph,
        ),
      'signature_mismatch',
    );
    expectCode(
      () => onnxFeeds(signature, columnTable([categoricalColumn('x', ['1'])])),
      'signature_mismatch',
    );
  });

  test('invalid_param: out-of-range parameters and mismatched shapes', () => {
    expectCode(
      () => fitModel(base({ learner: { kind: 'gbdt', params: { learningRate: 0 } } })),
      'invalid_param',
    );
    expectCode(
      () => fitModel(base({ learner: { kind: 'gbdt', params: { maxBins: 300 } } })),
      'invalid_param',
    );
    expectCode(
      () => fitModel(base({ learner: { kind: 'random_forest', params: { maxFeatures: 2 } } })),
      'invalid_param',
    );
    expectCode(() => fitModel(base({ learner: { kind: 'ridge' } })), 'invalid_param');
    expectCode(() => fitModel(base({ preprocessing: { categoricalEncoding: 'ordinal' } })), 'invalid_param');
    expectCode(() => fitGbdt(featureMatrix(2, 1, [1, 2]), [0, 1, 1], 'binary_logistic', 2), 'invalid_param');
  });
});
