import { encodeTarget, takeRows, trainTestSplit } from '@baton/ml';
import { rocAuc } from '@baton/ml/metrics';
import { loadOnnxModel, runOnnxModel } from '@baton/ml/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-app.ts';
import { csvTable, GERMAN_CREDIT, startTrainingApp, type TrainingApp } from './training-app.ts';

const CLASSIFICATION_ARTIFACTS = [
  'calibration.json',
  'confusion_matrix.json',
  'evaluation.json',
  'feature_importance.json',
  'model.onnx',
  'pr_curve.json',
  'roc_curve.json',
  'signature.json',
];

for (const dialect of DIALECTS) {
  describe(`training on ${dialect}`, () => {
    let d: TrainingApp;
    let runId: string;
    beforeAll(async () => {
      d = await startTrainingApp(dialect);
      expect((await d.upload('credit', GERMAN_CREDIT)).statusCode).toBe(201);
      await d.settle();
    });
    afterAll(() => d.close());

    it('trains gbdt on german_credit through the API: a FINISHED run with lineage, curves and artifacts', async () => {
      const res = await d.post('runs', {
        dataset: 'credit@1',
        target: 'Class',
        learner: 'gbdt',
        params: { nTrees: '40', maxDepth: 3, learningRate: 0.1 },
        seed: 7,
      });
      expect(res.statusCode, res.body).toBe(202);
      runId = res.json().runId;
      await d.settle();
      const job = await d.job(res.json().jobId);
      expect(job.status, job.error ?? '').toBe('succeeded');
      const run = await d.run(runId);
      expect(run.info.status).toBe('FINISHED');
      expect(run.params).toMatchObject({
        nTrees: '40',
        maxDepth: '3',
        learner: 'gbdt',
        target: 'Class',
        task: 'classification',
      });
      expect(run.tags['baton.source']).toBe('training');
      expect(run.inputs).toHaveLength(1);
      expect(run.inputs[0]!.datasetVersionId).toBeTruthy();
      expect(run.inputs[0]!.source).toBe('baton:credit@1');
      const metric = (key: string) => run.metrics.find((m) => m.key === key)?.value;
      for (const key of [
        'test_accuracy',
        'test_balanced_accuracy',
        'test_f1',
        'test_f1_macro',
        'test_roc_auc',
        'test_pr_auc',
        'test_log_loss',
        'test_brier_score',
      ]) {
        expect(metric(key), key).toBeTypeOf('number');
      }
      expect(metric('test_roc_auc')).toBeGreaterThan(0.7);
      const history = await d.t.call('GET', `${d.base}/runs/${runId}/metrics/train_loss`, {
        token: d.viewer.token,
      });
      expect(history.json().points).toHaveLength(40);
      const losses = history.json().points.map((p: { value: number }) => p.value);
      expect(losses[39]).toBeLessThan(losses[0]);
      const validation = await d.t.call('GET', `${d.base}/runs/${runId}/metrics/validation_loss`, {
        token: d.viewer.token,
      });
      expect(validation.json().points).toHaveLength(40);
      const files = await d.t.call('GET', `${d.base}/runs/${runId}/artifacts`, { token: d.viewer.token });
      expect(
        files
          .json()
          .files.map((f: { path: string }) => f.path)
          .sort(),
      ).toEqual(CLASSIFICATION_ARTIFACTS);
    });

    it('onnxruntime loads model.onnx and reproduces the logged test AUC on the same split', async () => {
      const run = await d.run(runId);
      const logged = run.metrics.find((m) => m.key === 'test_roc_auc')!.value;
      const model = await loadOnnxModel(new Uint8Array(await d.artifact(runId, 'model.onnx')));
      const signature = JSON.parse((await d.artifact(runId, 'signature.json')).toString('utf8'));
      expect(model.signature.classes).toEqual(['Bad', 'Good']);
      expect(signature.columns).toHaveLength(61);
      const table = csvTable(GERMAN_CREDIT);
      const target = encodeTarget(table, 'Class', 'classification');
      const split = trainTestSplit(
        table.rowCount,
        0.2,
        7,
        target.kind === 'classification' ? target.y : undefined,
      );
      const test = takeRows(table, split.test);
      const out = await runOnnxModel(model, test);
      const probabilities = out.probabilities!.data as Float32Array;
      const yTest = Int32Array.from(split.test, (i) => target.y[i]!);
      const positive = Float64Array.from({ length: yTest.length }, (_, i) => probabilities[2 * i + 1]!);
      expect(rocAuc(yTest, positive)).toBeCloseTo(logged, 12);
      const confusion = JSON.parse((await d.artifact(runId, 'confusion_matrix.json')).toString('utf8'));
      expect(confusion.matrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(200);
    });

    it('hands the run to the registry: a version with its model.onnx, signature and dataset version', async () => {
      const res = await d.t.call('POST', `${d.base}/models/credit-scorer/versions`, {
        token: d.mlEngineer.token,
        body: { runId, createModel: true },
      });
      expect(res.statusCode, res.body).toBe(201);
      const run = await d.run(runId);
      expect(res.json()).toMatchObject({ runId, datasetVersionId: run.inputs[0]!.datasetVersionId });
      expect(res.json().onnxDigest).toBeTruthy();
      expect((res.json().signature as { classes: string[] }).classes).toEqual(['Bad', 'Good']);
    });

    it('infers regression for a continuous target and logs residuals', async () => {
      const res = await d.post(
        'runs',
        { dataset: 'credit@latest', target: 'Amount', learner: 'ridge', params: { l2: 1 } },
        d.mlEngineer.token,
      );
      expect(res.statusCode, res.body).toBe(202);
      await d.settle();
      const run = await d.run(res.json().runId);
      expect(run.info.status).toBe('FINISHED');
      expect(run.params.task).toBe('regression');
      expect(run.metrics.map((m) => m.key)).toEqual(
        expect.arrayContaining(['test_rmse', 'test_mae', 'test_r2', 'test_mape']),
      );
      const residuals = JSON.parse((await d.artifact(res.json().runId, 'residuals.json')).toString('utf8'));
      expect(residuals.histogram.counts.reduce((a: number, b: number) => a + b, 0)).toBe(200);
    });

    it('evaluates a trained model on a dataset version in a child run', async () => {
      const res = await d.post('evaluations', { run: runId, dataset: 'credit@1', target: 'Class' });
      expect(res.statusCode, res.body).toBe(202);
      await d.settle();
      const run = await d.run(res.json().runId);
      expect(run.info.status).toBe('FINISHED');
      expect(run.info.parentRunId).toBe(runId);
      expect(run.tags['baton.source']).toBe('evaluation');
      const confusion = JSON.parse(
        (await d.artifact(res.json().runId, 'confusion_matrix.json')).toString('utf8'),
      );
      expect(confusion.matrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(1000);
    });

    it('tunes with grid search: a child run per trial with cv mean/std, the best refitted on the parent', async () => {
      const res = await d.post('tuning', {
        dataset: 'credit@1',
        target: 'Class',
        learner: 'gbdt',
        params: { nTrees: 10 },
        search: 'grid',
        space: { maxDepth: [1, 3], learningRate: [0.3] },
        folds: 3,
        metric: 'roc_auc',
      });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json().trialRunIds).toHaveLength(2);
      await d.settle();
      const parent = await d.run(res.json().parentRunId);
      expect(parent.info.status).toBe('FINISHED');
      const trials = await Promise.all((res.json().trialRunIds as string[]).map((id) => d.run(id)));
      const means = trials.map((t) => t.metrics.find((m) => m.key === 'cv_roc_auc_mean')!.value);
      for (const t of trials) {
        expect(t.info.parentRunId).toBe(parent.info.id);
        expect(t.metrics.find((m) => m.key === 'cv_roc_auc_std')).toBeDefined();
      }
      const best = trials[means.indexOf(Math.max(...means))]!;
      expect(parent.tags['baton.best_trial']).toBe(best.info.id);
      const jobs = await Promise.all((res.json().jobIds as string[]).map((id) => d.job(id)));
      expect(jobs.map((j) => j.kind)).toEqual(['training.trial', 'training.trial']);
      const files = await d.t.call('GET', `${d.base}/runs/${parent.info.id}/artifacts`, {
        token: d.viewer.token,
      });
      expect(files.json().files.map((f: { path: string }) => f.path)).toEqual(
        expect.arrayContaining(['model.onnx', 'signature.json']),
      );
    });

    it('tunes a random forest with random search, minimising log loss', async () => {
      const res = await d.post('tuning', {
        dataset: 'credit@1',
        target: 'Class',
        learner: 'random_forest',
        search: 'random',
        space: { nTrees: { kind: 'int_uniform', low: 5, high: 10 }, maxDepth: [3, 5] },
        trials: 3,
        folds: 2,
        metric: 'log_loss',
        direction: 'minimize',
        seed: 3,
      });
      expect(res.statusCode, res.body).toBe(202);
      await d.settle();
      const trials = await Promise.all((res.json().trialRunIds as string[]).map((id) => d.run(id)));
      for (const t of trials) {
        expect(Number(t.params.nTrees)).toBeGreaterThanOrEqual(5);
        expect(Number(t.params.nTrees)).toBeLessThanOrEqual(10);
        expect(['3', '5']).toContain(t.params.maxDepth);
      }
      const losses = trials.map((t) => t.metrics.find((m) => m.key === 'cv_log_loss_mean')!.value);
      const parent = await d.run(res.json().parentRunId);
      expect(parent.info.status).toBe('FINISHED');
      expect(parent.tags['baton.best_trial']).toBe(trials[losses.indexOf(Math.min(...losses))]!.info.id);
      const bad = await d.post('tuning', {
        dataset: 'credit@1',
        target: 'Class',
        learner: 'gbdt',
        search: 'grid',
        space: { maxDepth: [2] },
        metric: 'auc',
      });
      expect(bad.statusCode).toBe(400);
    });
  });
}
