// `node scripts/bench-serving.mjs [--seconds N] [--rounds N] [--write]`: single-row predict requests to a
// GBDT of 100 trees of depth 6 on 20 features, side by side, every HTTP figure measured by wrk
// (one thread, µs latency resolution, a Lua script for the POST body):
//   Baton (`baton up`, /serve/{deployment}/predict) with prediction logging on and off,
//   Flask + scikit-learn under gunicorn (2 sync workers of one thread each, OMP_NUM_THREADS=1),
//   the floor: a bare node:http server that parses the same body and answers a fixed JSON,
//   and the in-process onnxruntime ceiling (session.run on one row, one thread, no HTTP).
// Prints a markdown section; `--write` puts it into docs/benchmarks.md between markers.
// `npm run bench` (scripts/bench.mjs) appends the same section to the file it writes.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeBenchSection } from './bench-doc.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const SECONDS = args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 6;
// Rounds of (logging on, logging off) per concurrency, in alternating order; figures are medians.
const ROUNDS = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 3;
// The fixed request rate at which the CPU cost per request is measured.
const CPU_RATE = 1500;
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const CONCURRENCY = [1, 16, 64];
const FEATURES = 20;
const START = '<!-- bench-serving:start -->';
const END = '<!-- bench-serving:end -->';
export const PASSWORD = 'bench-password-1';

// The set-up runs Baton's own TypeScript (training, registry rows, deployments), bundled once.
const SETUP = `
import { fitModel, exportModelOnnx, columnTable, numericColumn, categoricalColumn, createRng } from './packages/ml/src/index.ts';
import { bootstrapAdmin, createToken, createProject, createDeployment, systemContext } from './packages/core/src/index.ts';
import { loadConfig } from './apps/server/src/config.ts';
import { createLogger, openRuntime } from './apps/server/src/runtime.ts';
import { addVersion, moveAlias, registerModel } from './apps/server/test/serving/support/registry-fixtures.ts';
export { loadOnnxModel } from './packages/ml/src/runtime/index.ts';

export function trainBenchModel(features, rows) {
  const rng = createRng(42);
  const cols = Array.from({ length: features }, () => new Float64Array(rows));
  const label = [];
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let f = 0; f < features; f++) { const v = rng.next() * 4 - 2; cols[f][i] = v; s += v * Math.sin(f + 1) + (f % 3 === 0 ? v * v * 0.3 : 0); }
    label.push(s + rng.next() - 0.5 > 0 ? 'yes' : 'no');
  }
  const table = columnTable([...cols.map((c, f) => numericColumn('x' + f, c)), categoricalColumn('label', label)]);
  const model = fitModel({ table, target: 'label', task: 'classification', learner: { kind: 'gbdt', params: { nTrees: 100, maxDepth: 6, seed: 1 } } });
  const csv = ['x' + cols.map((_, f) => f).join(',x') + ',label'];
  for (let i = 0; i < rows; i++) csv.push(cols.map((c) => c[i]).join(',') + ',' + label[i]);
  return { ...exportModelOnnx(model), csv: csv.join('\\n') + '\\n' };
}

export async function setUpHome(home, password, exported) {
  const config = loadConfig({}, { home, adminPassword: password, logLevel: 'silent' });
  const runtime = await openRuntime(config, createLogger(config));
  const services = runtime.services;
  await bootstrapAdmin(services, password);
  const admin = await services.db.selectFrom('users').selectAll().where('username', '=', 'admin').executeTakeFirstOrThrow();
  const ctx = { ...systemContext(services, 'bench'), actor: { kind: 'user', userId: admin.id, username: 'admin', isAdmin: true } };
  const { secret } = await createToken({ ctx, input: { name: 'bench' } });
  const project = await createProject({ ctx, input: { slug: 'bench', name: 'Bench' } });
  const modelId = await registerModel(services, project.id, 'gbdt');
  const version = await addVersion(services, project.id, modelId, exported);
  await moveAlias(services, modelId, 'production', version.id);
  const scope = { id: project.id, slug: 'bench', name: 'Bench', roles: [], permissions: new Set(['deployment.manage']) };
  for (const [name, logPredictions] of [['bench-log', true], ['bench-nolog', false]]) {
    await createDeployment({ ctx: { ...ctx, project: scope }, input: { name, model: 'gbdt', alias: 'production', config: { logPredictions } } });
  }
  await runtime.close();
  return secret;
}
`;

