// The tracking lane's benchmark (issue 5): a real `baton up` on SQLite and, when
// BATON_BENCH_DATABASE_URL is set, on PostgreSQL, driven over HTTP by a small load client:
// MLflow log-batch ingest (1,000 metrics per batch; 1 and 4 clients), single log-metric latency,
// and runs/search with a metric filter + order over 25,000 runs x 20 metrics x 20 params.
// Called by scripts/bench.mjs; alone: `node scripts/bench-tracking.mjs [runs]` after a build
// (BATON_BENCH_BIN picks another `baton` entry point).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PASSWORD = 'bench-tracking-password';
const BIN = process.env.BATON_BENCH_BIN ?? path.join(ROOT, 'bin/baton.js');

function startBaton(home, env) {
  const proc = spawn(process.execPath, [BIN, 'up', '--port', '0', '--home', home], {
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
const median = (xs) => pct(xs, 0.5);
const ROUNDS = Number(process.env.BATON_BENCH_ROUNDS ?? 3);
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

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

async function benchOne(label, env, runCount) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-tracking-'));
  const { proc, url } = await startBaton(home, env);
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

    // log-batch ingest: 1,000 metrics per batch.
    const batch = (step) =>
      Array.from({ length: 1000 }, (_, i) => ({
        key: `m${i % 50}`,
        value: Math.random(),
        timestamp: Date.now(),
        step: step * 20 + Math.floor(i / 50),
      }));
    async function ingest(clients, batches) {
      const runs = [];
      for (let c = 0; c < clients; c++)
        runs.push((await post(`${api}/runs/create`, token, { experiment_id: ingestExp })).run.info.run_id);
      const t0 = performance.now();
      await Promise.all(
        runs.map(async (runId) => {
          for (let b = 0; b < batches; b++)
            await post(`${api}/runs/log-batch`, token, { run_id: runId, metrics: batch(b) });
        }),
      );
      return (clients * batches * 1000) / ((performance.now() - t0) / 1000);
    }
    // Each measure runs ROUNDS times (the machine is shared; the median is reported), and the
    // server's own CPU time per operation is taken beside the wall clock: it says what the
    // server costs whatever else the cores are busy with.
    const cpuPer = async (ops, fn) => {
      const c0 = cpuMs(proc.pid);
      const out = await fn();
      return { out, cpu: (cpuMs(proc.pid) - c0) / ops };
    };
    await ingest(1, 5); // warm-up
    const ingest1 = [];
    const ingest1Cpu = [];
    const ingest4 = [];
    const lat = [];
    const latCpu = [];
    for (let round = 0; round < ROUNDS; round++) {
      const one = await cpuPer(100, () => ingest(1, 100));
      ingest1.push(one.out);
      ingest1Cpu.push(one.cpu);
      ingest4.push(await ingest(4, 50));
      // log-metric latency, sequential.
      const { run } = await post(`${api}/runs/create`, token, { experiment_id: ingestExp });
      const times = [];
      const metric = await cpuPer(1100, async () => {
        for (let i = 0; i < 1100; i++) {
          const t0 = performance.now();
          await post(`${api}/runs/log-metric`, token, {
            run_id: run.info.run_id,
            key: 'loss',
            value: Math.random(),
            timestamp: Date.now(),
            step: i,
          });
          if (i >= 100) times.push(performance.now() - t0);
        }
      });
      lat.push(times);
      latCpu.push(metric.cpu);
    }

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
    const search = [];
    const searchCpu = [];
    const searchParam = [];
    for (let round = 0; round < ROUNDS; round++) {
      const times = [];
      const cpu = await cpuPer(30, async () => {
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
      });
      search.push(times);
      searchCpu.push(cpu.cpu);
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
      ingest1,
      ingest1Cpu,
      ingest4,
      lat,
      latCpu,
      search,
      searchCpu,
      searchParam,
      seedS,
      peak: Math.max(peak, rssMb(proc.pid)),
    };
  } finally {
    clearInterval(sampler);
    await stop(proc);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Runs the tracking benchmark and returns its docs/benchmarks.md section as lines. */
/**
 * The floor under any request latency here: a bare node:http server in another process that
 * reads the body and answers `{}`, called by the same client code 1,000 times in a row.
 */
async function noopFloor() {
  const source =
    "require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.setHeader('content-type', 'application/json'); s.end('{}'); }); })" +
    ".listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });";
  const proc = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise((resolve) =>
      proc.stdout.once('data', (d) => resolve(Number(String(d).trim()))),
    );
    const lat = [];
    for (let i = 0; i < 1_100; i++) {
      const t = performance.now();
      await post(`http://127.0.0.1:${port}/`, 'x', {
        run_id: 'r',
        key: 'loss',
        value: i,
        timestamp: Date.now(),
        step: i,
      });
      if (i >= 100) lat.push(performance.now() - t);
    }
    return lat;
  } finally {
    proc.kill();
  }
}

export async function trackingBench(runCount = 25_000) {
  const floor = await noopFloor();
  const results = [await benchOne('SQLite', {}, runCount)];
  const pgUrl = process.env.BATON_BENCH_DATABASE_URL;
  if (pgUrl) {
    const schema = `bench_tracking_${process.pid}`;
    try {
      results.push(
        await benchOne('PostgreSQL', { BATON_DATABASE_URL: pgUrl, BATON_DATABASE_SCHEMA: schema }, runCount),
      );
    } finally {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  }
  const fmt = (n) => Math.round(n).toLocaleString('en');
  const cells = (f) => results.map(f).join(' | ');
  const p50 = (rounds) => median(rounds.map((xs) => pct(xs, 0.5)));
  const p99 = (rounds) => median(rounds.map((xs) => pct(xs, 0.99)));
  const cpu = os.cpus();
  const lines = [
    '',
    `## Tracking lane: MLflow API ingest and search (${runCount.toLocaleString('en')} runs x 20 metrics x 20 params)`,
    '',
    'A real `baton up` driven over HTTP (keep-alive `fetch`, Bearer token) through the MLflow REST API by a small',
    "client in another process. MLflow itself cannot be installed on this machine, so its column holds MLflow's",
    "published figures (issue 5): MLflow 2.7.1's server (gunicorn, 4 workers, SQLite) on a similar 2-core machine,",
    'and its PostgreSQL benchmark with 20 clients. Each measure ran ' +
      `${ROUNDS} times in one server; the table gives the median round. "Server CPU" is the Baton process's own`,
    "user+system time per operation (from /proc; PostgreSQL's backends not included): unlike the wall clock it",
    'does not depend on what else the two cores are doing.',
    '',
    `| measure | ${cells((r) => `Baton ${r.label}`)} | MLflow (published) | target |`,
    `|---|${results.map(() => '---|').join('')}---|---|`,
    `| log-batch ingest, 1,000 metrics per batch, 1 client | ${cells((r) => `${fmt(median(r.ingest1))} metrics/s (${(median(r.ingest1) / 4600).toFixed(1)}x MLflow)`)} | ~4,600 metrics/s | >= 100,000 |`,
    `| log-batch, server CPU per 1,000-metric batch (metrics per CPU-second) | ${cells((r) => `${median(r.ingest1Cpu).toFixed(1)} ms (${fmt(1e6 / median(r.ingest1Cpu))}/s)`)} | | |`,
    `| log-batch ingest, 4 clients | ${cells((r) => `${fmt(median(r.ingest4))} metrics/s (${(median(r.ingest4) / 9400).toFixed(1)}x MLflow)`)} | ~9,400 metrics/s | |`,
    `| log-metric, sequential, p50 / p99 of 1000 | ${cells((r) => `${p50(r.lat).toFixed(2)} / ${p99(r.lat).toFixed(2)} ms (${(11 / p50(r.lat)).toFixed(1)}x faster)`)} | 11 ms (p50) | p50 < 1 ms |`,
    `| log-metric, server CPU per call | ${cells((r) => `${median(r.latCpu).toFixed(2)} ms`)} | | |`,
    `| floor: a bare node:http server answering \`{}\`, same client, p50 / p99 of 1000 | ${cells(() => `${pct(floor, 0.5).toFixed(2)} / ${pct(floor, 0.99).toFixed(2)} ms`)} | | |`,
    `| runs/search, metric filter + metric order, max_results 100, p50 / p99 of 25 | ${cells((r) => `${p50(r.search).toFixed(1)} / ${p99(r.search).toFixed(1)} ms`)} | 1,004 ms (23,525 runs, max_results 1000, PostgreSQL) | p50 < 100 ms |`,
    `| runs/search, server CPU per search | ${cells((r) => `${median(r.searchCpu).toFixed(1)} ms`)} | | |`,
    `| runs/search, metric + param filter + metric order, p50 of 25 | ${cells((r) => `${p50(r.searchParam).toFixed(1)} ms`)} | | |`,
    `| seeding ${runCount.toLocaleString('en')} runs (create + one log-batch each, 4 clients) | ${cells((r) => `${r.seedS.toFixed(0)} s`)} | | |`,
    `| server peak RSS (sampled every 200 ms) | ${cells((r) => `${r.peak.toFixed(0)} MB`)} | | < 500 MB |`,
    '',
    `Measured on ${new Date().toISOString().slice(0, 10)} on ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} at the end (other sessions share these cores).`,
    '',
  ];
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await trackingBench(Number(process.argv[2] ?? 25_000))).join('\n'));
}
