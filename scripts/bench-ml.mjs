// `node scripts/bench-ml.mjs [--rows N] [--write]`: Baton's learners side by side with
// XGBoost (hist, 2 threads) and scikit-learn (HistGradientBoostingClassifier,
// LogisticRegression) on German credit and on a generated binary task (default 1,000,000
// rows x 20 features). Every fit runs in its own process, so peak RSS is per fit; German
// credit also times later fits in the same process, ten more paired splits compare AUCs,
// and the large GBDT pair runs three times (every ratio and the median). On German credit
// Baton's first fit is also timed after the warm-up a server's training thread runs
// (apps/server/src/training/fit-warm-up.ts: synthetic data, not timed). Prints a markdown
// section; `--write` also puts it into docs/benchmarks.md between markers, keeping the
// hand-written reading that follows READING in the old section.
// `npm run bench` (scripts/bench.mjs) appends the same section to the file it writes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const PYTHON =
  process.env.BATON_PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const GBDT = { nTrees: 100, maxDepth: 6, learningRate: 0.1, maxBins: 255, l2: 1, minChildWeight: 1 };
const LOGISTIC = { l2: 1 };
/** Paired GBDT runs on the generated set (the table shows the first; all ratios are listed). */
const GBDT_PAIRS = 3;
/** Later fits timed in the same process on the small set (their median is reported). */
const REFITS = 5;
/** Fresh-process triples (Baton cold, Baton after the warm-up, scikit-learn) of the small logistic fit. */
const FIRST_FIT_TRIPLES = 5;
const START = '<!-- bench-ml:start -->';
const END = '<!-- bench-ml:end -->';
const READING = '<!-- bench-ml:reading -->';

if (args[0] === '--child') {
  await child(args[1], args[2], args[3], args.slice(4));
} else {
  const rowsArg = args.indexOf('--rows');
  const rows = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 1_000_000;
  const markdown = `${START}\n${await main(rows)}${END}\n`;
  if (args.includes('--write')) writeSection(markdown);
  process.stdout.write(markdown);
}

// The numerics package and the server's warm-up in one bundle: the warm-up must compile the
// very functions the timed fit then calls.
async function loadMl(dir) {
  const out = path.join(dir, 'ml.mjs');
  if (!fs.existsSync(out)) {
    const { build } = await import('esbuild');
    await build({
      stdin: {
        contents:
          "export * from './packages/ml/src/index.ts';\n" +
          "export { WARM_UP_ROWS, warmUpNow } from './apps/server/src/training/fit-warm-up.ts';\n",
        resolveDir: ROOT,
        loader: 'ts',
      },
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['onnxruntime-node'],
      logLevel: 'warning',
    });
  }
  return import(pathToFileURL(out).href);
}

async function main(rows) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-ml-'));
  try {
    const ml = await loadMl(work);
    const sets = [
      {
        name: 'German credit (700 train / 300 test)',
        dir: writeGermanCredit(ml, path.join(work, 'german')),
        repeat: true,
      },
      {
        name: `generated, ${rows.toLocaleString('en')} rows x 20 features (+${(rows / 5).toLocaleString('en')} test rows)`,
        dir: writeSynthetic(ml, path.join(work, 'synthetic'), rows),
      },
    ];
    const results = sets.map((set) => ({
      ...set,
      runs: ['baton-gbdt', 'xgboost', 'hgb', 'baton-logistic', 'logistic'].map((job) =>
        run(job, set.dir, work, set.repeat),
      ),
      // Baton's first fit once the process ran the training thread's warm-up.
      warm: set.repeat
        ? Object.fromEntries(
            ['baton-gbdt', 'baton-logistic'].map((job) => [job, run(job, set.dir, work, false, true)]),
          )
        : undefined,
    }));
    // A first fit of a few milliseconds moves by a factor of two with the machine's load: time
    // the small logistic first fits in a few more fresh processes, alternating.
    const small = results[0];
    small.triples = Array.from({ length: FIRST_FIT_TRIPLES }, () => ({
      cold: run('baton-logistic', small.dir, work),
      warm: run('baton-logistic', small.dir, work, false, true),
      reference: run('logistic', small.dir, work),
    }));
    // 300 test rows put about +-0.03 of noise on one split's AUC: compare the GBDTs on the
    // same ten further stratified splits as well (a paired comparison).
    const splits = Array.from({ length: 10 }, (_, k) => {
      const dir = writeGermanCredit(ml, path.join(work, `german-split-${k + 1}`), k + 1);
      return {
        baton: run('baton-gbdt', dir, work),
        xgboost: run('xgboost', dir, work),
        hgb: run('hgb', dir, work),
      };
    });
    // One large fit's time moves by tens of percent with the machine's load: time the GBDT
    // pair a few more times, alternating, and report every ratio and the median.
    const large = results[1];
    const pairs = [{ baton: large.runs[0], xgboost: large.runs[1] }];
    for (let k = 1; k < GBDT_PAIRS; k++) {
      pairs.push({ baton: run('baton-gbdt', large.dir, work), xgboost: run('xgboost', large.dir, work) });
    }
    large.pairs = pairs;
    return render(results, splits);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function run(job, dir, work, repeat = false, warm = false) {
  const python = !job.startsWith('baton-');
  const cmd = python ? PYTHON : process.execPath;
  const argv = python
    ? [path.join(ROOT, 'scripts/bench-ml.py'), job, dir]
    : [fileURLToPath(import.meta.url), '--child', job, dir, work];
  if (repeat) argv.push('--repeat');
  if (warm) argv.push('--warm');
  process.stderr.write(`bench-ml: ${job}${warm ? ' (warmed)' : ''} on ${path.basename(dir)}...\n`);
  const r = spawnSync(cmd, argv, {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, OMP_NUM_THREADS: '2', OMP_WAIT_POLICY: 'PASSIVE' },
  });
  const line = r.stdout?.trim().split('\n').at(-1);
  if (r.status !== 0 || !line)
    return { job, error: (r.stderr || r.error?.message || 'failed').trim().split('\n').at(-1) };
  return JSON.parse(line);
}