export async function loadSetup() {
  // Inside the checkout, so the bundle's external packages resolve from its node_modules.
  const out = path.join(ROOT, 'node_modules/.cache/baton-bench/bench-serving-setup.mjs');
  const external = new Set();
  for (const ws of ['packages/ml', 'packages/contracts', 'packages/core', 'packages/sdk', 'apps/server']) {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, ws, 'package.json'), 'utf8'));
    for (const dep of Object.keys(pkg.dependencies ?? {})) if (!dep.startsWith('@baton/')) external.add(dep);
  }
  const { build } = await import('esbuild');
  await build({
    stdin: { contents: SETUP, resolveDir: ROOT, loader: 'ts' },
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: [...external],
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);",
    },
  });
  return import(pathToFileURL(out).href);
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

export function startBaton(home, nodeArgs = []) {
  const proc = spawn(
    process.execPath,
    [...nodeArgs, path.join(ROOT, 'bin/baton.js'), 'up', '--port', '0', '--home', home, '--no-worker'],
    {
      env: { ...process.env, BATON_ADMIN_PASSWORD: PASSWORD, BATON_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stderr.on('data', (d) => {
      out += d;
      const m = /Baton is ready at (\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.on('exit', (code) => reject(new Error(`baton up exited ${code}: ${out}`)));
  });
}

export const stop = (proc) =>
  new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once('exit', resolve);
    proc.kill('SIGTERM');
  });

const row = Object.fromEntries(
  Array.from({ length: FEATURES }, (_, f) => [`x${f}`, Math.round(Math.sin(f) * 1000) / 1000]),
);
export const BODY = JSON.stringify({ records: [row] });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const medianOf = (runs) => ({
  rps: median(runs.map((r) => r.rps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  errors: runs.reduce((s, r) => s + r.errors, 0),
  runs: runs.length,
});

/** CPU time (ms) used so far by each thread of a process: Linux /proc, else null. */
function threadCpu(pid) {
  const dir = `/proc/${pid}/task`;
  if (!fs.existsSync(dir)) return null;
  const out = new Map();
  for (const tid of fs.readdirSync(dir)) {
    try {
      const fields = fs.readFileSync(`${dir}/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(tid, (Number(fields[11]) + Number(fields[12])) * (1000 / 100));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

/**
 * Server CPU per request at a fixed, moderate rate (robust to a shared machine, unlike
 * throughput): the event-loop thread, and every other thread (log writer, GC, thread pool).
 * wrk cannot hold a fixed rate, so autocannon paces these runs; only the server's CPU counts.
 */
async function cpuPerRequest(pid, url, token) {
  const autocannon = (await import('autocannon')).default;
  const opts = {
    url,
    method: 'POST',
    connections: 16,
    overallRate: CPU_RATE,
    duration: SECONDS,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': 'application/json',
    },
    body: BODY,
  };
  await autocannon({ ...opts, duration: 2 });
  const before = threadCpu(pid);
  if (!before) return null;
  const r = await autocannon(opts);
  const after = threadCpu(pid);
  let main = 0;
  let other = 0;
  for (const [tid, ms] of after) {
    const used = ms - (before.get(tid) ?? 0);
    if (tid === String(pid)) main += used;
    else other += used;
  }
  return { main: (main * 1000) / r.requests.total, other: (other * 1000) / r.requests.total };
}

/** A wrk Lua script that POSTs the bench body (with a bearer token when given). */
function wrkScript(dir, token) {
  const file = path.join(dir, token ? 'post-auth.lua' : 'post.lua');
  const auth = token ? `wrk.headers["Authorization"] = "Bearer ${token}"\n` : '';
  fs.writeFileSync(
    file,
    `wrk.method = "POST"\nwrk.body = '${BODY}'\nwrk.headers["Content-Type"] = "application/json"\n${auth}`,
  );
  return file;
}

/** One wrk run (after a 2 s warm-up): req/s, p50/p99 in ms at µs resolution, failed requests. */
function wrkRun(url, connections, script) {
  const base = ['-t', '1', '-c', String(connections), '-s', script];
  spawnSync('wrk', [...base, '-d', '2s', url], { encoding: 'utf8' });
  const out = spawnSync('wrk', [...base, '-d', `${SECONDS}s`, '--latency', url], { encoding: 'utf8' }).stdout;
  const ms = (s) => {
    const m = /([\d.]+)(us|ms|s)/.exec(s);
    if (!m) return Number.NaN;
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
  };
  const p50 = ms(/^\s*50%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const p99 = ms(/^\s*99%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const timeouts = Number(/timeout (\d+)/.exec(out)?.[1] ?? 0);
  return { rps, p50, p99, errors: non2xx + timeouts };
}

/** The floor: a bare node:http server that reads and parses the body and answers a fixed JSON. */
const FLOOR_SERVER = `
const http = require('node:http');
const answer = JSON.stringify({ requestId: '00000000-0000-0000-0000-000000000000', model: 'gbdt', version: 1, variant: 'primary', predictions: [{ label: 'yes', probabilities: { no: 0.25, yes: 0.75 } }] });
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer) });
    res.end(answer);
  });
}).listen(0, '127.0.0.1', function () { process.stdout.write('port ' + this.address().port + '\\n'); });
`;

function startFloor() {
  const proc = spawn(process.execPath, ['-e', FLOOR_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /port (\d+)/.exec(out);
      if (m) resolve({ proc, url: `http://127.0.0.1:${m[1]}` });
    });
    proc.on('exit', (code) => reject(new Error(`the floor server exited ${code}`)));
  });
}

