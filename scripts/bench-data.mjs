// The data lane's benchmark (issue 4): a generated CSV of 10M rows x 20 columns (numeric,
// categorical, timestamp, some missing) is ingested and profiled by a real `baton up`, and
// read + described + correlated by pandas, side by side in one run; then a 10-check quality
// suite runs on the version. Called by scripts/bench.mjs; alone: `node scripts/bench-data.mjs
// [rows] [repeat]` (after `npm run build`). Each repeat runs Baton and then pandas; the report
// gives medians and the median of the per-repeat ratios. The CSV is cached in the temp folder.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PASSWORD = 'bench-data-password';

/** A small fast PRNG (mulberry32), so the file is the same on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER = [
  'id',
  'amount',
  'income',
  'score',
  'ratio',
  'balance',
  'latency_ms',
  'temperature',
  'weight',
  'age',
  'count',
  'year',
  'country',
  'segment',
  'product',
  'channel',
  'status',
  'city',
  'created_at',
  'updated_at',
];
const pick = (r, list) => list[Math.floor(r() * list.length)];
const COUNTRIES = [
  'NO',
  'SE',
  'DK',
  'FI',
  'DE',
  'FR',
  'IT',
  'ES',
  'PT',
  'NL',
  'BE',
  'PL',
  'CZ',
  'AT',
  'CH',
  'IE',
  'GB',
  'US',
  'CA',
  'BR',
];
const SEGMENTS = ['retail', 'business', 'private', 'public', 'student'];
const PRODUCTS = Array.from({ length: 100 }, (_, i) => `product-${i}`);
const CHANNELS = ['web', 'app', 'branch', 'phone'];
const STATUSES = ['ok', 'late', 'default', 'closed'];
const CITIES = Array.from({ length: 1000 }, (_, i) => `city_${i}`);

/** Writes the benchmark CSV (numbers, categories, timestamps, ~2-5% missing in some columns). */
export async function generateCsv(file, rows) {
  const r = rng(42);
  const out = fs.createWriteStream(file);
  out.write(`${HEADER.join(',')}\n`);
  const base = Date.UTC(2020, 0, 1) / 1000;
  const maybe = (value, p) => (r() < p ? '' : value);
  const ts = (s) => new Date(s * 1000).toISOString().slice(0, 19).replace('T', ' ');
  let chunk = [];
  for (let i = 0; i < rows; i++) {
    const amount = (r() * 10_000).toFixed(2);
    const income = maybe((20_000 + r() * 180_000).toFixed(0), 0.05);
    const score = (r() * 2 - 1 + r()).toFixed(4);
    const ratio = maybe(r().toFixed(5), 0.02);
    const balance = ((r() - 0.3) * 50_000).toFixed(2);
    const latency = Math.exp(r() * 6).toFixed(3);
    const temperature = maybe((r() * 40 - 10).toFixed(1), 0.03);
    const weight = (40 + r() * 80).toFixed(1);
    const age = 18 + Math.floor(r() * 70);
    const count = Math.floor(r() * r() * 100);
    const year = 2000 + Math.floor(r() * 25);
    const created = base + Math.floor(r() * 150_000_000);
    chunk.push(
      `${i},${amount},${income},${score},${ratio},${balance},${latency},${temperature},${weight},${age},${count},${year},` +
        `${pick(r, COUNTRIES)},${pick(r, SEGMENTS)},${pick(r, PRODUCTS)},${pick(r, CHANNELS)},${maybe(pick(r, STATUSES), 0.04)},` +
        `${pick(r, CITIES)},${ts(created)},${maybe(ts(created + Math.floor(r() * 1_000_000)), 0.05)}`,
    );
    if (chunk.length === 10_000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await new Promise((resolve) => out.once('drain', resolve));
      chunk = [];
    }
  }
  if (chunk.length > 0) out.write(`${chunk.join('\n')}\n`);
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
}

const PANDAS = `
import resource, sys, time, json
import pandas as pd
r0 = resource.getrusage(resource.RUSAGE_SELF)
t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1])
t1 = time.perf_counter()
d = df.describe(include='all')
c = df.corr(numeric_only=True)
t2 = time.perf_counter()
r2 = resource.getrusage(resource.RUSAGE_SELF)
cpu = (r2.ru_utime + r2.ru_stime) - (r0.ru_utime + r0.ru_stime)
print(json.dumps({'readS': t1 - t0, 'describeCorrS': t2 - t1, 'totalS': t2 - t0, 'cpuS': cpu,
  'peakRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'rows': len(df), 'cols': len(df.columns)}))
`;

