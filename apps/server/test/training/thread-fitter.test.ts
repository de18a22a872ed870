import { existsSync } from 'node:fs';
import path from 'node:path';
import { fitInThisThread } from '@baton/core';
import {
  categoricalColumn,
  columnTable,
  createRng,
  type FitModelInput,
  MlError,
  numericColumn,
} from '@baton/ml';
import { beforeAll, describe, expect, it } from 'vitest';
import { WARM_UP_ROWS, type WarmUpReport, warmUpInputs } from '../../src/training/fit-warm-up.ts';
import { fitWarmUpEnabled, threadFitter } from '../../src/training/thread-fitter.ts';

const WORKER = path.resolve(import.meta.dirname, '../../dist/fit-worker.js');

function syntheticTask(rows: number, seed = 7): FitModelInput {
  const rng = createRng(seed);
  const a = new Float64Array(rows);
  const b = new Float64Array(rows);
  const city: string[] = [];
  const label: string[] = [];
  for (let i = 0; i < rows; i++) {
    a[i] = rng.next() * 4 - 2;
    b[i] = i % 17 === 0 ? Number.NaN : rng.next();
    city.push(['oslo', 'lima', 'pune'][i % 3]!);
    label.push(a[i]! + (city[i] === 'lima' ? 0.8 : 0) + rng.next() > 0.9 ? 'yes' : 'no');
  }
  return {
    table: columnTable([
      numericColumn('a', a),
      numericColumn('b', b),
      categoricalColumn('city', city),
      categoricalColumn('label', label),
    ]),
    target: 'label',
    task: 'classification',
    learner: { kind: 'gbdt', params: { nTrees: 30, maxDepth: 4, seed: 3 } },
  };
}