async function ceiling(setup, onnx, signature) {
  const ort = (await import('onnxruntime-node')).default ?? (await import('onnxruntime-node'));
  const { session } = await setup.loadOnnxModel(onnx, { signature, intraOpNumThreads: 1 });
  const x = new Float32Array(FEATURES).map((_, f) => Math.sin(f));
  const feeds = { numeric_features: new ort.Tensor('float32', x, [1, FEATURES]) };
  const outputs = signature.outputs.map((o) => o.name);
  for (let i = 0; i < 2000; i++) await session.run(feeds, outputs);
  const n = 20000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await session.run(feeds, outputs);
  const single = n / ((performance.now() - t0) / 1000);
  const batch = new Float32Array(64 * FEATURES).map((_, i) => Math.sin(i));
  const feeds64 = { numeric_features: new ort.Tensor('float32', batch, [64, FEATURES]) };
  const t1 = performance.now();
  for (let i = 0; i < 1000; i++) await session.run(feeds64, outputs);
  const batched = (64 * 1000) / ((performance.now() - t1) / 1000);
  await session.release();
  return { single, batched };
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'apps/server/dist/baton.js'))) {
    if (
      spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-server.mjs')], { stdio: 'inherit' })
        .status !== 0
    )
      process.exit(1);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-serving-'));
  const setup = await loadSetup();
  const exported = setup.trainBenchModel(FEATURES, 5000);
  fs.writeFileSync(path.join(dir, 'train.csv'), exported.csv);
  const home = path.join(dir, 'home');
  const token = await setup.setUpHome(home, PASSWORD, exported);
  const results = { baton: {}, batonNoLog: {}, floor: {}, flask: {}, loadBefore: os.loadavg()[0] };
  const plain = wrkScript(dir);
  const authed = wrkScript(dir, token);

  const ceil = await ceiling(setup, exported.onnx, exported.signature);
  const side = (runs) => ({
    main: median(runs.map((r) => r.main)),
    other: median(runs.map((r) => r.other)),
  });

  const floor = await startFloor();
  try {
    for (const c of CONCURRENCY) {
      results.floor[c] = wrkRun(floor.url, c, plain);
      process.stderr.write(`floor c=${c}: ${JSON.stringify(results.floor[c])}\n`);
    }
    const runs = [];
    for (let round = 0; round < ROUNDS; round++) {
      const used = await cpuPerRequest(floor.proc.pid, floor.url);
      if (used) runs.push(used);
    }
    if (runs.length > 0) results.floorCpu = side(runs);
  } finally {
    await stop(floor.proc);
  }

  const baton = await startBaton(home);
  try {
    for (const c of CONCURRENCY) {
      // Logging on and off alternate (on, off, off, on, ...) so that drift on a shared machine
      // weighs on both alike; each figure is the median of its runs.
      const on = [];
      const off = [];
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? [on, off] : [off, on];
        for (const runs of order) {
          const name = runs === on ? 'bench-log' : 'bench-nolog';
          runs.push(wrkRun(`${baton.url}/serve/${name}/predict`, c, authed));
        }
      }
      results.baton[c] = medianOf(on);
      results.batonNoLog[c] = medianOf(off);
      process.stderr.write(
        `baton c=${c}: ${JSON.stringify(results.baton[c])} no log ${JSON.stringify(results.batonNoLog[c])}\n`,
      );
    }
    const cpu = { on: [], off: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const which of round % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
        const name = which === 'on' ? 'bench-log' : 'bench-nolog';
        const used = await cpuPerRequest(baton.proc.pid, `${baton.url}/serve/${name}/predict`, token);
        if (used) cpu[which].push(used);
      }
    }
    if (cpu.on.length > 0) {
      results.cpu = { on: side(cpu.on), off: side(cpu.off) };
      process.stderr.write(`baton cpu per request: ${JSON.stringify(results.cpu)}\n`);
    }
  } finally {
    await stop(baton.proc);
  }

  const model = path.join(dir, 'model.pkl');
  const trained = spawnSync(
    PYTHON,
    [path.join(ROOT, 'scripts/bench-serving-flask.py'), 'train', path.join(dir, 'train.csv'), model],
    { stdio: 'inherit' },
  );
  if (trained.status !== 0) throw new Error('training the scikit-learn baseline failed');
  const port = await freePort();
  const gunicorn = spawn(
    'gunicorn',
    [
      '-w',
      '2',
      '-k',
      'sync',
      '--threads',
      '1',
      '-b',
      `127.0.0.1:${port}`,
      '--chdir',
      path.join(ROOT, 'scripts'),
      'bench-serving-flask:app',
    ],
    {
      env: {
        ...process.env,
        OMP_NUM_THREADS: '1',
        OPENBLAS_NUM_THREADS: '1',
        MKL_NUM_THREADS: '1',
        MODEL: model,
        PATH: `/usr/bin:${process.env.PATH}`,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: BODY,
      })
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error('gunicorn did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const c of CONCURRENCY) {
      results.flask[c] = wrkRun(`http://127.0.0.1:${port}/invocations`, c, plain);
      process.stderr.write(`flask c=${c}: ${JSON.stringify(results.flask[c])}\n`);
    }
  } finally {
    await stop(gunicorn);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return markdown(results, ceil);
}

