import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { QueryResult } from '@baton/contracts';
import { executor, requireProject, type ServiceContext } from '../../context.ts';
import { badRequest, notFound } from '../../errors.ts';
import { type LocalFile, localFileOf } from '../local-file.ts';
import { workFile } from '../spool.ts';
import { openSandbox, type Sandbox, type SandboxTable } from './sandbox.ts';

/** `name` (the latest version) or `"name@3"` / `"name@latest"` (a quoted identifier). */
const VERSIONED = /"([a-z][a-z0-9_]{0,62})@(\d{1,9}|latest)"/g;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;

interface Resolved {
  tables: SandboxTable[];
  files: LocalFile[];
  versions: string[];
}

/** Finds the dataset versions a query names and makes each a local Parquet file. */
async function resolveTables(ctx: ServiceContext, sql: string): Promise<Resolved> {
  const db = executor(ctx);
  const datasets = await db
    .selectFrom('datasets')
    .select(['id', 'name'])
    .where('project_id', '=', requireProject(ctx).id)
    .execute();
  const byName = new Map(datasets.map((d) => [d.name, d]));
  const wanted = new Map<string, { datasetId: string; name: string; version: string }>();
  for (const match of sql.matchAll(VERSIONED)) {
    const [whole, name = '', version = ''] = match;
    const dataset = byName.get(name);
    if (!dataset) throw notFound('dataset', name);
    wanted.set(whole.slice(1, -1), { datasetId: dataset.id, name, version });
  }
  const bare = new Set(
    sql
      .replace(VERSIONED, ' ')
      .match(WORD)
      ?.map((w) => w.toLowerCase()) ?? [],
  );
  for (const name of bare) {
    const dataset = byName.get(name);
    if (dataset) wanted.set(name, { datasetId: dataset.id, name, version: 'latest' });
  }
  const resolved: Resolved = { tables: [], files: [], versions: [] };
  try {
    for (const [table, want] of wanted) {
      let query = db
        .selectFrom('dataset_versions')
        .select(['digest', 'number'])
        .where('dataset_id', '=', want.datasetId);
      query =
        want.version === 'latest'
          ? query.orderBy('number', 'desc').limit(1)
          : query.where('number', '=', Number(want.version));
      const version = await query.executeTakeFirst();
      if (!version) {
        // A bare word that happens to be an empty dataset's name is not a reference.
        if (want.version === 'latest' && table === want.name) continue;
        throw notFound(`version of dataset '${want.name}'`, want.version);
      }
      const file = await localFileOf(ctx.services.artifacts, version.digest);
      resolved.files.push(file);
      resolved.tables.push({ name: table, file: file.path });
      resolved.versions.push(`${want.name}@${version.number}`);
    }
  } catch (error) {
    await Promise.all(resolved.files.map((f) => f.release()));
    throw error;
  }
  if (resolved.tables.length === 0) {
    throw badRequest(
      'the query names no dataset of this project; refer to one by name, or as "name@3" for a version',
      [{ path: 'body.sql', message: 'no dataset named' }],
    );
  }
  return resolved;
}

async function withSandbox<T>(
  ctx: ServiceContext,
  sql: string,
  output: string | undefined,
  fn: (s: Sandbox, r: Resolved) => Promise<T>,
): Promise<T> {
  const resolved = await resolveTables(ctx, sql);
  try {
    const sandbox = await openSandbox(resolved.tables, output);
    try {
      return await fn(sandbox, resolved);
    } finally {
      sandbox.close();
    }
  } finally {
    await Promise.all(resolved.files.map((f) => f.release()));
  }
}

export interface RunQueryInput {
  sql: string;
  limit: number;
  timeoutMs: number;
}

/**
 * Read-only SQL over the dataset versions the query names, in a sandbox that can read
 * nothing else and write nothing; at most `limit` rows come back, and the query is stopped
 * at `timeoutMs`.
 */
export async function runQuery({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: RunQueryInput;
}): Promise<QueryResult> {
  const started = Date.now();
  return withSandbox(ctx, input.sql, undefined, async (sandbox, resolved) => {
    const result = await sandbox.select(input.sql, { limit: input.limit, timeoutMs: input.timeoutMs });
    return { ...result, elapsedMs: Date.now() - started, versions: resolved.versions };
  });
}

/** A query's result as a CSV or Parquet file, streamed from the work folder and removed after. */
export async function exportQuery({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: RunQueryInput & { format: 'csv' | 'parquet' };
}): Promise<{ stream: Readable; size: number }> {
  const file = await workFile(`.${input.format}`);
  try {
    await withSandbox(ctx, input.sql, file, (sandbox) =>
      sandbox.copyTo(input.sql, file, {
        format: input.format,
        limit: input.limit,
        timeoutMs: input.timeoutMs,
      }),
    );
    const { size } = await stat(file);
    const stream = createReadStream(file);
    stream.on('close', () => void rm(file, { force: true }));
    return { stream, size };
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
}