// One Baton fit in this process: same files as the Python side, timed around fitModel. With
// --warm the process first runs the training thread's warm-up (synthetic data, not timed).
async function child(job, dir, work, flags) {
  const repeat = flags.includes('--repeat');
  const ml = await loadMl(work);
  const warmUp = flags.includes('--warm') ? ml.warmUpNow() : undefined;
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  const train = readTable(ml, dir, 'train', meta.features);
  const test = readTable(ml, dir, 'test', meta.features);
  const rssLoaded = peakRssMb();
  const learner =
    job === 'baton-gbdt'
      ? { kind: 'gbdt', params: { ...GBDT, threads: 2 } }
      : { kind: 'logistic', params: { ...LOGISTIC, threads: 2 } };
  const timedFit = () => {
    const t0 = performance.now();
    const model = ml.fitModel({ table: train, target: 'y', task: 'classification', learner });
    return { model, seconds: (performance.now() - t0) / 1000 };
  };
  const { model, seconds } = timedFit();
  const out = { job, fit_s: seconds };
  if (warmUp) Object.assign(out, { warm_up_ms: warmUp.ms, warm_up_fits: warmUp.fits });
  if (repeat) {
    const times = Array.from({ length: REFITS }, () => timedFit().seconds).sort((a, b) => a - b);
    out.refit_s = times[REFITS >> 1];
  }
  const p = ml.predictModel(model, test);
  const yTest = Int8Array.from(test.columns.at(-1).values, Number);
  out.auc = ml.rocAuc(
    yTest,
    Float64Array.from(yTest, (_, i) => p.probabilities[2 * i + 1]),
  );
  Object.assign(out, { rss_loaded_mb: rssLoaded, peak_rss_mb: peakRssMb() });
  if (job === 'baton-logistic') out.coef = [...model.learner.coefficients, model.learner.intercepts[0]];
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

// Streams a row-major float64 file into columns, so the process never holds both copies.
function readTable(ml, dir, part, features) {
  const labels = fs.readFileSync(path.join(dir, `y_${part}.i8`));
  const n = labels.length;
  const columns = Array.from({ length: features }, () => new Float64Array(n));
  const fd = fs.openSync(path.join(dir, `X_${part}.f64`), 'r');
  const rowsPerChunk = 4096;
  const chunk = new Float64Array(rowsPerChunk * features);
  for (let start = 0; start < n; start += rowsPerChunk) {
    const count = Math.min(rowsPerChunk, n - start);
    fs.readSync(
      fd,
      new Uint8Array(chunk.buffer, 0, count * features * 8),
      0,
      count * features * 8,
      start * features * 8,
    );
    for (let i = 0; i < count; i++)
      for (let f = 0; f < features; f++) columns[f][start + i] = chunk[i * features + f];
  }
  fs.closeSync(fd);
  return ml.columnTable([
    ...columns.map((values, f) => ml.numericColumn(`f${f}`, values)),
    ml.categoricalColumn(
      'y',
      Array.from(labels, (v) => String(v)),
    ),
  ]);
}

function peakRssMb() {
  return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
}

function writeData(dir, meta, xTrain, yTrain, xTest, yTest) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ ...meta, gbdt: GBDT, logistic: LOGISTIC }));
  fs.writeFileSync(path.join(dir, 'X_train.f64'), xTrain);
  fs.writeFileSync(path.join(dir, 'y_train.i8'), yTrain);
  fs.writeFileSync(path.join(dir, 'X_test.f64'), xTest);
  fs.writeFileSync(path.join(dir, 'y_test.i8'), yTest);
  return dir;
}

