import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../apps/server/src/config.ts';
import { createLogger, openRuntime, startServer } from '../../../apps/server/src/runtime.ts';

export const ADMIN_PASSWORD = 'admin-test-password';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** A real Baton server on a free port with its own SQLite home, as `baton up` would start it. */
export async function startTestServer(): Promise<TestServer> {
  const home = await mkdtemp(path.join(tmpdir(), 'baton-sdk-'));
  const config = loadConfig(
    {},
    { home, port: 0, adminPassword: ADMIN_PASSWORD, logLevel: 'silent', webRoot: path.join(home, 'web') },
  );
  const runtime = await openRuntime(config, createLogger(config));
  const server = await startServer(config, runtime);
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await runtime.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A name no other test in this process uses, so tests never share rows. */
export const unique = (prefix: string): string =>
  `${prefix}-${process.pid.toString(36)}-${(++counter).toString(36)}`;
