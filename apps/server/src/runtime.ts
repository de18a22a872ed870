import path from 'node:path';
import {
  bootstrapAdmin,
  configureDataLane,
  type Database,
  ensureSchema,
  JobCatalogue,
  loadSecretKey,
  migrateToLatest,
  openArtifactStore,
  openDatabase,
  queueDepth,
  SecretBox,
  type Services,
  seedRoleCatalogue,
} from '@baton/core';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { buildApp } from './app.ts';
import { artifactUri, type BatonConfig, sqlitePath } from './config.ts';
import { builtinJobKinds } from './jobs/builtin-job-kinds.ts';
import { builtThreadFitter, fitWarmUpEnabled } from './training/thread-fitter.ts';
import { BATON_VERSION } from './version.ts';

export interface Runtime {
  services: Services;
  database: Database;
  catalogue: JobCatalogue;
  /**
   * Starts one training thread ahead of the first fit (it warms up on synthetic fits), when
   * fits run on threads and `BATON_FIT_WARMUP=1`. Called once the process is ready, so
   * start-up does not wait for it.
   */
  prestartFitThread(): void;
  close(): Promise<void>;
}

export function createLogger(config: Pick<BatonConfig, 'logLevel'>, name = 'baton'): Logger {
  return pino({ name, level: config.logLevel, base: { pid: process.pid } });
}

/**
 * Opens the metadata store (migrating it), the artifact store and the job catalogue: what
 * both `baton up` and `baton worker` stand on.
 */
export async function openRuntime(config: BatonConfig, logger: Logger): Promise<Runtime> {
  const schema = config.databaseSchema;
  const database = openDatabase(
    config.databaseUrl
      ? { url: config.databaseUrl, schema }
      : { sqlitePath: sqlitePath(config), walCheckpointer: true },
  );
  try {
    await ensureSchema(database, schema);
    const applied = await migrateToLatest(database);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    await seedRoleCatalogue(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const artifacts = await openArtifactStore(artifactUri(config));
  configureDataLane({
    duckdbThreads: config.duckdbThreads,
    duckdbMemory: config.duckdbMemory,
    queryMemory: config.queryMemory,
  });
  const secrets = new SecretBox(loadSecretKey({ key: config.secretKey, home: config.home }));
  const fitter = builtThreadFitter(process.env, (warm) =>
    logger.info({ fits: warm.fits, ms: Math.round(warm.ms) }, 'training thread warmed up'),
  );
  const services: Services = {
    db: database.db,
    dialect: database.dialect,
    artifacts,
    logger,
    secrets,
    fitter,
  };
  const catalogue = new JobCatalogue(builtinJobKinds());
  return {
    services,
    database,
    catalogue,
    // Only with BATON_FIT_WARMUP=1 (it costs idle memory): else threads start cold, on a fit.
    prestartFitThread: () => {
      if (fitWarmUpEnabled(process.env)) fitter?.prestart();
    },
    close: () => database.close(),
  };
}

export interface Server {
  app: FastifyInstance;
  runtime: Runtime;
  url: string;
  generatedAdminPassword: string | undefined;
  close(): Promise<void>;
}

/** Builds and starts the HTTP server on an open runtime. */
export async function startServer(config: BatonConfig, runtime: Runtime): Promise<Server> {
  const { services } = runtime;
  const admin = await bootstrapAdmin(services, config.adminPassword);
  const app = await buildApp({
    config,
    services,
    version: BATON_VERSION,
    jobs: { catalogue: runtime.catalogue, queueDepth: () => queueDepth(services.db) },
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    app,
    runtime,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    generatedAdminPassword: admin.generatedPassword,
    close: () => closeWithin(app, SHUTDOWN_GRACE_MS),
  };
}

/** How long a shutdown waits for requests in flight before it cuts their connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Closes the app: idle connections at once, requests in flight allowed `graceMs` to finish;
 * then every connection is cut, so a client that never reads its answer (or never finishes
 * sending) cannot hold a shutdown, and the close hooks (the prediction log's last write
 * included) still run before the process exits.
 */
export async function closeWithin(app: FastifyInstance, graceMs: number): Promise<void> {
  const force = setTimeout(() => app.server.closeAllConnections(), graceMs);
  force.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(force);
  }
}

export const homeFile = (config: BatonConfig, name: string) => path.join(config.home, name);
