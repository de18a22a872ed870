import type { Executor, ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { findRun, type RunRow } from '../tracking/tracking-repo.ts';
import { findModel, findVersion } from './registry-repo.ts';

/** What a new version carries, found from its run (or from the version a `models:/` URI names). */
export interface ResolvedSource {
  source: string;
  run: RunRow | null;
  onnxDigest: string | null;
  signatureJson: string | null;
  datasetVersionId: string | null;
}

const SIGNATURE_BYTES = 1024 * 1024;

async function readJson(ctx: ServiceContext, digest: string, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of await ctx.services.artifacts.get(digest)) {
    size += (chunk as Buffer).length;
    if (size > SIGNATURE_BYTES) throw badRequest(`${what} is larger than 1 MB`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    throw badRequest(`${what} is not valid JSON`);
  }
}

/** The run's ONNX graph under `dir` (or anywhere when the run holds exactly one), with its signature. */
async function runModelFiles(ctx: ServiceContext, db: Executor, run: RunRow, dir: string) {
  const files = await db
    .selectFrom('run_artifacts')
    .select(['path', 'digest'])
    .where('run_id', '=', run.id)
    .execute();
  const clean = dir.replace(/^\/+|\/+$/g, '');
  const wanted = clean.endsWith('.onnx') ? clean : clean === '' ? 'model.onnx' : `${clean}/model.onnx`;
  let onnx = files.find((f) => f.path === wanted);
  if (!onnx && clean === '') {
    const nested = files
      .filter((f) => f.path.endsWith('/model.onnx'))
      .sort((a, b) => a.path.length - b.path.length);
    onnx = nested[0];
  }
  if (!onnx) return { onnx: null, signature: null, folder: clean };
  const folder = onnx.path.includes('/') ? onnx.path.slice(0, onnx.path.lastIndexOf('/')) : '';
  const sigPath = folder === '' ? 'signature.json' : `${folder}/signature.json`;
  const sig = files.find((f) => f.path === sigPath);
  return {
    onnx,
    signature: sig ? await readJson(ctx, sig.digest, `artifact '${sigPath}' of run '${run.id}'`) : null,
    folder,
  };
}

async function trainingDatasetVersion(db: Executor, runId: string): Promise<string | null> {
  const inputs = await db
    .selectFrom('run_inputs')
    .select(['dataset_version_id', 'tags_json'])
    .where('run_id', '=', runId)
    .where('dataset_version_id', 'is not', null)
    .orderBy('created_at')
    .execute();
  const training = inputs.find((i) => i.tags_json.includes('"training"'));
  return (training ?? inputs[0])?.dataset_version_id ?? null;
}

function runOfSource(source: string): { runId: string; dir: string } | null {
  const runs = /^runs:\/([^/]+)\/?(.*)$/.exec(source);
  if (runs) return { runId: runs[1]!, dir: runs[2] ?? '' };
  const proxied = /^mlflow-artifacts:\/+[^/]+\/([^/]+)\/artifacts\/?(.*)$/.exec(source);
  if (proxied) return { runId: proxied[1]!, dir: proxied[2] ?? '' };
  return null;
}

/**
 * Resolves where a new version comes from: a run id (Baton), a `runs:/` or `mlflow-artifacts:/`
 * URI (MLflow clients), or `models:/name/3` / `models:/name@alias` (a copy of that version).
 * A run of another project is not found, so it cannot be registered here.
 */
export async function resolveSource(
  ctx: ServiceContext,
  db: Executor,
  input: { runId?: string | undefined; source?: string | undefined; requireOnnx: boolean },
): Promise<ResolvedSource> {
  const source = input.source?.trim() || undefined;
  if (source?.startsWith('models:/')) {
    const m = /^models:\/([^/@]+)(?:\/(\d+)|@([A-Za-z0-9_-]+))\/?$/.exec(source);
    if (!m) throw badRequest(`'${source}' is not models:/<name>/<version> or models:/<name>@<alias>`);
    const model = await findModel(ctx, db, m[1]!);
    const version = await findVersion(ctx, db, model, m[2] ?? `@${m[3]}`);
    const run = version.run_id ? await findRun(ctx, db, version.run_id) : null;
    return {
      source,
      run,
      onnxDigest: version.onnx_digest,
      signatureJson: version.signature_json,
      datasetVersionId: version.dataset_version_id,
    };
  }
  const fromSource = source ? runOfSource(source) : null;
  const runId = input.runId || fromSource?.runId;
  if (!runId) {
    if (!source) throw badRequest('give the run the version comes from (runId) or a source URI');
    if (input.requireOnnx)
      throw badRequest(`source '${source}' names no run; Baton serves a run's model.onnx`);
    return { source, run: null, onnxDigest: null, signatureJson: null, datasetVersionId: null };
  }
  const run = await findRun(ctx, db, runId);
  if (run.lifecycle_stage !== 'active') throw badRequest(`run '${run.id}' is deleted; restore it first`);
  const dir = fromSource && fromSource.runId === run.id ? fromSource.dir : '';
  const files = await runModelFiles(ctx, db, run, dir);
  if (!files.onnx && input.requireOnnx) {
    throw badRequest(
      `run '${run.id}' has no model.onnx artifact${dir ? ` under '${dir}'` : ''}; log one (or import the model through the training lane) before registering`,
    );
  }
  return {
    source: source ?? `runs:/${run.id}${files.folder ? `/${files.folder}` : ''}`,
    run,
    onnxDigest: files.onnx?.digest ?? null,
    signatureJson: files.signature,
    datasetVersionId: await trainingDatasetVersion(db, run.id),
  };
}