function writeGermanCredit(ml, dir, seed = 0) {
  const lines = fs.readFileSync(path.join(ROOT, 'examples/german_credit.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',').map((h) => h.replaceAll('"', ''));
  const target = header.indexOf('Class');
  const rows = lines.slice(1).map((l) => l.split(',').map((v) => v.replaceAll('"', '')));
  const y = Int8Array.from(rows, (r) => (r[target] === 'Good' ? 1 : 0));
  const { train, test } = ml.trainTestSplit(rows.length, 0.3, seed, y);
  const f = header.length - 1;
  const matrix = (idx) =>
    Float64Array.from({ length: idx.length * f }, (_, k) =>
      Number(rows[idx[Math.floor(k / f)]].filter((_, j) => j !== target)[k % f]),
    );
  return writeData(
    dir,
    { features: f },
    matrix(train),
    Int8Array.from(train, (i) => y[i]),
    matrix(test),
    Int8Array.from(test, (i) => y[i]),
  );
}

// Twenty standard normal features; the label depends on six of them, with an interaction
// and two non-linear terms, through a logistic link.
function writeSynthetic(ml, dir, rows) {
  const rng = ml.createRng(20261122);
  const make = (n) => {
    const x = new Float64Array(n * 20);
    const y = new Int8Array(n);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < 20; f++) x[i * 20 + f] = rng.normal();
      const r = (f) => x[i * 20 + f];
      const logit = r(0) - 0.5 * r(1) + 0.8 * r(2) * r(3) + Math.sin(2 * r(4)) + 0.3 * r(5) ** 2 - 0.3;
      y[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    }
    return { x, y };
  };
  const train = make(rows);
  const test = make(Math.round(rows / 5));
  return writeData(dir, { features: 20 }, train.x, train.y, test.x, test.y);
}

function render(results, splits) {
  const fmt = (v, d = 2) => (typeof v === 'number' ? v.toFixed(d) : 'n/a');
  const load = os
    .loadavg()
    .map((v) => v.toFixed(1))
    .join(' / ');
  const lines = [
    '## ML: Baton learners vs XGBoost and scikit-learn (`scripts/bench-ml.mjs`)',
    '',
    `Run on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ` +
      `load average (1/5/15 min) when the last fit ended: ${load}. The machine is shared: other work competes for ` +
      'the two cores, so ratios move by tens of percent between runs; compare rows of one run.',
    '',
    `GBDT: ${GBDT.nTrees} trees, depth ${GBDT.maxDepth}, learning rate ${GBDT.learningRate}, ${GBDT.maxBins} bins, L2 ${GBDT.l2}, ` +
      'min child weight 1, 2 threads everywhere (XGBoost `tree_method="hist"` with `base_score` = the training prior, the ' +
      'log-odds start Baton, scikit-learn and XGBoost 2.x use; HGB `max_leaf_nodes=None`, no early stopping). ' +
      `Logistic: L2 lambda ${LOGISTIC.l2} (scikit-learn C = 1/lambda) on standardised features, scaler included in the fit time, ` +
      'Baton with 2 threads, scikit-learn lbfgs with its defaults (`OMP_NUM_THREADS=2` for its BLAS). ' +
      'Each fit runs in a fresh process; peak RSS is that process\'s high-water mark (VmHWM, data included; "data" is the RSS once ' +
      'the data is loaded). Python runs with `OMP_WAIT_POLICY=PASSIVE`: with spinning OpenMP threads on a busy 2-core machine ' +
      'XGBoost and HistGradientBoosting slowed down up to 4x and 100x. "First fit, cold" is the first fit of a fresh process (for ' +
      `Baton it includes the JIT warming up); on German credit the fit is then repeated ${REFITS} times in the same process and ` +
      'the median of those is the "later fits" column, and Baton\'s first fit is also timed after a warm-up on other data ' +
      "(below the table). The reference of every ratio, warm or later, is the same model's Python counterpart.",
    '',
  ];
  for (const set of results) {
    const by = Object.fromEntries(set.runs.map((r) => [r.job, r]));
    const row = (label, r, ref) => {
      if (r.error) return `| ${label} | failed: ${r.error} |${set.repeat ? ' | |' : ''} | | |`;
      const ratio = ref && !ref.error ? `${(r.fit_s / ref.fit_s).toFixed(2)}x` : '';
      const w = set.warm?.[r.job];
      const warmed = !set.repeat
        ? ''
        : !w
          ? ' | (no warm-up)'
          : w.error
            ? ` | failed: ${w.error}`
            : ` | ${fmt(w.fit_s, 3)} s${ref && !ref.error ? ` (${(w.fit_s / ref.fit_s).toFixed(2)}x)` : ''}`;
      const refit =
        r.refit_s !== undefined
          ? ` | ${fmt(r.refit_s, 3)} s${ref?.refit_s ? ` (${(r.refit_s / ref.refit_s).toFixed(2)}x)` : ''}`
          : '';
      return `| ${label} | ${fmt(r.fit_s, 3)} s ${ratio ? `(${ratio})` : ''}${warmed}${refit} | ${fmt(r.auc, 4)} | ${fmt(r.peak_rss_mb, 0)} MB | ${fmt(r.rss_loaded_mb, 0)} MB |`;
    };
    const refitHead = set.repeat
      ? ` first fit after the warm-up (ratio to the reference's first fit) | later fits, same process (median of ${REFITS}) |`
      : '';
    lines.push(
      `### ${set.name}`,
      '',
      `| model | first fit, cold (ratio to the reference) |${refitHead} test ROC AUC | peak RSS | data |`,
      `|---|---|${set.repeat ? '---|---|' : ''}---|---|---|`,
    );
    lines.push(row('Baton GBDT (vs XGBoost)', by['baton-gbdt'], by.xgboost));
    lines.push(row(`XGBoost ${by.xgboost.version ?? ''} hist`, by.xgboost));
    lines.push(row(`scikit-learn ${by.hgb.version ?? ''} HistGradientBoosting`, by.hgb));
    lines.push(row('Baton logistic regression (vs scikit-learn)', by['baton-logistic'], by.logistic));
    lines.push(row('scikit-learn LogisticRegression (lbfgs, defaults)', by.logistic));
    const b = by['baton-logistic'];
    const s = by.logistic;
    if (b.coef && s.exact_coef) {
      const maxDiff = (a, c) => Math.max(...a.map((v, i) => Math.abs(v - c[i])));
      lines.push(
        '',
        `GBDT AUC difference Baton - XGBoost: ${fmt(by['baton-gbdt'].auc - by.xgboost.auc, 4)} (target: within 0.005; fit time target: at most 1.5x). ` +
          `Logistic coefficients (with intercept): max |Baton - exact optimum| = ${maxDiff(b.coef, s.exact_coef).toExponential(1)}, ` +
          `max |Baton - scikit-learn lbfgs with default tol| = ${maxDiff(b.coef, s.coef).toExponential(1)}, ` +
          `max |scikit-learn lbfgs - exact| = ${maxDiff(s.coef, s.exact_coef).toExponential(1)} ` +
          '(exact: scikit-learn newton-cholesky, tol 1e-12; target: within 1e-4, fit time at most 2x).',
      );
    }
    if (set.warm) lines.push('', warmUpNote(set.warm));
    if (set.triples) lines.push('', firstFitTriples(set.triples));
    if (set.repeat && splits) lines.push('', pairedSplits(splits));
    if (set.pairs) lines.push('', gbdtPairs(set.pairs));
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** What the "first fit after the warm-up" column measured. */
function warmUpNote(warm) {
  const ran = Object.values(warm).filter((w) => !w.error);
  const ms = ran.map((w) => `${w.warm_up_ms.toFixed(0)} ms`).join(' and ');
  return (
    'First fit after the warm-up: a fresh process first runs the warm-up a Baton training thread runs when it starts with `BATON_FIT_WARMUP=1` ' +
    `(\`apps/server/src/training/fit-warm-up.ts\`: ${ran[0]?.warm_up_fits ?? 'n/a'} small fits of every learner on generated data, ` +
    `not the benchmark's, each exported to ONNX; ${ms} here, not counted), then its first fit of this data is timed. ` +
    "This is what a user's first fit costs on a server whose training thread was pre-started and warmed (`BATON_FIT_WARMUP=1`); " +
    'the cold column is a fresh process with no warm-up.'
  );
}

/** The small logistic first fits, cold and warmed, against scikit-learn's, each in a fresh process. */
function firstFitTriples(triples) {
  const ok = triples.filter((t) => !t.cold.error && !t.warm.error && !t.reference.error);
  if (ok.length === 0) return 'Repeated logistic first fits: failed.';
  const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
  const ms = (v) => `${(v * 1000).toFixed(1)}`;
  const each = ok
    .map((t) => `${ms(t.cold.fit_s)} / ${ms(t.warm.fit_s)} / ${ms(t.reference.fit_s)}`)
    .join('; ');
  const ratio = (key) => median(ok.map((t) => t[key].fit_s / t.reference.fit_s)).toFixed(2);
  return (
    `Logistic first fits over ${ok.length} more fresh-process triples (Baton cold / Baton after the warm-up / scikit-learn, ms): ` +
    `${each}. Medians: Baton cold ${ms(median(ok.map((t) => t.cold.fit_s)))} ms, after the warm-up ` +
    `${ms(median(ok.map((t) => t.warm.fit_s)))} ms, scikit-learn ${ms(median(ok.map((t) => t.reference.fit_s)))} ms; ` +
    `median ratio to scikit-learn's first fit ${ratio('cold')}x cold, ${ratio('warm')}x after the warm-up (target: at most 2x).`
  );
}

/** Every Baton / XGBoost GBDT fit-time ratio on the generated set, and their median. */
function gbdtPairs(pairs) {
  const ok = pairs.filter((p) => !p.baton.error && !p.xgboost.error);
  if (ok.length === 0) return 'Paired GBDT runs: failed.';
  const ratios = ok.map((p) => p.baton.fit_s / p.xgboost.fit_s);
  const median = [...ratios].sort((a, b) => a - b)[ratios.length >> 1];
  const each = ok
    .map(
      (p, i) => `${p.baton.fit_s.toFixed(2)} s / ${p.xgboost.fit_s.toFixed(2)} s = ${ratios[i].toFixed(2)}x`,
    )
    .join('; ');
  return (
    `GBDT fit time over ${ok.length} paired runs (Baton then XGBoost, fresh processes, the first pair is the table's): ` +
    `${each}; median ${median.toFixed(2)}x (target: at most 1.5x).`
  );
}

/** The paired AUC comparison of the GBDTs over the extra German credit splits. */
function pairedSplits(splits) {
  const ok = splits.filter((s) => !s.baton.error && !s.xgboost.error && !s.hgb.error);
  if (ok.length === 0) return 'Repeated splits: failed.';
  const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
  const sd = (v) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / Math.max(1, v.length - 1));
  const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
  const auc = (key) => ok.map((s) => s[key].auc);
  const paired = (key) => {
    const d = ok.map((s) => s.baton.auc - s[key].auc);
    return `${mean(d).toFixed(4)} (sd ${sd(d).toFixed(4)}, standard error ${(sd(d) / Math.sqrt(d.length)).toFixed(4)})`;
  };
  const [b, x, h] = [auc('baton'), auc('xgboost'), auc('hgb')];
  return (
    `Over ${ok.length} further stratified 70/30 splits (seeds 1-${splits.length}, same parameters, each fit in a fresh process): ` +
    `mean test ROC AUC Baton ${mean(b).toFixed(4)} (sd ${sd(b).toFixed(4)}), XGBoost ${mean(x).toFixed(4)} (sd ${sd(x).toFixed(4)}), ` +
    `HistGradientBoosting ${mean(h).toFixed(4)} (sd ${sd(h).toFixed(4)}); mean paired difference Baton - XGBoost ${paired('xgboost')}, ` +
    `Baton - HistGradientBoosting ${paired('hgb')}; median first-fit time ratio Baton / XGBoost ` +
    `${median(ok.map((s) => s.baton.fit_s / s.xgboost.fit_s)).toFixed(2)}x.`
  );
}

// Replaces the marked section of docs/benchmarks.md (the block carries its markers), or appends
// it. The old section's hand-written reading (from READING to the end marker) is kept, to be
// brought up to date by hand.
function writeSection(block) {
  const file = path.join(ROOT, 'docs/benchmarks.md');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n\n';
  const i = text.indexOf(START);
  const j = text.indexOf(END);
  const r = text.indexOf(READING, i);
  const reading = i >= 0 && r > i && r < j ? text.slice(r, j) : '';
  const withReading = reading ? block.replace(END, `${reading}${END}`) : block;
  const next =
    i >= 0 && j > i
      ? text.slice(0, i) + withReading + text.slice(j + END.length + 1)
      : `${text.trimEnd()}\n\n${withReading}`;
  fs.writeFileSync(file, next);
}
