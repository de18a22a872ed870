#!/usr/bin/env node
// Checks that the official `mlflow` Python client (2.x), unchanged, works against a real Baton.
//
//   node scripts/mlflow-client-check.mjs [--python python3] [--record requests.jsonl] [--keep]
//                                        [--database-url postgres://postgres@127.0.0.1:5432/postgres]
//
// Starts the built server (`npm run build` first) on a free port with a throwaway BATON_HOME,
// creates a project `mlflow-check` (and the bare root's `default` project), a writer `ana`
// (data scientist, ML engineer, MLOps engineer) with an API token and a viewer `vic`, then runs
// scripts/mlflow-client-check.py through a small recording proxy, so every request the client
// sends and every answer it gets land in a JSON-lines file (--record) for writing regression
// tests. The Python side needs `mlflow` importable (PYTHONPATH); see docs/mlflow-compatibility.md.
// Exits 0 only when every check passed.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    python: { type: 'string', default: process.env.PYTHON ?? 'python3' },
    record: { type: 'string', default: join(tmpdir(), 'mlflow-client-requests.jsonl') },
    keep: { type: 'boolean', default: false },
    // Run Baton on PostgreSQL (a fresh schema of its own) instead of its embedded SQLite.
    'database-url': { type: 'string' },
  },
});

const PASSWORD = 'mlflow-check-password';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url, child) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`baton exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('baton did not become ready within 60 s');
}

/** Forwards every request to Baton and records it with its answer (bodies cut at 4 KB). */
function recordingProxy(target, file) {
  const out = createWriteStream(file);
  const cut = (buf) => {
    const text = buf.toString('utf8');
    return text.length > 4096 ? `${text.slice(0, 4096)}…(${buf.length} bytes)` : text;
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = http.request(
        `${target}${req.url}`,
        { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
        (answer) => {
          const back = [];
          answer.on('data', (c) => back.push(c));
          answer.on('end', () => {
            const payload = Buffer.concat(back);
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(payload);
            const binary = /octet-stream/.test(answer.headers['content-type'] ?? '');
            out.write(
              `${JSON.stringify({
                method: req.method,
                url: req.url,
                contentType: req.headers['content-type'] ?? null,
                auth: (req.headers.authorization ?? '').split(' ')[0] || null,
                body: req.method === 'PUT' ? `(${body.length} bytes)` : cut(body),
                status: answer.statusCode,
                response: binary ? `(${payload.length} bytes)` : cut(payload),
              })}\n`,
            );
          });
        },
      );
      upstream.on('error', (error) => {
        res.writeHead(502).end(String(error));
      });
      upstream.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, out })));
}

async function api(base, method, path, { token, body } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

async function tokenFor(base, username) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
  const { csrfToken } = await login.json();
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${base}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-baton-csrf': csrfToken },
    body: JSON.stringify({ name: 'mlflow-client-check' }),
  });
  if (!res.ok) throw new Error(`token ${username}: ${res.status} ${await res.text()}`);
  return (await res.json()).secret;
}

async function main() {
  const home = mkdtempSync(join(tmpdir(), 'baton-mlflow-check-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(root, 'bin/baton.js'), 'up', '--port', String(port)], {
    env: {
      ...process.env,
      BATON_HOME: home,
      BATON_ADMIN_PASSWORD: PASSWORD,
      BATON_LOG_LEVEL: 'warn',
      ...(opts['database-url']
        ? { BATON_DATABASE_URL: opts['database-url'], BATON_DATABASE_SCHEMA: `mlflow_check_${process.pid}` }
        : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let proxy;
  try {
    await waitReady(base, child);
    const admin = await tokenFor(base, 'admin');
    for (const slug of ['mlflow-check', 'default']) {
      await api(base, 'POST', '/api/v1/projects', { token: admin, body: { slug, name: slug } });
    }
    for (const username of ['ana', 'vic']) {
      await api(base, 'POST', '/api/v1/users', { token: admin, body: { username, password: PASSWORD } });
    }
    const writer = ['data-scientist', 'ml-engineer', 'mlops-engineer'];
    for (const slug of ['mlflow-check', 'default']) {
      await api(base, 'PUT', `/api/v1/projects/${slug}/members/ana`, {
        token: admin,
        body: { roles: writer },
      });
      await api(base, 'PUT', `/api/v1/projects/${slug}/members/vic`, {
        token: admin,
        body: { roles: ['viewer'] },
      });
    }
    const anaToken = await tokenFor(base, 'ana');

    proxy = await recordingProxy(base, opts.record);
    const via = `http://127.0.0.1:${proxy.server.address().port}`;
    const code = await new Promise((resolve) => {
      const py = spawn(opts.python, [join(root, 'scripts/mlflow-client-check.py')], {
        stdio: 'inherit',
        env: {
          ...process.env,
          BATON_URL: via,
          BATON_PROJECT: 'mlflow-check',
          BATON_WRITER: 'ana',
          BATON_WRITER_TOKEN: anaToken,
          BATON_VIEWER: 'vic',
          BATON_PASSWORD: PASSWORD,
          GIT_PYTHON_REFRESH: 'quiet',
        },
      });
      py.on('exit', (c) => resolve(c ?? 1));
    });
    console.log(`requests recorded in ${opts.record}`);
    process.exitCode = code;
  } finally {
    proxy?.server.close();
    proxy?.out.end();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    if (!opts.keep) {
      rmSync(home, { recursive: true, force: true });
      if (opts['database-url']) {
        const { default: pg } = await import('pg');
        const client = new pg.Client({ connectionString: opts['database-url'] });
        await client.connect();
        await client.query(`drop schema if exists mlflow_check_${process.pid} cascade`);
        await client.end();
      }
    } else console.log(`BATON_HOME kept at ${home}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
