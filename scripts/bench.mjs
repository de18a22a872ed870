// `npm run bench [section ...]`: runs the benchmarks and writes each section into
// docs/benchmarks.md as it finishes, between its markers, keeping every other section and each
// section's hand-written reading (scripts/bench-doc.mjs). Sections: foundation (time until
// `baton up` is ready, idle memory, request latency of a cheap authenticated endpoint), data,
// tracking, ml, serving; all of them when none is named. Run on a quiet machine; numbers are noisy.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeBenchSection } from './bench-doc.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PASSWORD = 'bench-password-1';
const RUNS = 5;
const SECTIONS = ['foundation', 'data', 'tracking', 'ml', 'serving'];
const asked = process.argv.slice(2);
for (const name of asked) {
  if (!SECTIONS.includes(name)) {
    console.error(`unknown section '${name}'; choose from ${SECTIONS.join(', ')}`);
    process.exit(2);
  }
}
const wanted = (name) => asked.length === 0 || asked.includes(name);

if (spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit', cwd: ROOT }).status !== 0)
  process.exit(1);

function startBaton(home) {
  const started = performance.now();
  const proc = spawn(
    process.execPath,
    [path.join(ROOT, 'bin/baton.js'), 'up', '--port', '0', '--home', home],
    {
      env: { ...process.env, BATON_ADMIN_PASSWORD: PASSWORD, BATON_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stderr.on('data', (d) => {
      out += d;
      const m = /Baton is ready at (\S+) \((\d+) ms\)/.exec(out);
      if (m) resolve({ proc, url: m[1], wallMs: performance.now() - started, selfReportedMs: Number(m[2]) });
    });
    proc.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

const rssMb = (pid) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
};
const stop = (proc) =>
  new Promise((resolve) => {
    proc.once('exit', resolve);
    proc.kill('SIGTERM');
  });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function foundationBench() {
  const cold = [];
  const warm = [];
  let idleRss = 0;
  let latencies = [];
  for (let i = 0; i < RUNS; i++) {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-'));
    const first = await startBaton(home); // first start: creates the database and the admin
    cold.push(first.wallMs);
    await stop(first.proc);
    const second = await startBaton(home); // a normal start on an existing home
    warm.push(second.wallMs);
    if (i === RUNS - 1) {
      await new Promise((r) => setTimeout(r, 5000));
      idleRss = rssMb(second.proc.pid);
      const login = await fetch(`${second.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: PASSWORD }),
      });
      const cookie = login.headers.get('set-cookie').split(';')[0];
      for (let k = 0; k < 50; k++) await fetch(`${second.url}/api/v1/projects`, { headers: { cookie } });
      latencies = [];
      for (let k = 0; k < 1000; k++) {
        const t0 = performance.now();
        const res = await fetch(`${second.url}/api/v1/projects`, { headers: { cookie } });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
      }
    }
    await stop(second.proc);
    fs.rmSync(home, { recursive: true, force: true });
  }

  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  const lines = [
    '## Foundation: start-up and idle footprint (embedded SQLite, local artifact folder)',
    '',
    `Run by \`npm run bench foundation\` on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} x ${cpu}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}; ` +
      `load average ${os.loadavg()[0].toFixed(1)} at the end.`,
    '',
    '| measure | result | target |',
    '|---|---|---|',
    `| \`baton up\` ready, first start on an empty home (median of ${RUNS}) | ${median(cold).toFixed(0)} ms | < 3000 ms |`,
    `| \`baton up\` ready, later start (median of ${RUNS}) | ${median(warm).toFixed(0)} ms | < 3000 ms |`,
    `| idle RSS of the server with its in-process worker, 5 s after ready | ${idleRss.toFixed(0)} MB | < 150 MB |`,
    `| GET /api/v1/projects with a session, sequential, p50 / p99 of 1000 | ${pct(latencies, 0.5).toFixed(2)} / ${pct(latencies, 0.99).toFixed(2)} ms | |`,
    '',
    'Ready time is measured from process spawn to the "Baton is ready" line (Node start-up included).',
  ];
  return lines.join('\n');
}

if (wanted('foundation')) writeBenchSection('bench-foundation', await foundationBench());
// The data lane's section (scripts/bench-data.mjs): ingest + profile against pandas.
if (wanted('data')) {
  const { dataBench } = await import('./bench-data.mjs');
  writeBenchSection('bench-data', (await dataBench()).join('\n'));
}
// The tracking lane's section (scripts/bench-tracking.mjs): MLflow API ingest and search; PostgreSQL
// too when BATON_BENCH_DATABASE_URL is set.
if (wanted('tracking')) {
  const { trackingBench } = await import('./bench-tracking.mjs');
  writeBenchSection('bench-tracking', (await trackingBench()).join('\n'));
}
// ML learners against XGBoost and scikit-learn: scripts/bench-ml.mjs writes its own section.
if (wanted('ml')) {
  const ml = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bench-ml.mjs'), '--write'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (ml.status !== 0) console.error(`scripts/bench-ml.mjs failed (exit ${ml.status})`);
}
// The serving lane's section (scripts/bench-serving.mjs): Baton against Flask + scikit-learn and
// the in-process onnxruntime ceiling.
if (wanted('serving')) {
  const { servingBench } = await import('./bench-serving.mjs');
  writeBenchSection('bench-serving', await servingBench());
}
console.log(`docs/benchmarks.md: wrote ${asked.length === 0 ? SECTIONS.join(', ') : asked.join(', ')}`);
