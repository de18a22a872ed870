import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const BATON_BIN = path.join(REPO_ROOT, 'bin/baton.js');
const BUNDLE = path.join(REPO_ROOT, 'apps/server/dist/baton.js');

export interface BatonProcess {
  url: string;
  proc: ChildProcess;
  output(): string;
  /** Sends SIGTERM and waits for the exit. */
  stop(): Promise<number | null>;
}

/**
 * Runs the built `baton up` as a child process on a free port and resolves once it prints
 * that it is ready (or rejects with its output when it exits or misses the deadline).
 */
export async function startBatonProcess(options: {
  home: string;
  env?: Record<string, string>;
  args?: string[];
  deadlineMs?: number;
}): Promise<BatonProcess> {
  if (!fs.existsSync(BUNDLE))
    throw new Error('apps/server/dist/baton.js is missing: run `npm run build` first');
  const proc = spawn(
    process.execPath,
    [BATON_BIN, 'up', '--port', '0', '--home', options.home, ...(options.args ?? [])],
    {
      env: { ...process.env, BATON_LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    out += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`baton up was not ready in time:\n${out}`));
    }, options.deadlineMs ?? 20_000);
    const check = () => {
      const match = /Baton is ready at (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    proc.stderr?.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`baton up exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    proc,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve(proc.exitCode);
        proc.once('exit', (code) => resolve(code));
        proc.kill('SIGTERM');
      }),
  };
}

/** Signs in over HTTP and returns the cookie and CSRF header a browser would send. */
export async function signIn(url: string, username: string, password: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, 'x-baton-csrf': csrfToken, 'content-type': 'application/json' };
}
