import { type Job, parseSuiteText, type SuiteDefinition } from '@baton/contracts';
import { recordAudit } from '../../audit/record-audit.ts';
import { newId, nowIso } from '../../clock.ts';
import { actorName, executor, inTransaction, requireProject, type ServiceContext } from '../../context.ts';
import { badRequest } from '../../errors.ts';
import { enqueueJob } from '../../jobs/enqueue-job.ts';
import { assertDatasetName } from '../create-dataset.ts';
import { dataJobCatalogue } from '../data-jobs.ts';
import { findDataset, latestVersion } from '../dataset-repo.ts';
import { type Suite, suiteView } from './suite-view.ts';

export interface PutSuiteInput {
  dataset: string;
  suite: string;
  /** JSON or YAML text ... */
  source?: string;
  /** ... or a parsed definition. */
  definition?: SuiteDefinition;
}

/**
 * Creates or replaces a quality suite, then queues a run of the dataset's suites on the
 * latest version so its `validated`/`failed` mark reflects the new rules.
 */
export async function putSuite({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: PutSuiteInput;
}): Promise<{ suite: Suite; job: Job | null }> {
  const project = requireProject(ctx);
  assertDatasetName(input.suite, 'suite');
  let definition = input.definition;
  let source = input.source;
  if (source !== undefined) {
    const parsed = parseSuiteText(source);
    if (!parsed.ok) {
      const first = parsed.errors[0];
      throw badRequest(
        `the suite is not valid: ${first ? `${first.path}: ${first.message}` : 'unknown error'}`,
        parsed.errors.map((e) => ({ path: `body.source.${e.path}`, message: e.message })),
      );
    }
    definition = parsed.definition;
  }
  if (!definition) throw badRequest('give the suite as `source` (JSON or YAML text) or `definition`');
  source ??= JSON.stringify(definition, null, 2);
  const checked = definition;
  const text = source;
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const dataset = await findDataset(db, project.id, input.dataset);
    const existing = await db
      .selectFrom('quality_suites')
      .selectAll()
      .where('dataset_id', '=', dataset.id)
      .where('name', '=', input.suite)
      .executeTakeFirst();
    const now = nowIso();
    const row = {
      id: existing?.id ?? newId(),
      dataset_id: dataset.id,
      name: input.suite,
      definition_json: JSON.stringify(checked),
      source: text,
      created_at: existing?.created_at ?? now,
      created_by: existing?.created_by ?? actorName(ctx.actor),
      updated_at: now,
    };
    if (existing) {
      await db
        .updateTable('quality_suites')
        .set({ definition_json: row.definition_json, source: row.source, updated_at: now })
        .where('id', '=', existing.id)
        .execute();
    } else {
      await db.insertInto('quality_suites').values(row).execute();
    }
    await recordAudit(ctx, {
      action: existing ? 'quality-suite.update' : 'quality-suite.create',
      targetType: 'quality-suite',
      targetId: row.id,
      summary: `quality suite '${row.name}' of dataset '${dataset.name}' ${existing ? 'replaced' : 'created'}: ${checked.checks.length} checks`,
      ...(existing ? { before: JSON.parse(existing.definition_json) as unknown } : {}),
      after: checked,
    });
    const latest = await latestVersion(db, dataset.id);
    let job: Job | null = null;
    if (latest) {
      await db
        .updateTable('dataset_versions')
        .set({ validation: 'pending' })
        .where('id', '=', latest.id)
        .execute();
      job = await enqueueJob({
        ctx,
        catalogue: dataJobCatalogue(),
        input: { kind: 'data.validate', payload: { versionId: latest.id }, projectId: project.id },
      });
    }
    return { suite: suiteView(row), job };
  });
}
