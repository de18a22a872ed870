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
    await ingest(1, 5); // warm-up
    const ingest1 = await ingest(1, 100);
    const ingest4 = await ingest(4, 50);

    // log-metric latency, sequential.
    const { run } = await post(`${api}/runs/create`, token, { experiment_id: ingestExp });
    const lat = [];
    for (let i = 0; i < 1100; i++) {
      const t0 = performance.now();
      await post(`${api}/runs/log-metric`, token, {
        run_id: run.info.run_id,
        key: 'loss',
        value: Math.random(),
        timestamp: Date.now(),
        step: i,
      });
      if (i >= 100) lat.push(performance.now() - t0);
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
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      const res = await post(`${api}/runs/search`, token, {
        experiment_ids: [searchExp],
        filter: `metrics.metric_3 > ${(0.5 + i / 100).toFixed(2)}`,
        order_by: ['metrics.metric_7 DESC'],
        max_results: 100,
      });
      if (res.runs.length !== 100) throw new Error(`search returned ${res.runs.length} runs`);
      if (i >= 5) search.push(performance.now() - t0);
    }
    const searchParam = [];
    for (let i = 0; i < 25; i++) {
      const t0 = performance.now();
      await post(`${api}/runs/search`, token, {
        experiment_ids: [searchExp],
        filter: `metrics.metric_3 > 0.5 and params.param_1 = '${i % 10}'`,
        order_by: ['metrics.metric_7 DESC'],
        max_results: 100,
      });
      searchParam.push(performance.now() - t0);
    }
    return {
      label,
      ingest1,
      ingest4,
      lat,
      search,
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
export async function trackingBench(runCount = 25_000) {
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
  const lines = [
    '',
    `## Tracking lane: MLflow API ingest and search (${runCount.toLocaleString('en')} runs x 20 metrics x 20 params)`,
    '',
    'A real `baton up` driven over HTTP (keep-alive `fetch`, Bearer token) through the MLflow REST API. MLflow itself',
    "cannot be installed on this machine, so its column holds MLflow's published figures (issue 5): MLflow 2.7.1's",
    'server (gunicorn, 4 workers, SQLite) on a similar 2-core machine, and its PostgreSQL benchmark with 20 clients.',
    '',
    `| measure | ${results.map((r) => `Baton ${r.label}`).join(' | ')} | MLflow (published) | target |`,
    `|---|${results.map(() => '---|').join('')}---|---|`,
    `| log-batch ingest, 1,000 metrics per batch, 1 client | ${results.map((r) => `${Math.round(r.ingest1).toLocaleString('en')} metrics/s`).join(' | ')} | ~4,600 metrics/s | >= 100,000 |`,
    `| log-batch ingest, 4 clients | ${results.map((r) => `${Math.round(r.ingest4).toLocaleString('en')} metrics/s`).join(' | ')} | ~9,400 metrics/s | |`,
    `| log-metric, sequential, p50 / p99 of 1000 | ${results.map((r) => `${pct(r.lat, 0.5).toFixed(2)} / ${pct(r.lat, 0.99).toFixed(2)} ms`).join(' | ')} | 11 ms (p50) | p50 < 1 ms |`,
    `| runs/search, metric filter + metric order, max_results 100, p50 / p99 of 25 | ${results.map((r) => `${pct(r.search, 0.5).toFixed(1)} / ${pct(r.search, 0.99).toFixed(1)} ms`).join(' | ')} | 1,004 ms (23,525 runs, max_results 1000, PostgreSQL) | p50 < 100 ms |`,
    `| runs/search, metric + param filter + metric order, p50 of 25 | ${results.map((r) => `${pct(r.searchParam, 0.5).toFixed(1)} ms`).join(' | ')} | | |`,
    `| seeding ${runCount.toLocaleString('en')} runs (create + one log-batch each, 4 clients) | ${results.map((r) => `${r.seedS.toFixed(0)} s`).join(' | ')} | | |`,
    `| server peak RSS (sampled every 200 ms) | ${results.map((r) => `${r.peak.toFixed(0)} MB`).join(' | ')} | | < 500 MB |`,
    '',
  ];
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await trackingBench(Number(process.argv[2] ?? 25_000))).join('\n'));
}
