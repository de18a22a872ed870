// The tracking lane's benchmark (issue 5): a real `baton up` on SQLite and, when
// BATON_BENCH_DATABASE_URL is set, on PostgreSQL, driven over HTTP through the MLflow REST API:
// log-batch ingest (1,000 metrics per batch; 1 and 4 connections) and single log-metric latency
// by `wrk` (a C load generator replaying pre-built requests, so the client is not the bottleneck),
// beside the floor (a bare node:http server answering the same requests, same tool, same run);
// runs/search with a metric filter + order over 25,000 runs x 20 metrics x 20 params by a fetch
// client (at ~35 ms a call its own cost does not matter). Called by scripts/bench.mjs; alone:
// `node scripts/bench-tracking.mjs [runs]` after a build (runs 0 skips the search part).
// BATON_BENCH_BIN picks another `baton` entry point, BATON_BENCH_NODE_ARGS adds node flags to the
// server (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`), BATON_BENCH_SECONDS the length of a wrk run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PASSWORD = 'bench-tracking-password';
const BIN = process.env.BATON_BENCH_BIN ?? path.join(ROOT, 'bin/baton.js');
const NODE_ARGS = (process.env.BATON_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const WRK = process.env.BATON_BENCH_WRK ?? 'wrk';
const WRK_SCRIPT = path.join(ROOT, 'scripts/bench-tracking/wrk-post.lua');
const SECONDS = Number(process.env.BATON_BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BATON_BENCH_ROUNDS ?? 3);

function startBaton(home, env) {
  const proc = spawn(process.execPath, [...NODE_ARGS, BIN, 'up', '--port', '0', '--home', home], {
    env: { ...process.env, BATON_ADMIN_PASSWORD: PASSWORD, BATON_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stderr.on('data', (d) => {
      out += d;
      const m = /Baton is ready at (\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}
const stop = (proc) =>
  new Promise((resolve) => {
    proc.once('exit', resolve);
    proc.kill('SIGTERM');
  });
const rssMb = (pid) =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
/** User + system CPU the process has used so far, in ms (from /proc; clock ticks of 10 ms). */
const cpuMs = (pid) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const median = (xs) => pct(xs, 0.5);

async function post(url, token, body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-tracking-wrk-'));
let bodyFiles = 0;
/** Writes request bodies, one JSON document a line, for the wrk script to replay. */
function bodiesFile(bodies) {
  const file = path.join(workDir, `bodies-${bodyFiles++}.jsonl`);
  fs.writeFileSync(file, `${bodies.map((b) => JSON.stringify(b)).join('\n')}\n`);
  return file;
}

/**
 * One wrk run: `connections` keep-alive connections POST the bodies of `file` to `url` for
 * SECONDS seconds. Returns requests/s, latency percentiles in ms and, when `pid` is given, that
 * process's CPU per request. Any non-2xx answer fails the benchmark.
 */
async function wrk({ url, file, runs = ['none'], token = 'x', connections, pid }) {
  const c0 = pid ? cpuMs(pid) : 0;
  const proc = spawn(
    WRK,
    ['-t1', `-c${connections}`, `-d${SECONDS}s`, '--timeout', '10s', '-s', WRK_SCRIPT, url],
    {
      env: { ...process.env, WRK_BODIES: file, WRK_RUNS: runs.join(','), WRK_TOKEN: token },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  proc.stdout.on('data', (d) => {
    out += d;
  });
  const code = await new Promise((resolve, reject) => {
    proc.on('exit', resolve);
    proc.on('error', (error) =>
      reject(new Error(`cannot run ${WRK} (install it: apt-get install wrk): ${error.message}`)),
    );
  });
  const cpu = pid ? cpuMs(pid) - c0 : 0;
  const m = /WRK_RESULT (\{.*\})/.exec(out);
  if (code !== 0 || !m) throw new Error(`wrk failed (${code}): ${out}`);
  const r = JSON.parse(m[1]);
  if (r.status_errors > 0 || r.socket_errors > 0)
    throw new Error(`wrk ${url}: ${r.status_errors} error answers, ${r.socket_errors} socket errors`);
  return {
    rps: r.requests / (r.duration_us / 1e6),
    p50: r.p50 / 1000,
    p90: r.p90 / 1000,
    p99: r.p99 / 1000,
    cpu: cpu / r.requests,
  };
}

/** A bare node:http server in another process that reads the body and answers `{}`. */
async function startFloor() {
  const source =
    "require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.setHeader('content-type', 'application/json'); s.end('{}'); }); })" +
    ".listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });";
  const proc = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) =>
    proc.stdout.once('data', (d) => resolve(Number(String(d).trim()))),
  );
  return { proc, url: `http://127.0.0.1:${port}/` };
}

// Bodies for the wrk script, whose RUN_ID it replaces: each run receives them in order.
/** Bodies of 1,000 metrics (50 keys x 20 steps), steps rising from one body to the next. */
const batchBodies = (count) =>
  Array.from({ length: count }, (_, b) => ({
    run_id: 'RUN_ID',
    metrics: Array.from({ length: 1000 }, (_, i) => ({
      key: `m${i % 50}`,
      value: Math.random(),
      timestamp: 1_760_000_000_000 + b,
      step: b * 20 + Math.floor(i / 50),
    })),
  }));
const metricBodies = (count) =>
  Array.from({ length: count }, (_, i) => ({
    run_id: 'RUN_ID',
    key: 'loss',
    value: Math.random(),
    timestamp: 1_760_000_000_000 + i,
    step: i,
  }));

async function benchOne(label, env, runCount) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-tracking-'));
  const { proc, url } = await startBaton(home, env);
  const floor = await startFloor();
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(proc.pid));
  }, 200);
  try {
    const loginRes = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const cookie = loginRes.headers.get('set-cookie').split(';')[0];
    const csrf = (await loginRes.json()).csrfToken;
    const tokenRes = await fetch(`${url}/api/v1/tokens`, {
      method: 'POST',
      headers: { cookie, 'x-baton-csrf': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench' }),
    });
    const token = (await tokenRes.json()).secret;
    const api = `${url}/api/2.0/mlflow`;
    const { experiment_id: ingestExp } = await post(`${api}/experiments/create`, token, { name: 'ingest' });
    const newRuns = async (n) => {
      const ids = [];
      for (let i = 0; i < n; i++)
        ids.push((await post(`${api}/runs/create`, token, { experiment_id: ingestExp })).run.info.run_id);
      return ids;
    };
    // Every wrk run logs into runs of its own (40 batches, or 2,000 single metrics, each), so
    // no (run, key, step) is logged twice: replaying the same steps into the same runs would
    // insert into the middle of the series index instead of at its end, unlike any real client.
    const batchFile = bodiesFile(batchBodies(40));
    const metricFile = bodiesFile(metricBodies(2000));
    const batch = async (connections, pid) =>
      wrk({
        url: `${api}/runs/log-batch`,
        file: batchFile,
        runs: await newRuns(120),
        token,
        connections,
        pid,
      });
    const single = async (connections, pid) =>
      wrk({
        url: `${api}/runs/log-metric`,
        file: metricFile,
        runs: await newRuns(40),
        token,
        connections,
        pid,
      });
    // Warm-up: JIT, statement caches, the auth cache.
    await batch(1);
    await single(1);
    const rounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      const pid = proc.pid;
      rounds.push({
        floorBatch: await wrk({ url: floor.url, file: batchFile, connections: 1 }),
        batch1: await batch(1, pid),
        batch4: await batch(4, pid),
        floorMetric: await wrk({ url: floor.url, file: metricFile, connections: 1 }),
        metric: await single(1, pid),
        metric4: await single(4, pid),
      });
    }
    if (runCount === 0) return { label, rounds, peak: Math.max(peak, rssMb(proc.pid)) };

    // Search over runCount runs x 20 metrics x 20 params (seeded through the API, 4 at a time).
    const { experiment_id: searchExp } = await post(`${api}/experiments/create`, token, { name: 'search' });
    const seedStart = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < runCount) {
          const i = next++;
          const created = await post(`${api}/runs/create`, token, {
            experiment_id: searchExp,
            start_time: 1_700_000_000_000 + i,
          });
          await post(`${api}/runs/log-batch`, token, {
            run_id: created.run.info.run_id,
            metrics: Array.from({ length: 20 }, (_, k) => ({
              key: `metric_${k}`,
              value: Math.random(),
              timestamp: 1,
              step: 0,
            })),
            params: Array.from({ length: 20 }, (_, k) => ({
              key: `param_${k}`,
              value: String(Math.floor(Math.random() * 10)),
            })),
          });
        }
      }),
    );
    const seedS = (performance.now() - seedStart) / 1000;
    const cpuPer = async (ops, fn) => {
      const c0 = cpuMs(proc.pid);
      await fn();
      return (cpuMs(proc.pid) - c0) / ops;
    };
    const search = [];
    const searchCpu = [];
    const searchParam = [];
    for (let round = 0; round < ROUNDS; round++) {
      const times = [];
      searchCpu.push(
        await cpuPer(30, async () => {
          for (let i = 0; i < 30; i++) {
            const t0 = performance.now();
            const res = await post(`${api}/runs/search`, token, {
              experiment_ids: [searchExp],
              filter: `metrics.metric_3 > ${(0.5 + i / 100).toFixed(2)}`,
              order_by: ['metrics.metric_7 DESC'],
              max_results: 100,
            });
            if (res.runs.length !== 100) throw new Error(`search returned ${res.runs.length} runs`);
            if (i >= 5) times.push(performance.now() - t0);
          }
        }),
      );
      search.push(times);
      const withParam = [];
      for (let i = 0; i < 25; i++) {
        const t0 = performance.now();
        await post(`${api}/runs/search`, token, {
          experiment_ids: [searchExp],
          filter: `metrics.metric_3 > 0.5 and params.param_1 = '${i % 10}'`,
          order_by: ['metrics.metric_7 DESC'],
          max_results: 100,
        });
        withParam.push(performance.now() - t0);
      }
      searchParam.push(withParam);
    }
    return {
      label,
      rounds,
      search,
      searchCpu,
      searchParam,
      seedS,
      peak: Math.max(peak, rssMb(proc.pid)),
    };
  } finally {
    clearInterval(sampler);
    floor.proc.kill();
    await stop(proc);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Runs the tracking benchmark and returns its docs/benchmarks.md section as lines. */
export async function trackingBench(runCount = 25_000) {
  const loadBefore = os.loadavg();
  const results = [];
  try {
    results.push(await benchOne('SQLite', {}, runCount));
    const pgUrl = process.env.BATON_BENCH_DATABASE_URL;
    if (pgUrl) {
      const schema = `bench_tracking_${process.pid}`;
      try {
        results.push(
          await benchOne(
            'PostgreSQL',
            { BATON_DATABASE_URL: pgUrl, BATON_DATABASE_SCHEMA: schema },
            runCount,
          ),
        );
      } finally {
        const { default: pg } = await import('pg');
        const client = new pg.Client({ connectionString: pgUrl });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      }
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  const fmt = (n) => Math.round(n).toLocaleString('en');
  const cells = (f) => results.map(f).join(' | ');
  // The median round of a measure, chosen by `by`, and the value `f` of that round.
  const mid = (r, name, by, f = by) => {
    const sorted = [...r.rounds].sort((a, b) => by(a[name]) - by(b[name]));
    return f(sorted[Math.floor(sorted.length / 2)][name]);
  };
  const rps = (m) => m.rps;
  const lat = (m) => `${m.p50.toFixed(2)} / ${m.p99.toFixed(2)} ms`;
  const met = (ok) => (ok ? 'met' : '**not met**');
  const searchP50 = (r) => median(r.search.map((xs) => pct(xs, 0.5)));
  const cpu = os.cpus();
  const lines = [
    '<!-- bench-tracking:start -->',
    '',
    `## Tracking lane: MLflow API ingest and search (${runCount.toLocaleString('en')} runs x 20 metrics x 20 params)`,
    '',
    'A real `baton up` driven over HTTP (keep-alive, Bearer token) through the MLflow REST API. Ingest and',
    "log-metric are driven by `wrk` (one thread; requests pre-built and replayed, so the client's own cost is",
    'small and fixed); the "floor" rows are a bare `node:http` server that reads the body and answers `{}`, hit',
    'by the same wrk script with the same bodies in the same round, i.e. what any Node HTTP server costs here.',
    'Search is timed by a sequential fetch client. MLflow itself cannot be installed on this machine, so its',
    "column holds MLflow's published figures (issue 5): MLflow 2.7.1's server (gunicorn, 4 workers, SQLite) on",
    'a similar 2-core machine, and its PostgreSQL benchmark with 20 clients. Each measure ran ' +
      `${ROUNDS} times (wrk: ${SECONDS} s each) in one server; the table gives the median round. "Server CPU" is`,
    "the Baton process's own user+system time per call, all its threads (from /proc; PostgreSQL's backends",
    'not included). Durability is as shipped: SQLite in WAL mode with synchronous=NORMAL (an acknowledged',
    'write survives a process crash; the WAL checkpoints, which fsync, run on a worker thread), PostgreSQL with',
    'synchronous_commit on (every acknowledged call is flushed to disk before the answer).',
    '',
    `| measure | ${cells((r) => `Baton ${r.label}`)} | MLflow (published) | target |`,
    `|---|${results.map(() => '---|').join('')}---|---|`,
    `| log-batch ingest, 1,000 metrics per batch, 1 connection | ${cells((r) => `${fmt(mid(r, 'batch1', rps) * 1000)} metrics/s (${((mid(r, 'batch1', rps) * 1000) / 4600).toFixed(1)}x MLflow)`)} | ~4,600 metrics/s | >= 100,000 |`,
    `| log-batch ingest, 4 connections | ${cells((r) => `${fmt(mid(r, 'batch4', rps) * 1000)} metrics/s (${((mid(r, 'batch4', rps) * 1000) / 9400).toFixed(1)}x MLflow)`)} | ~9,400 metrics/s (4 clients) | >= 100,000 |`,
    `| log-batch, p50 / p99 per batch, 1 connection | ${cells((r) => mid(r, 'batch1', (m) => m.p50, lat))} | | |`,
    `| log-batch, server CPU per 1,000-metric batch, 1 / 4 connections | ${cells((r) => `${mid(r, 'batch1', (m) => m.cpu).toFixed(2)} / ${mid(r, 'batch4', (m) => m.cpu).toFixed(2)} ms`)} | | |`,
    `| floor for log-batch: bare node:http, same bodies, 1 connection, p50 / p99 | ${cells((r) => `${mid(r, 'floorBatch', (m) => m.p50, lat)} (${fmt(mid(r, 'floorBatch', rps))} req/s)`)} | | |`,
    `| log-metric, 1 connection, p50 / p99 | ${cells((r) => `${mid(r, 'metric', (m) => m.p50, lat)} (${(11 / mid(r, 'metric', (m) => m.p50)).toFixed(1)}x faster)`)} | 11 ms (p50) | p50 < 1 ms |`,
    `| log-metric, 4 connections: calls/s, p50 | ${cells((r) => `${fmt(mid(r, 'metric4', rps))}/s, ${mid(r, 'metric4', (m) => m.p50).toFixed(2)} ms`)} | | |`,
    `| log-metric, server CPU per call, 1 / 4 connections | ${cells((r) => `${mid(r, 'metric', (m) => m.cpu).toFixed(3)} / ${mid(r, 'metric4', (m) => m.cpu).toFixed(3)} ms`)} | | |`,
    `| floor for log-metric: bare node:http, same bodies, 1 connection, p50 / p99 | ${cells((r) => mid(r, 'floorMetric', (m) => m.p50, lat))} | | |`,
  ];
  if (runCount > 0) {
    lines.push(
      `| runs/search, metric filter + metric order, max_results 100, p50 / p99 of 25 | ${cells((r) => `${searchP50(r).toFixed(1)} / ${median(r.search.map((xs) => pct(xs, 0.99))).toFixed(1)} ms`)} | 1,004 ms (23,525 runs, max_results 1000, PostgreSQL) | p50 < 100 ms |`,
      `| runs/search, server CPU per search | ${cells((r) => `${median(r.searchCpu).toFixed(1)} ms`)} | | |`,
      `| runs/search, metric + param filter + metric order, p50 of 25 | ${cells((r) => `${median(r.searchParam.map((xs) => pct(xs, 0.5))).toFixed(1)} ms`)} | | |`,
      `| seeding ${runCount.toLocaleString('en')} runs (create + one log-batch each, 4 fetch clients) | ${cells((r) => `${r.seedS.toFixed(0)} s`)} | | |`,
    );
  }
  lines.push(
    `| server peak RSS (sampled every 200 ms) | ${cells((r) => `${r.peak.toFixed(0)} MB`)} | | < 500 MB |`,
    '',
    `Targets: log-batch >= 100,000 metrics/s ${cells((r) => `${r.label} ${met(mid(r, 'batch1', rps) * 1000 >= 100_000)} (1 connection), ${met(mid(r, 'batch4', rps) * 1000 >= 100_000)} (4)`)}; ` +
      `log-metric p50 < 1 ms ${cells((r) => `${r.label} ${met(mid(r, 'metric', (m) => m.p50) < 1)}`)}; ` +
      (runCount > 0 ? `search p50 < 100 ms ${cells((r) => `${r.label} ${met(searchP50(r) < 100)}`)}; ` : '') +
      `RSS < 500 MB ${cells((r) => `${r.label} ${met(r.peak < 500)}`)}.`,
    '',
    `Measured on ${new Date().toISOString().slice(0, 10)} on ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${WRK}; load average ` +
      `${loadBefore.map((l) => l.toFixed(1)).join(' / ')} before and ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} after (other sessions share these cores).`,
    '',
    '<!-- bench-tracking:end -->',
  );
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await trackingBench(Number(process.argv[2] ?? 25_000))).join('\n'));
}
