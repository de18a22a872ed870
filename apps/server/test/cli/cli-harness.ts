import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorker } from '@baton/core';
import { type BatonClient, createBatonClient, signIn } from '@baton/sdk';
import { loadConfig } from '../../src/config.ts';
import { createLogger, openRuntime, startServer } from '../../src/runtime.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const BATON_BIN = path.join(REPO_ROOT, 'bin/baton.js');
const BUNDLE = path.join(REPO_ROOT, 'apps/server/dist/baton.js');

export const ADMIN_PASSWORD = 'admin-cli-password';
export const USER_PASSWORD = 'user-cli-password';

/** Builds the bundle the CLI runs from, unless `npm test` built it already. */
export function ensureBundle(): void {
  if (existsSync(BUNDLE)) return;
  const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build-server.mjs')], {
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`building the bundle failed:\n${build.stderr}`);
}

export interface CliServer {
  url: string;
  /** The server's home folder (tests may keep their own files there too). */
  home: string;
  /** An administrator's client, for setting up users. */
  admin: BatonClient;
  /** A fresh user with a password, for one test. */
  newUser(): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;
/** A name no other test uses, so tests never share rows. */
export const unique = (prefix: string): string =>
  `${prefix}-${process.pid.toString(36)}-${(++counter).toString(36)}`;

/**
 * A real Baton server in this process on a free port, with its own SQLite home; with
 * `worker`, also a job worker, for commands that wait on jobs (profiles, checks, training).
 */
export async function startCliServer(options: { worker?: boolean } = {}): Promise<CliServer> {
  const home = await mkdtemp(path.join(tmpdir(), 'baton-cli-server-'));
  const config = loadConfig(
    {},
    { home, port: 0, adminPassword: ADMIN_PASSWORD, logLevel: 'silent', webRoot: path.join(home, 'web') },
  );
  const runtime = await openRuntime(config, createLogger(config));
  const server = await startServer(config, runtime);
  const worker = options.worker
    ? createWorker({ services: runtime.services, catalogue: runtime.catalogue, pollIntervalMs: 50 })
    : undefined;
  worker?.start();
  const session = await signIn({ baseUrl: server.url, username: 'admin', password: ADMIN_PASSWORD });
  const { secret } = await session.client.tokens.create({ name: 'cli-test-setup' });
  await session.signOut();
  const admin = createBatonClient({ baseUrl: server.url, token: secret });
  return {
    url: server.url,
    home,
    admin,
    newUser: async () => {
      const username = unique('cli');
      await admin.users.create({ username, password: USER_PASSWORD });
      return username;
    },
    close: async () => {
      await worker?.stop();
      await server.close();
      await runtime.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A config folder of its own (and a HOME, so nothing reaches the real ~/.config). */
export async function newConfigDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'baton-cli-config-'));
}

/**
 * Runs `node bin/baton.js <args>` as a child process. Asynchronous on purpose: the server
 * answering it lives in this process's event loop.
 */
export function runBaton(
  args: string[],
  options: { configDir: string; input?: string; env?: Record<string, string> },
): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('BATON_')) env[key] = value;
  Object.assign(env, { HOME: options.configDir, BATON_CONFIG_DIR: options.configDir, ...options.env });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BATON_BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** `baton login` as `username` through --password-stdin, failing loudly if it does not succeed. */
export async function login(
  server: CliServer,
  configDir: string,
  username: string,
  password = USER_PASSWORD,
): Promise<void> {
  const result = await runBaton(['login', '--url', server.url, '--username', username, '--password-stdin'], {
    configDir,
    input: `${password}\n`,
  });
  if (result.code !== 0) throw new Error(`baton login failed (${result.code}): ${result.stderr}`);
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