function pythonWithPandas() {
  for (const python of ['python3', '/usr/bin/python3']) {
    if (spawnSync(python, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0) return python;
  }
  return null;
}

function runPandas(python, file) {
  return new Promise((resolve, reject) => {
    const proc = spawn(python, ['-c', PANDAS, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => {
      out += d;
    });
    proc.stderr.on('data', (d) => {
      err += d;
    });
    proc.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`pandas failed: ${err}`)),
    );
  });
}

function startBaton(home) {
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
      const m = /Baton is ready at (\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.on('exit', (code) => reject(new Error(`baton exited ${code}: ${out}`)));
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 1/100 s). */
const cpuSeconds = (pid) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

const peakRssMb = (pid) =>
  Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function api(url, token, method, route, body, contentType = 'application/json') {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': contentType } : {}),
    },
    ...(body !== undefined
      ? { body: contentType === 'application/json' ? JSON.stringify(body) : body, duplex: 'half' }
      : {}),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function until(probe, what, timeoutMs = 3_600_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const SUITE = {
  checks: [
    { type: 'not_null', column: 'id' },
    { type: 'unique', column: 'id' },
    { type: 'not_null', column: 'income', mostly: 0.9 },
    { type: 'between', column: 'age', min: 18, max: 100 },
    { type: 'in_set', column: 'channel', values: ['web', 'app', 'branch', 'phone'] },
    { type: 'regex', column: 'country', pattern: '^[A-Z]{2}$' },
    { type: 'row_count_between', min: 1 },
    { type: 'mean_between', column: 'amount', min: 4000, max: 6000 },
    { type: 'quantile_between', column: 'weight', quantile: 0.5, min: 70, max: 90 },
    { type: 'freshness', column: 'created_at', maxAge: '5000d' },
  ],
};

/** One Baton run: ingest over HTTP, wait for the profile, run the suite. */
async function runBaton(file) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-data-'));
  const baton = await startBaton(home);
  try {
    const login = await fetch(`${baton.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie').split(';')[0];
    const { csrfToken } = await login.json();
    const tokenRes = await fetch(`${baton.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { cookie, 'x-baton-csrf': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench' }),
    });
    const { secret: token } = await tokenRes.json();
    await api(baton.url, token, 'POST', '/api/v1/projects', { slug: 'bench', name: 'Bench' });
    const rssBefore = peakRssMb(baton.proc.pid);

    const cpu0 = cpuSeconds(baton.proc.pid);
    const t0 = performance.now();
    const version = await api(
      baton.url,
      token,
      'POST',
      '/api/v1/projects/bench/datasets/bench/versions?filename=bench.csv',
      // Read in 1 MiB chunks, as `baton data ingest` reads.
      fs.createReadStream(file, { highWaterMark: 1024 * 1024 }),
      'text/csv',
    );
    const t1 = performance.now();
    const profile = await until(async () => {
      const p = await api(
        baton.url,
        token,
        'GET',
        '/api/v1/projects/bench/datasets/bench/versions/1/profile',
      );
      if (p.status === 'failed') throw new Error(`profile failed: ${p.error}`);
      return p.status === 'ready' ? p.profile : null;
    }, 'the profile');
    const t2 = performance.now();
    const cpuS = cpuSeconds(baton.proc.pid) - cpu0;
    const profiledPeak = peakRssMb(baton.proc.pid);
    const { job } = await api(baton.url, token, 'PUT', '/api/v1/projects/bench/datasets/bench/suites/ten', {
      definition: SUITE,
    });
    const done = await until(async () => {
      const j = await api(baton.url, token, 'GET', `/api/v1/projects/bench/jobs/${job.id}`);
      return ['succeeded', 'failed'].includes(j.status) ? j : null;
    }, 'the quality suite');
    const suiteMs = new Date(done.finishedAt).getTime() - new Date(done.startedAt).getTime();
    const batonPeak = peakRssMb(baton.proc.pid);
    return {
      ingestS: (t1 - t0) / 1000,
      profileS: (t2 - t1) / 1000,
      totalS: (t2 - t0) / 1000,
      cpuS,
      profileJobS: profile.elapsedMs / 1000,
      peakRssMb: profiledPeak,
      suitePeakRssMb: batonPeak,
      idleRssMb: rssBefore,
      suiteS: suiteMs / 1000,
      suiteStatus: done.status,
      validation: (await api(baton.url, token, 'GET', '/api/v1/projects/bench/datasets/bench/versions/1'))
        .validation,
      rows: version.rowCount,
      parquetMb: version.sizeBytes / 2 ** 20,
      distinctApproximate: profile.distinctApproximate,
      quantilesApproximate: profile.quantilesApproximate,
    };
  } finally {
    await new Promise((resolve) => {
      baton.proc.once('exit', resolve);
      baton.proc.kill('SIGTERM');
    });
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/**
 * The floor under any ingest: DuckDB alone (same threads and memory as Baton's) parsing the
 * CSV, and converting it to Parquet as a version is written, with no server, upload or store.
 */
async function runFloor(file) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '1GB' });
  const conn = await instance.connect();
  const out = path.join(os.tmpdir(), `baton-bench-floor-${process.pid}.parquet`);
  const src = `read_csv('${file}', nullstr=['', 'NA', 'N/A', 'NaN', 'NULL', 'null'])`;
  const timed = async (sql) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await conn.run(sql);
    const cpu = process.cpuUsage(cpu0);
    return { s: (performance.now() - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6 };
  };
  try {
    const parse = await timed(`SELECT count(*), ${HEADER.map((c) => `min(${c})`).join(', ')} FROM ${src}`);
    const convert = await timed(
      `COPY (SELECT * FROM ${src}) TO '${out}' (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2)`,
    );
    return { parseS: parse.s, parseCpuS: parse.cpuS, convertS: convert.s, convertCpuS: convert.cpuS };
  } finally {
    conn.closeSync();
    fs.rmSync(out, { force: true });
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const med = (runs, key) => median(runs.map((r) => r[key]));

/** Runs the data benchmark; returns the markdown section for docs/benchmarks.md. */
export async function dataBench({ rows = 10_000_000, repeat = 1 } = {}) {
  const file = path.join(os.tmpdir(), `baton-bench-${rows}x20.csv`);
  if (!fs.existsSync(file)) {
    console.log(`generating ${file} ...`);
    await generateCsv(`${file}.part`, rows);
    fs.renameSync(`${file}.part`, file);
  }
  const size = fs.statSync(file).size;
  const python = pythonWithPandas();
  const loadBefore = os.loadavg()[0];

  const batonRuns = [];
  const pandasRuns = [];
  const floorRuns = [];
  for (let i = 1; i <= repeat; i++) {
    console.log(`[${i}/${repeat}] floor: DuckDB alone parses, then converts the CSV ...`);
    floorRuns.push(await runFloor(file));
    console.log(`[${i}/${repeat}] floor: ${JSON.stringify(floorRuns.at(-1))}`);
    console.log(`[${i}/${repeat}] baton: ingesting ${(size / 2 ** 30).toFixed(2)} GiB ...`);
    batonRuns.push(await runBaton(file));
    console.log(`[${i}/${repeat}] baton: ${JSON.stringify(batonRuns.at(-1))}`);
    if (python) {
      console.log(`[${i}/${repeat}] pandas: read_csv + describe(include="all") + corr() ...`);
      pandasRuns.push(await runPandas(python, file));
      console.log(`[${i}/${repeat}] pandas: ${JSON.stringify(pandasRuns.at(-1))}`);
    }
  }
  const loadAfter = os.loadavg()[0];
  const result = Object.fromEntries(
    [
      'ingestS',
      'profileS',
      'totalS',
      'cpuS',
      'profileJobS',
      'peakRssMb',
      'suitePeakRssMb',
      'suiteS',
      'parquetMb',
    ].map((k) => [k, med(batonRuns, k)]),
  );
  const last = batonRuns.at(-1);
  const pandas =
    pandasRuns.length > 0
      ? Object.fromEntries(
          ['readS', 'describeCorrS', 'totalS', 'cpuS', 'peakRssMb'].map((k) => [k, med(pandasRuns, k)]),
        )
      : null;
  const ratios = pandasRuns.map((p, i) => p.totalS / batonRuns[i].totalS);
  const floor = Object.fromEntries(
    ['parseS', 'parseCpuS', 'convertS', 'convertCpuS'].map((k) => [k, med(floorRuns, k)]),
  );
  const floorRatio = (key) =>
    pandasRuns.length > 0
      ? `${median(pandasRuns.map((p, i) => p.totalS / floorRuns[i][key])).toFixed(1)}x`
      : 'n/a';
  const ratio = ratios.length > 0 ? median(ratios) : null;
  const cpu = (os.cpus()[0]?.model ?? 'unknown CPU').trim();
  const lines = [
    `## Data lane: ingest + profile of ${rows.toLocaleString('en')} rows x 20 columns, against pandas`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM,`,
    `Node ${process.version}; ${repeat} repeat${repeat === 1 ? '' : 's'}, medians shown (load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after:`,
    'other work shared the machine, so absolute times are inflated; the ratio compares runs made side by side).',
    '',
    `A generated CSV of ${(size / 2 ** 30).toFixed(2)} GiB (numbers, categories, timestamps; 2-5% missing in six columns),`,
    'uploaded to a real `baton up` over HTTP (streamed), converted to Parquet by DuckDB (2 threads, memory_limit 1GB),',
    'stored in the artifact store, then profiled by the in-process worker (statistics, quantiles, histograms, top values,',
    'correlations, sample). pandas ran `read_csv` + `describe(include="all")` + `corr(numeric_only=True)` on the same file',
    'in the same run. Peak RSS is VmHWM of the whole Baton server process (Node + DuckDB + the worker) and ru_maxrss of python.',
    '',
    '| measure | Baton | pandas | target |',
    '|---|---|---|---|',
    `| ingest (upload, parse, write Parquet, commit) | ${result.ingestS.toFixed(1)} s | ${pandas ? `${pandas.readS.toFixed(1)} s (read_csv)` : 'n/a'} | |`,
    `| profile | ${result.profileS.toFixed(1)} s (job: ${result.profileJobS.toFixed(1)} s) | ${pandas ? `${pandas.describeCorrS.toFixed(1)} s (describe + corr)` : 'n/a'} | |`,
    `| ingest + profile | ${result.totalS.toFixed(1)} s | ${pandas ? `${pandas.totalS.toFixed(1)} s` : 'n/a'} | |`,
    `| speed-up (median of ${ratios.length}: ${ratios.map((r) => `${r.toFixed(2)}x`).join(', ') || 'n/a'}) | ${ratio ? `${ratio.toFixed(1)}x` : 'n/a'} | | >= 5x |`,
    `| CPU time (user + system) of ingest + profile | ${result.cpuS.toFixed(1)} s | ${pandas ? `${pandas.cpuS.toFixed(1)} s` : 'n/a'} | |`,
    `| peak RSS of ingest + profile | ${result.peakRssMb.toFixed(0)} MB | ${pandas ? `${pandas.peakRssMb.toFixed(0)} MB` : 'n/a'} | < 1024 MB |`,
    `| quality suite, 10 checks, on the version | ${result.suiteS.toFixed(1)} s (version ${last.validation}; peak RSS then ${result.suitePeakRssMb.toFixed(0)} MB) | | |`,
    '',
    'The floor, measured in the same run: DuckDB alone (2 threads, 1 GB), no server, upload, store or profile.',
    '',
    "| DuckDB alone | wall | CPU | pandas' ingest + profile time over it |",
    '|---|---|---|---|',
    `| parse every column of the CSV | ${floor.parseS.toFixed(1)} s | ${floor.parseCpuS.toFixed(1)} s | ${floorRatio('parseS')} |`,
    `| CSV -> Parquet v2 (zstd), as a version is written | ${floor.convertS.toFixed(1)} s | ${floor.convertCpuS.toFixed(1)} s | ${floorRatio('convertS')} |`,
    '',
    `The version holds ${last.rows.toLocaleString('en')} rows in ${result.parquetMb.toFixed(0)} MB of Parquet (zstd).`,
    'Above 2M rows, numeric and temporal columns with more than 200k distinct values get estimated distinct counts',
    '(hash-threshold distinct sampling, at least 16k values behind each estimate: within 2.4% with 99.7% probability) and',
    'quantiles come from a sample of about 200k rows (rank error at most 0.0036 with 99% probability); both are flagged',
    `in the profile (here: distinct ${last.distinctApproximate ? 'estimated' : 'exact'}, quantiles ${last.quantilesApproximate ? 'sampled' : 'exact'}). Everything else is exact; pandas computes all exactly.`,
    python ? '' : 'pandas was not found (install python3-pandas), so only Baton was measured.',
    '',
  ];
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 10_000_000);
  const repeat = Number(process.argv[3] ?? 1);
  console.log((await dataBench({ rows, repeat })).join('\n'));
}