describe('training on a worker thread', () => {
  beforeAll(() => {
    if (!existsSync(WORKER))
      throw new Error('apps/server/dist/fit-worker.js is missing: run `npm run build` first');
  });

  it('exports the same graph as a fit in this thread and reports every round', async () => {
    const input = syntheticTask(3_000);
    const rounds: number[] = [];
    const threaded = await threadFitter(WORKER)(input, (done) => rounds.push(done));
    const local = await fitInThisThread(input);
    expect(Buffer.from(threaded.onnx).equals(Buffer.from(local.onnx))).toBe(true);
    expect(threaded.signature).toEqual(local.signature);
    expect(threaded.history).toEqual(local.history);
    expect(rounds).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(threaded.rounds).toBe(30);
  });

  it('keeps the event loop free while a long fit runs', async () => {
    const input = {
      ...syntheticTask(120_000),
      learner: { kind: 'gbdt' as const, params: { nTrees: 40, maxDepth: 6, seed: 1 } },
    };
    let ticks = 0;
    let longestGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks++;
    }, 5);
    const started = performance.now();
    await threadFitter(WORKER)(input);
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // In this thread the same fit would leave the timer silent until it ended.
    expect(ticks).toBeGreaterThan(elapsed / 5 / 4);
    expect(longestGap).toBeLessThan(Math.max(250, elapsed / 3));
  });

  it('brings a refused fit back as the same MlError code', async () => {
    const input = syntheticTask(200);
    const constant = columnTable([
      numericColumn('a', new Float64Array(200).fill(1)),
      categoricalColumn(
        'label',
        Array.from({ length: 200 }, () => 'yes'),
      ),
    ]);
    const error = await threadFitter(WORKER)({ ...input, table: constant }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlError);
    expect((error as MlError).code).toBe('constant_target');
  });

  it('keeps a finished thread warm for the next fit, and ends an aborted one', async () => {
    let started = 0;
    const fitter = threadFitter(WORKER, { onThreadStart: () => started++ });
    const input = syntheticTask(2_000, 5);
    const first = await fitter(input);
    const second = await fitter(input);
    expect(started).toBe(1);
    expect(Buffer.from(second.onnx).equals(Buffer.from(first.onnx))).toBe(true);
    expect(Buffer.from(first.onnx).equals(Buffer.from((await fitInThisThread(input)).onnx))).toBe(true);
    // A refused input keeps the thread too.
    const refused = await fitter({ ...input, target: 'nope' }).catch((e: unknown) => e);
    expect((refused as MlError).code).toBe('target_missing');
    expect(started).toBe(1);
    // Two fits at once take two threads; both stay for later fits.
    await Promise.all([fitter(input), fitter(input)]);
    expect(started).toBe(2);
    await fitter(input);
    expect(started).toBe(2);
    // An aborted fit ends its thread: the next fit starts warm on the other one.
    const controller = new AbortController();
    const long = fitter(
      { ...syntheticTask(200_000), learner: { kind: 'gbdt', params: { nTrees: 500, seed: 1 } } },
      undefined,
      controller.signal,
    );
    setTimeout(() => controller.abort(new Error('cancelled by test')), 100);
    await expect(long).rejects.toThrow('cancelled by test');
    const after = await fitter(input);
    expect(Buffer.from(after.onnx).equals(Buffer.from(first.onnx))).toBe(true);
    expect(started).toBe(2);
  });

  it('stops the thread when the job is aborted', async () => {
    const input = {
      ...syntheticTask(200_000),
      learner: { kind: 'gbdt' as const, params: { nTrees: 500, seed: 1 } },
    };
    const controller = new AbortController();
    const fit = threadFitter(WORKER)(input, undefined, controller.signal);
    setTimeout(() => controller.abort(new Error('cancelled by test')), 200);
    const started = performance.now();
    await expect(fit).rejects.toThrow('cancelled by test');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('warms a new thread on synthetic fits of every learner, then fits as a cold thread does', async () => {
    const reports: WarmUpReport[] = [];
    let started = 0;
    const fitter = threadFitter(WORKER, { onWarm: (r) => reports.push(r), onThreadStart: () => started++ });
    fitter.prestart();
    fitter.prestart();
    fitter.prestart(); // at most maxIdle (2) idle threads
    expect(started).toBe(2);
    await until(() => reports.length === 2);
    expect(reports.map((r) => r.fits)).toEqual([warmUpInputs().length, warmUpInputs().length]);
    // A warmed thread gives the same graph as a cold one, and no new thread starts.
    const input = syntheticTask(1_500, 9);
    const cold = await threadFitter(WORKER, { warmUp: false })(input);
    const warmed = await fitter(input);
    expect(Buffer.from(warmed.onnx).equals(Buffer.from(cold.onnx))).toBe(true);
    expect(started).toBe(2);
  });

  it('covers every learner family and task in the warm-up, on generated rows only', () => {
    const inputs = warmUpInputs();
    const kinds = new Set(inputs.map((i) => `${i.learner.kind}/${i.task}/${i.target}`));
    expect([...kinds].sort()).toEqual([
      'gbdt/classification/tier',
      'gbdt/classification/yes',
      'gbdt/regression/amount',
      'logistic/classification/tier',
      'logistic/classification/yes',
      'random_forest/classification/yes',
      'random_forest/regression/amount',
      'ridge/regression/amount',
    ]);
    expect(inputs.every((i) => i.table.rowCount === WARM_UP_ROWS)).toBe(true);
    expect(inputs.some((i) => i.validation)).toBe(true);
  });

  it('runs a fit sent while the thread is still warming up', async () => {
    const reports: WarmUpReport[] = [];
    const fitter = threadFitter(WORKER, { onWarm: (r) => reports.push(r) });
    fitter.prestart();
    const input = { ...syntheticTask(800, 4), learner: { kind: 'logistic' as const, params: { l2: 1 } } };
    const pending = fitter(input); // sent at once: the thread has not even finished starting
    expect(reports).toEqual([]);
    const graph = await pending;
    expect(Buffer.from(graph.onnx).equals(Buffer.from((await fitInThisThread(input)).onnx))).toBe(true);
    expect(graph.task).toBe('binary');
    await until(() => reports.length === 1);
  });

  it('aborts a fit on a thread that is warming up, and the next fit starts a fresh thread', async () => {
    let started = 0;
    const fitter = threadFitter(WORKER, { onThreadStart: () => started++ });
    fitter.prestart();
    const controller = new AbortController();
    const long = fitter(
      { ...syntheticTask(200_000), learner: { kind: 'gbdt', params: { nTrees: 500, seed: 1 } } },
      undefined,
      controller.signal,
    );
    setTimeout(() => controller.abort(new Error('cancelled by test')), 150);
    await expect(long).rejects.toThrow('cancelled by test');
    const input = syntheticTask(500, 2);
    const after = await fitter(input);
    expect(Buffer.from(after.onnx).equals(Buffer.from((await fitInThisThread(input)).onnx))).toBe(true);
    expect(started).toBe(2);
  });

  it('starts threads cold unless BATON_FIT_WARMUP=1', async () => {
    expect(fitWarmUpEnabled({ BATON_FIT_WARMUP: '0' })).toBe(false);
    expect(fitWarmUpEnabled({})).toBe(false);
    expect(fitWarmUpEnabled({ BATON_FIT_WARMUP: '1' })).toBe(true);
    const reports: WarmUpReport[] = [];
    const fitter = threadFitter(WORKER, { warmUp: false, onWarm: (r) => reports.push(r) });
    fitter.prestart();
    await fitter(syntheticTask(300, 1));
    await new Promise((r) => setTimeout(r, 300));
    expect(reports).toEqual([]);
  });
});

async function until(done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = performance.now();
  while (!done()) {
    if (performance.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
