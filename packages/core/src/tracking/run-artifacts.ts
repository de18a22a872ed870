import type { Readable } from 'node:stream';
import type { ArtifactFile } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso } from '../clock.ts';
import { type Executor, executor, inTransaction, type ServiceContext } from '../context.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { findRun } from './tracking-repo.ts';
import { artifactPath } from './validate.ts';

// Rows under a folder: `path > 'dir/'` and `< 'dir0'` ('0' follows '/'), no LIKE escaping needed.
const under = (dir: string) => ({ low: `${dir}/`, high: `${dir}0` });

async function assertNoClash(db: Executor, runId: string, path: string): Promise<void> {
  const parts = path.split('/');
  const ancestors = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
  if (ancestors.length > 0) {
    const file = await db
      .selectFrom('run_artifacts')
      .select('path')
      .where('run_id', '=', runId)
      .where('path', 'in', ancestors)
      .executeTakeFirst();
    if (file) throw conflict(`'${file.path}' is a file, so '${path}' cannot be stored under it`);
  }
  const { low, high } = under(path);
  const child = await db
    .selectFrom('run_artifacts')
    .select('path')
    .where('run_id', '=', runId)
    .where('path', '>', low)
    .where('path', '<', high)
    .executeTakeFirst();
  if (child) throw conflict(`'${path}' is a folder of artifacts; pick another name`);
}

/**
 * Streams a file into the artifact store and records it at `path` under the run. The row is
 * written only once the content is whole and stored, so a client that disconnects mid-upload
 * leaves nothing visible. Storing at an existing path replaces that file.
 */
export async function putRunArtifact({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { run: string; path: string; body: Readable; maxBytes?: number | undefined };
}): Promise<ArtifactFile> {
  const path = artifactPath(input.path);
  const db = executor(ctx);
  const run = await findRun(ctx, db, input.run);
  if (run.lifecycle_stage !== 'active')
    throw badRequest(`run '${run.id}' is deleted; restore it before logging to it`);
  await assertNoClash(db, run.id, path);
  const ref = await ctx.services.artifacts.put(
    input.body,
    input.maxBytes ? { maxBytes: input.maxBytes } : {},
  );
  await inTransaction(ctx, async (ctx) => {
    await executor(ctx)
      .insertInto('run_artifacts')
      .values({ run_id: run.id, path, digest: ref.digest, size: ref.size, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['run_id', 'path']).doUpdateSet({ digest: ref.digest, size: ref.size }))
      .execute();
    await recordAudit(ctx, {
      action: 'run.artifact.put',
      targetType: 'run',
      targetId: run.id,
      summary: `artifact '${path}' (${ref.size} bytes) stored for run '${run.name}'`,
      after: { path, digest: ref.digest, size: ref.size },
    });
  });
  return { path, isDir: false, size: ref.size };
}

/** The files and folders directly under `path` (the run's root when empty), paths from the root. */
export async function listRunArtifacts({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { run: string; path?: string | undefined };
}): Promise<ArtifactFile[]> {
  const dir = artifactPath(input.path ?? '', { allowRoot: true });
  const db = executor(ctx);
  const run = await findRun(ctx, db, input.run);
  let query = db.selectFrom('run_artifacts').select(['path', 'size']).where('run_id', '=', run.id);
  if (dir !== '') {
    const { low, high } = under(dir);
    query = query.where('path', '>', low).where('path', '<', high);
  }
  const rows = await query.orderBy('path').execute();
  const prefix = dir === '' ? '' : `${dir}/`;
  const out = new Map<string, ArtifactFile>();
  for (const row of rows) {
    const rest = row.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash === -1) out.set(row.path, { path: row.path, isDir: false, size: Number(row.size) });
    else {
      const folder = prefix + rest.slice(0, slash);
      if (!out.has(folder)) out.set(folder, { path: folder, isDir: true, size: null });
    }
  }
  return [...out.values()];
}

/** Streams one artifact file of a run. */
export async function openRunArtifact({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { run: string; path: string };
}): Promise<{ stream: Readable; size: number; path: string }> {
  const path = artifactPath(input.path);
  const db = executor(ctx);
  const run = await findRun(ctx, db, input.run);
  const row = await db
    .selectFrom('run_artifacts')
    .select(['digest', 'size'])
    .where('run_id', '=', run.id)
    .where('path', '=', path)
    .executeTakeFirst();
  if (!row) throw notFound(`artifact of run '${run.id}'`, path);
  return { stream: await ctx.services.artifacts.get(row.digest), size: Number(row.size), path };
}

/** Removes a file, or a folder and everything under it, from a run's artifacts. */
export async function deleteRunArtifact({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { run: string; path: string };
}): Promise<void> {
  const path = artifactPath(input.path);
  await inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const run = await findRun(ctx, db, input.run);
    const { low, high } = under(path);
    const result = await db
      .deleteFrom('run_artifacts')
      .where('run_id', '=', run.id)
      .where((eb) => eb.or([eb('path', '=', path), eb.and([eb('path', '>', low), eb('path', '<', high)])]))
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound(`artifact of run '${run.id}'`, path);
    await recordAudit(ctx, {
      action: 'run.artifact.delete',
      targetType: 'run',
      targetId: run.id,
      summary: `artifact '${path}' removed from run '${run.name}'`,
    });
  });
}
