import { loadConfig } from '../config.ts';
import { closeWithin, createLogger, openRuntime, SHUTDOWN_GRACE_MS } from '../runtime.ts';
import { buildServeApp } from './serve-app.ts';

export interface ServeDeploymentFlags {
  deployment: string;
  port?: string;
  host?: string;
  home?: string;
}

const RETRY_MS = 2000;

/**
 * `baton serve --deployment NAME`: a stateless serving process for one deployment against
 * the shared metadata store and artifact store. It keeps retrying until the deployment
 * exists and its model loads; /readyz says when it has.
 */
export async function runServeDeployment(flags: ServeDeploymentFlags): Promise<void> {
  const config = loadConfig(process.env, {
    ...(flags.home ? { home: flags.home } : {}),
    ...(flags.host ? { host: flags.host } : {}),
    ...(flags.port !== undefined ? { port: Number(flags.port) } : {}),
  });
  const logger = createLogger(config, 'baton-serve');
  const runtime = await openRuntime(config, logger);
  const { app, serving } = await buildServeApp(runtime.services, flags.deployment);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  let retry: NodeJS.Timeout | undefined;
  const load = async () => {
    const server = await serving.get(flags.deployment).catch((error: unknown) => {
      logger.error({ err: error }, 'loading the deployment failed');
      return null;
    });
    if (server?.ready) {
      process.stderr.write(
        `Baton serving '${flags.deployment}' (version ${server.health().primary?.version}) at ${url}\n`,
      );
      return;
    }
    logger.warn(
      { deployment: flags.deployment, problem: server?.problem ?? 'no such deployment' },
      'not ready; retrying',
    );
    retry = setTimeout(() => void load(), RETRY_MS);
  };
  process.stderr.write(`Baton serve listening at ${url}; loading '${flags.deployment}'\n`);
  await load();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down; writing the prediction log');
    if (retry) clearTimeout(retry);
    closeWithin(app, SHUTDOWN_GRACE_MS)
      .then(() => runtime.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
