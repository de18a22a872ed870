import { categoricalColumn, columnTable, exportModelOnnx, fitModel, numericColumn } from '@baton/ml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-app.ts';
import { startTrainingApp, type TrainingApp } from './training-app.ts';

// 24 rows: x numeric, city with 6 categories, empty all missing, y binary, flat constant,
// lonely with one class of a single example.
const CITIES = ['oslo', 'rome', 'lima', 'pune', 'nice', 'kyiv'];
const ROWS = [
  'x,city,empty,y,flat,lonely',
  ...Array.from(
    { length: 24 },
    (_, i) =>
      `${i},${CITIES[i % 6]},,${i % 2 === 0 ? 'a' : 'b'},same,${i === 0 ? 'solo' : i % 2 ? 'p' : 'q'}`,
  ),
].join('\n');

function smallModel() {
  const table = columnTable([
    numericColumn(
      'x',
      Array.from({ length: 40 }, (_, i) => i),
    ),
    categoricalColumn(
      'city',
      Array.from({ length: 40 }, (_, i) => CITIES[i % 6]!),
    ),
    categoricalColumn(
      'y',
      Array.from({ length: 40 }, (_, i) => (i < 20 ? 'a' : 'b')),
    ),
  ]);
  return exportModelOnnx(
    fitModel({ table, target: 'y', task: 'classification', learner: { kind: 'logistic' } }),
  );
}

