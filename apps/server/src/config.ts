import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The Baton checkout this code runs from: the first ancestor that has `apps/web` (the server
 * runs from apps/server/src in tests and from apps/server/dist/chunks when bundled).
 */
export const checkoutRoot: string = (() => {
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'apps', 'web'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(here, '../../..');
  }
})();

/** The built web UI of this checkout. */
const defaultWebRoot = (): string => path.join(checkoutRoot, 'apps', 'web', 'dist');

/** A memory size as DuckDB accepts it (1GB, 512MB, 2GiB). */
const DUCKDB_MEMORY = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)$/i;

/** Everything Baton reads from its environment, parsed once. Factories take this object. */
export const configSchema = z.object({
  home: z.string().min(1),
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'BATON_DATABASE_URL must be a postgres:// URL')
    .optional(),
  /** PostgreSQL schema for Baton's tables (default: the connection's search_path). */
  databaseSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'BATON_DATABASE_SCHEMA must be a lower-case SQL identifier')
    .optional(),
  artifactUri: z.string().min(1).optional(),
  adminPassword: z.string().min(8, 'BATON_ADMIN_PASSWORD must have at least 8 characters').optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  /** Largest request body for endpoints that do not declare their own limit. */
  bodyLimit: z.coerce.number().int().min(1024),
  workerConcurrency: z.coerce.number().int().min(1).max(64),
  /** Folder of the built web UI. */
  webRoot: z.string(),
  /** Mark session cookies Secure (set when served over HTTPS). */
  secureCookies: z.boolean(),
  /** DuckDB of the data lane: threads, memory limit, and each user query's memory limit. */
  duckdbThreads: z.coerce.number().int().min(1).max(256),
  duckdbMemory: z.string().regex(DUCKDB_MEMORY, 'BATON_DUCKDB_MEMORY must look like 1GB or 512MB'),
  queryMemory: z.string().regex(DUCKDB_MEMORY, 'BATON_QUERY_MEMORY must look like 1GB or 512MB'),
  /** Key that encrypts project secrets at rest (64 hex digits or base64 of 32 bytes); else BATON_HOME/secret.key. */
  secretKey: z.string().min(1).optional(),
});
export type BatonConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

const emptyToUndefined = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

/** Reads the configuration from environment variables and command-line overrides. */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: Partial<BatonConfig> = {}): BatonConfig {
  const home = overrides.home ?? emptyToUndefined(env.BATON_HOME) ?? '.baton';
  const raw = {
    home: path.resolve(home),
    host: emptyToUndefined(env.BATON_HOST) ?? '127.0.0.1',
    port: emptyToUndefined(env.BATON_PORT) ?? 8080,
    databaseUrl: emptyToUndefined(env.BATON_DATABASE_URL),
    databaseSchema: emptyToUndefined(env.BATON_DATABASE_SCHEMA),
    artifactUri: emptyToUndefined(env.BATON_ARTIFACT_URI),
    adminPassword: emptyToUndefined(env.BATON_ADMIN_PASSWORD),
    logLevel: emptyToUndefined(env.BATON_LOG_LEVEL) ?? 'info',
    bodyLimit: emptyToUndefined(env.BATON_BODY_LIMIT) ?? 1024 * 1024,
    workerConcurrency: emptyToUndefined(env.BATON_WORKER_CONCURRENCY) ?? 2,
    webRoot: emptyToUndefined(env.BATON_WEB_ROOT) ?? defaultWebRoot(),
    secureCookies: env.BATON_SECURE_COOKIES === 'true',
    duckdbThreads: emptyToUndefined(env.BATON_DUCKDB_THREADS) ?? 2,
    duckdbMemory: emptyToUndefined(env.BATON_DUCKDB_MEMORY) ?? '1GB',
    queryMemory: emptyToUndefined(env.BATON_QUERY_MEMORY) ?? '512MB',
    secretKey: emptyToUndefined(env.BATON_SECRET_KEY),
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${detail}`);
  }
  return parsed.data;
}

export const sqlitePath = (config: BatonConfig) => path.join(config.home, 'baton.db');
export const artifactUri = (config: BatonConfig) => config.artifactUri ?? path.join(config.home, 'artifacts');
