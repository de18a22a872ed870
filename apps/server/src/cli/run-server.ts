import { createWorker } from '@baton/core';
import { type BatonConfig, loadConfig } from '../config.ts';
import { createLogger, openRuntime, startServer } from '../runtime.ts';
import { seedDemo } from './demo.ts';

export interface ServeFlags {
  port?: string;
  host?: string;
  home?: string;
  demo?: boolean;
  worker?: boolean;
  concurrency?: string;
}

function configFrom(flags: ServeFlags): BatonConfig {
  return loadConfig(process.env, {
    ...(flags.home ? { home: flags.home } : {}),
    ...(flags.host ? { host: flags.host } : {}),
    ...(flags.port !== undefined ? { port: Number(flags.port) } : {}),
    ...(flags.concurrency !== undefined ? { workerConcurrency: Number(flags.concurrency) } : {}),
  });
}

/** Stops on SIGINT/SIGTERM: stop taking work, finish or hand back what runs, close the store. */
function onShutdown(logger: ReturnType<typeof createLogger>, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

/** `baton up`: the server and an in-process worker. */
export async function runUp(flags: ServeFlags): Promise<void> {
  const started = performance.now();
  const config = configFrom(flags);
  const logger = createLogger(config);
  const runtime = await openRuntime(config, logger);
  const server = await startServer(config, runtime);
  const worker =
    flags.worker === false
      ? undefined
      : createWorker({
          services: runtime.services,
          catalogue: runtime.catalogue,
          concurrency: config.workerConcurrency,
        });
  worker?.start();
  if (flags.demo) {
    // A demo that cannot be seeded must not take the server down with it.
    await seedDemo(runtime, config).catch((error: unknown) => {
      logger.error({ err: error }, 'demo seeding failed');
      process.stderr.write(`Demo: seeding failed (${(error as Error).message}); Baton runs without it\n`);
    });
  }
  const readyMs = Math.round(performance.now() - started);
  logger.info(
    { url: server.url, readyMs, database: runtime.services.dialect, home: config.home },
    'Baton is ready',
  );
  const lines = [`Baton is ready at ${server.url} (${readyMs} ms)`];
  if (server.generatedAdminPassword) {
    lines.push(
      `First start: created user 'admin' with password ${server.generatedAdminPassword}`,
      'It is shown only this once; set BATON_ADMIN_PASSWORD to choose it yourself.',
    );
  }
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
  if (worker) runtime.prestartFitThread();
  onShutdown(logger, async () => {
    await server.close();
    await worker?.stop();
    await runtime.close();
  });
}

/** `baton worker`: a worker process on the shared store. */
export async function runWorker(flags: ServeFlags): Promise<void> {
  const config = configFrom(flags);
  const logger = createLogger(config, 'baton-worker');
  const runtime = await openRuntime(config, logger);
  const worker = createWorker({
    services: runtime.services,
    catalogue: runtime.catalogue,
    concurrency: config.workerConcurrency,
  });
  worker.start();
  runtime.prestartFitThread();
  logger.info({ kinds: runtime.catalogue.names(), concurrency: config.workerConcurrency }, 'worker started');
  process.stderr.write(
    `Baton worker running ${runtime.catalogue.names().length} job kinds; Ctrl-C stops it\n`,
  );
  onShutdown(logger, async () => {
    await worker.stop();
    await runtime.close();
  });
}