for (const dialect of DIALECTS) {
  describe(`training bad input and access on ${dialect}`, () => {
    let d: TrainingApp;
    beforeAll(async () => {
      d = await startTrainingApp(dialect);
      expect((await d.upload('small', ROWS)).statusCode).toBe(201);
      await d.settle();
    });
    afterAll(() => d.close());

    const trainFails = async (body: Record<string, unknown>, code: string) => {
      const res = await d.post('runs', {
        dataset: 'small@1',
        learner: 'gbdt',
        params: { nTrees: 5 },
        ...body,
      });
      expect(res.statusCode, res.body).toBe(202);
      await d.settle();
      const job = await d.job(res.json().jobId);
      expect(job.status).toBe('failed');
      expect(job.attempts).toBe(1);
      expect(job.error).toContain(code);
      const run = await d.run(res.json().runId);
      expect(run.info.status).toBe('FAILED');
      expect(run.tags['baton.error.code']).toBe(code);
      expect(run.tags['baton.error.message']).toBeTruthy();
    };

    it('refuses a target that is not a column, at once', async () => {
      const res = await d.post('runs', { dataset: 'small@1', target: 'nope', learner: 'gbdt' });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('bad_request');
      expect(res.json().detail).toContain('target_missing');
    });
    it('fails a constant target', () => trainFails({ target: 'flat' }, 'constant_target'));
    it('fails a class with one example', () =>
      trainFails({ target: 'lonely', features: ['x'] }, 'single_example_class'));
    it('fails an all-missing feature', () =>
      trainFails({ target: 'y', features: ['x', 'empty'] }, 'all_missing_feature'));
    it('fails non-numeric values in a column read as numeric', () =>
      trainFails(
        { target: 'y', features: ['x', 'city'], columnTypes: { city: 'numeric' } },
        'non_numeric_value',
      ));
    it('fails more categories than the cap', () =>
      trainFails({ target: 'y', features: ['x', 'city'], maxCategories: 3 }, 'too_many_categories'));

    it('refuses unknown params, wrong types and a learner that cannot do the task', async () => {
      const unknown = await d.post('runs', {
        dataset: 'small@1',
        target: 'y',
        learner: 'gbdt',
        params: { trees: 5 },
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().detail).toContain("no param 'trees'");
      const typed = await d.post('runs', {
        dataset: 'small@1',
        target: 'y',
        learner: 'gbdt',
        params: { nTrees: 'many' },
      });
      expect(typed.statusCode).toBe(400);
      const task = await d.post('runs', {
        dataset: 'small@1',
        target: 'y',
        learner: 'ridge',
        task: 'classification',
      });
      expect(task.statusCode).toBe(400);
      const missing = await d.post('runs', { dataset: 'nothing@1', target: 'y', learner: 'gbdt' });
      expect(missing.statusCode).toBe(404);
    });

    it('refuses a version that failed its quality suite unless forced, and audits the force', async () => {
      const suite = await d.t.call('PUT', `${d.base}/datasets/small/suites/strict`, {
        token: d.engineer.token,
        body: { source: 'checks:\n  - { type: row_count_between, min: 1000 }\n' },
      });
      expect(suite.statusCode, suite.body).toBe(200);
      await d.settle();
      const refused = await d.post('runs', {
        dataset: 'small@1',
        target: 'y',
        learner: 'gbdt',
        params: { nTrees: 5 },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().code).toBe('bad_request');
      expect(refused.json().detail).toContain('failed its quality suite');
      // Tuning and evaluation on the failed version are refused the same way.
      const tuning = await d.post('tuning', {
        dataset: 'small@1',
        target: 'y',
        features: ['x', 'city'],
        learner: 'gbdt',
        search: 'grid',
        space: { maxDepth: [2] },
        metric: 'accuracy',
      });
      expect(tuning.statusCode, tuning.body).toBe(400);
      expect(tuning.json().detail).toContain('failed its quality suite');
      const forcedAudits = () =>
        d.t.services.db
          .selectFrom('audit_log')
          .selectAll()
          .where('action', '=', 'training.force_failed_version')
          .where('project_id', '=', d.project.id)
          .execute();
      const forced = await d.post('runs', {
        dataset: 'small@1',
        target: 'y',
        features: ['x', 'city'],
        learner: 'gbdt',
        params: { nTrees: 5 },
        force: true,
      });
      expect(forced.statusCode, forced.body).toBe(202);
      const audit = await forcedAudits();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.after_json).toContain(forced.json().runId);
      await d.settle();
      expect((await d.run(forced.json().runId)).info.status).toBe('FINISHED');
      // A forced tuning is audited the same way (on its parent run).
      const forcedTuning = await d.post('tuning', {
        dataset: 'small@1',
        target: 'y',
        features: ['x', 'city'],
        learner: 'gbdt',
        params: { nTrees: 3 },
        search: 'grid',
        space: { maxDepth: [2] },
        metric: 'accuracy',
        folds: 2,
        force: true,
      });
      expect(forcedTuning.statusCode, forcedTuning.body).toBe(202);
      const audited = await forcedAudits();
      expect(audited).toHaveLength(2);
      expect(audited.some((a) => a.after_json?.includes(forcedTuning.json().parentRunId))).toBe(true);
      await d.settle();
    });

    it('imports an external model.onnx: non-ONNX and mismatched signatures are refused', async () => {
      const upload = (body: Buffer | Uint8Array, query = '', token = d.mlEngineer.token) =>
        d.t.app.inject({
          method: 'POST',
          url: `${d.base}/training/imports${query}`,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
          payload: Buffer.from(body),
        });
      const notOnnx = await upload(Buffer.from('this is not a model'));
      expect(notOnnx.statusCode).toBe(400);
      expect(notOnnx.json().code).toBe('invalid_onnx');
      const { onnx, signature } = smallModel();
      const wrong = {
        ...signature,
        inputs: [{ ...signature.inputs[0]!, name: 'features' }, ...signature.inputs.slice(1)],
      };
      const mismatch = await upload(onnx, `?signature=${encodeURIComponent(JSON.stringify(wrong))}`);
      expect(mismatch.statusCode).toBe(400);
      expect(mismatch.json().code).toBe('signature_mismatch');
      expect(mismatch.json().detail).toContain('features');
      const denied = await upload(onnx, '', d.viewer.token);
      expect(denied.statusCode).toBe(403);
      const ok = await upload(
        onnx,
        `?name=ext&framework=sklearn&signature=${encodeURIComponent(JSON.stringify(signature))}`,
      );
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json().signatureSource).toBe('declared');
      const run = await d.run(ok.json().runId);
      expect(run.info.status).toBe('FINISHED');
      expect(run.tags['baton.source']).toBe('external');
      expect(Buffer.compare(await d.artifact(run.info.id, 'model.onnx'), Buffer.from(onnx))).toBe(0);
      const inferred = await upload(onnx);
      expect(inferred.statusCode).toBe(201);
      expect(inferred.json().signatureSource).toBe('graph');
      expect(inferred.json().signature.classes).toEqual(['a', 'b']);
      // A graph-only signature of a foreign graph binds no columns: it cannot be evaluated.
      const bare = await upload(
        onnx,
        `?signature=${encodeURIComponent(JSON.stringify({ inputs: signature.inputs, outputs: signature.outputs }))}`,
      );
      expect(bare.statusCode, bare.body).toBe(201);
      const unbound = await d.post('evaluations', {
        run: bare.json().runId,
        dataset: 'small@1',
        target: 'y',
        force: true,
      });
      expect(unbound.statusCode).toBe(400);
      expect(unbound.json().code).toBe('signature_mismatch');
      // Evaluation refuses a failed version unless forced, and a target the version lacks.
      const unforced = await d.post('evaluations', { run: run.info.id, dataset: 'small@1', target: 'y' });
      expect(unforced.statusCode).toBe(400);
      expect(unforced.json().detail).toContain('failed its quality suite');
      const noTarget = await d.post('evaluations', {
        run: run.info.id,
        dataset: 'small@1',
        target: 'nope',
        force: true,
      });
      expect(noTarget.statusCode).toBe(400);
      expect(noTarget.json().detail).toContain('target_missing');
      // The imported model evaluates on a dataset version like Baton's own.
      const evaluation = await d.post('evaluations', {
        run: run.info.id,
        dataset: 'small@1',
        target: 'y',
        force: true,
      });
      expect(evaluation.statusCode, evaluation.body).toBe(202);
      const evaluationAudit = await d.t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'training.force_failed_version')
        .where('project_id', '=', d.project.id)
        .execute();
      expect(evaluationAudit.some((a) => a.after_json?.includes(evaluation.json().runId))).toBe(true);
      await d.settle();
      const evaluated = await d.run(evaluation.json().runId);
      expect(evaluated.info.status).toBe('FINISHED');
      expect(evaluated.metrics.find((m) => m.key === 'test_accuracy')).toBeDefined();
    });

    it('lets ML engineers, data scientists and researchers train; other roles get 403 on every training verb', async () => {
      const body = {
        dataset: 'small@1',
        target: 'y',
        features: ['x', 'city'],
        learner: 'gbdt',
        params: { nTrees: 3 },
        force: true,
      };
      const researcher = await d.t.userWithRoles(d.project, ['ml-researcher']);
      const trained: string[] = [];
      for (const trainer of [d.mlEngineer, d.scientist, researcher]) {
        const res = await d.post('runs', body, trainer.token);
        expect(res.statusCode, res.body).toBe(202);
        trained.push(res.json().runId);
      }
      await d.settle();
      const { onnx } = smallModel();
      const verbs: Record<string, (token: string) => Promise<{ statusCode: number; json(): unknown }>> = {
        train: (token) => d.post('runs', body, token),
        tune: (token) =>
          d.post('tuning', { ...body, search: 'grid', space: { maxDepth: [2] }, metric: 'accuracy' }, token),
        import: (token) =>
          d.t.app.inject({
            method: 'POST',
            url: `${d.base}/training/imports?name=ext`,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
            payload: Buffer.from(onnx),
          }),
        evaluate: (token) =>
          d.post('evaluations', { run: trained[0], dataset: 'small@1', target: 'y', force: true }, token),
      };
      for (const [verb, call] of Object.entries(verbs)) {
        for (const [role, user] of [
          ['viewer', d.viewer],
          ['data-engineer', d.engineer],
        ] as const) {
          const res = await call(user.token);
          expect(res.statusCode, `${verb} as ${role}`).toBe(403);
          expect((res.json() as { code: string }).code, `${verb} as ${role}`).toBe('forbidden');
        }
      }
      // Viewers read the results: the runs, their artifacts and the learner catalogue.
      for (const id of trained) expect((await d.run(id)).info.status).toBe('FINISHED');
      expect((await d.artifact(trained[0]!, 'signature.json')).length).toBeGreaterThan(0);
      const learners = await d.t.call('GET', `${d.base}/training/learners`, { token: d.viewer.token });
      expect(learners.statusCode).toBe(200);
      expect(learners.json().items.map((l: { kind: string }) => l.kind)).toEqual([
        'ridge',
        'logistic',
        'gbdt',
        'random_forest',
      ]);
    });
  });
}