function markdown(r, ceil) {
  const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  const lat = (x) => `${f(x.p50, 3)} / ${f(x.p99, 3)}`;
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  const lines = [
    '## Serving: single-row predictions (GBDT, 100 trees of depth 6, 20 features)',
    '',
    `Run by \`node scripts/bench-serving.mjs\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${os.cpus().length} x ${cpu}, ` +
      `load average ${r.loadBefore.toFixed(1)} before and ${os.loadavg()[0].toFixed(1)} at the end (the machine is shared), ${SECONDS} s per point after a 2 s warm-up.`,
    `Every HTTP figure is measured by the same client, wrk (one thread, a Lua script for the POST body, latency to the microsecond), on the same machine. Baton: \`baton up\` (SQLite), \`POST /serve/{deployment}/predict\` with a bearer token; logging on and off alternate, ${ROUNDS} runs each, medians.`,
    'Floor: a bare node:http server in its own process that reads and parses the same body and answers a fixed JSON of the same size (what any Node server pays for HTTP on this machine).',
    'Flask: scikit-learn GradientBoostingClassifier (100 trees, depth 6, same data) behind gunicorn, 2 sync workers of one thread each, `OMP_NUM_THREADS=1`.',
    '',
    '| concurrency | Baton req/s | p50 / p99 ms | Baton, no log req/s | p50 / p99 ms | floor req/s | p50 / p99 ms | Flask req/s | p50 / p99 ms | Baton / Flask | logging cost | Baton / ceiling |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const c of CONCURRENCY) {
    const b = r.baton[c];
    const n = r.batonNoLog[c];
    const fl = r.floor[c];
    const k = r.flask[c];
    lines.push(
      `| ${c} | ${f(b.rps, 0)} | ${lat(b)} | ${f(n.rps, 0)} | ${lat(n)} | ${f(fl.rps, 0)} | ${lat(fl)} | ${f(k.rps, 0)} | ${lat(k)} | ${f(b.rps / k.rps, 1)}x | ${f((1 - b.rps / n.rps) * 100, 1)}% | ${f((b.rps / ceil.single) * 100, 0)}% |`,
    );
  }
  const best = Math.max(...CONCURRENCY.map((c) => r.baton[c].rps));
  const bestFloor = Math.max(...CONCURRENCY.map((c) => r.floor[c].rps));
  if (r.cpu) {
    const { on, off } = r.cpu;
    const writer = Math.max(0, on.other - off.other);
    const floorCpu = r.floorCpu ? r.floorCpu.main + r.floorCpu.other : Number.NaN;
    lines.push(
      '',
      `Server CPU per request at a fixed ${CPU_RATE} req/s (c=16, paced by autocannon, from /proc, medians; robust to a busy machine where throughput is not): ` +
        `Baton's event loop ${f(off.main, 0)} µs with logging off, ${f(on.main, 0)} µs with it on; its other threads ${f(off.other, 0)} µs off, ${f(on.other, 0)} µs on; ` +
        `the bare node:http floor ${f(floorCpu, 0)} µs in all. ` +
        `The log writer thread costs ${f(writer, 0)} µs per request, ${f((writer / (off.main + off.other + writer)) * 100, 1)}% of a logged request's server CPU (the most logging can cost where every core is busy). ` +
        `One single-row onnxruntime call alone takes ${f(1e6 / ceil.single, 1)} µs (the ceiling below), so of Baton's ${f(off.main + off.other, 0)} µs without logging about ${f(off.main + off.other - floorCpu - 1e6 / ceil.single, 0)} µs are its own work beyond HTTP and the model (auth, validation, batching, metrics, answer JSON).`,
    );
  }
  lines.push(
    '',
    `In-process onnxruntime ceiling (no HTTP, one thread, single-row session.run calls back to back): ${f(ceil.single, 0)} calls/s; ${f(ceil.batched, 0)} rows/s in batches of 64.`,
    `Baton's best single-row HTTP throughput (logging on) is ${f((best / ceil.single) * 100, 0)}% of the single-row ceiling (micro-batching lets concurrent requests share one call) and ${f((best / bestFloor) * 100, 0)}% of the bare node:http floor's best; that floor, a server doing no work at all, reaches ${f((bestFloor / ceil.single) * 100, 0)}% of the ceiling with wrk on the same two cores.`,
    `Errors: Baton ${CONCURRENCY.map((c) => r.baton[c].errors + r.batonNoLog[c].errors).reduce((a, b) => a + b, 0)}, Flask ${CONCURRENCY.map((c) => r.flask[c].errors).reduce((a, b) => a + b, 0)}.`,
    'Targets: >= 10x the Flask throughput, p99 < 5 ms at concurrency 16, >= 70% of the ceiling, logging costs < 10% of throughput.',
    // The benchmark's own server and load generator keep about two runnable threads busy.
    Math.max(r.loadBefore, os.loadavg()[0]) > os.cpus().length + 1
      ? 'This run shared its CPUs with other work (load average above the CPU count): the load generator, the server and the log writer competed for two cores, so differences under about 30% (logging cost, p99) are within noise. Rerun on a quiet machine to judge those targets.'
      : 'Little else ran on the machine (the load average counts the benchmark itself, about 2); the load generator, the server and the log writer thread still share its two cores.',
    '',
  );
  return `${lines.join('\n')}\n`;
}

export async function servingBench() {
  return `${START}\n${await main()}${END}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const section = await servingBench();
  if (args.includes('--write')) writeBenchSection('bench-serving', section);
  process.stdout.write(section);
}
