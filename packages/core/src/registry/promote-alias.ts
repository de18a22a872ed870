import type { AliasMove } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { executor, requireProject, type ServiceContext } from '../context.ts';
import { ServiceError } from '../errors.ts';
import { gateReport } from './evaluate-gates.ts';
import { commitAliasMove, readAliasState } from './move-alias.ts';
import { findPolicy } from './policies.ts';
import { aliasViews, assertAlias, findModel, findVersion } from './registry-repo.ts';

export interface PromoteInput {
  model: string;
  alias: string;
  /** A version number, `@alias`, or a version id (which must belong to this model). */
  version: string | number;
  reason?: string | undefined;
  /** Move only from this revision (0: the alias must not exist yet). */
  expectedRevision?: number | undefined;
  /** `set` for MLflow's alias call; it goes through the same gates when a policy exists. */
  kind?: 'promote' | 'set' | undefined;
}

/**
 * Points an alias at a version through the gates of the alias's policy (none when no policy is
 * declared). A blocked move fails with `gates_failed`, listing every failing gate in `errors`,
 * and is written to the audit log. Moving an alias to the version it already points to changes
 * nothing and returns the last move.
 */
export async function promoteAlias({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: PromoteInput;
}): Promise<AliasMove> {
  const project = requireProject(ctx);
  const alias = assertAlias(input.alias);
  const kind = input.kind ?? 'promote';
  const db = executor(ctx);
  const model = await findModel(ctx, db, input.model);
  const version = await findVersion(ctx, db, model, input.version);
  const state = await readAliasState(db, model.id, alias);
  if (state.row?.version_id === version.id) {
    const current = (await aliasViews(db, model.id)).find((a) => a.alias === alias)!;
    return {
      id: '',
      alias,
      kind,
      fromVersion: current.version,
      toVersion: current.version,
      reason: 'already there; nothing moved',
      actor: current.updatedBy,
      createdAt: current.updatedAt,
      revision: current.revision,
      gateReport: null,
    };
  }
  const report = await gateReport(ctx, model, version, alias, await findPolicy(db, project.id, alias));
  if (!report.passed) {
    const failing = report.gates.filter((g) => !g.passed);
    await recordAudit(ctx, {
      action: 'alias.promote.blocked',
      targetType: 'registered_model',
      targetId: model.id,
      summary: `${kind} of alias '${alias}' of '${model.name}' to v${version.version} blocked by ${failing.length} gate${failing.length > 1 ? 's' : ''}`,
      after: report,
    });
    throw new ServiceError(
      'gates_failed',
      `moving '${alias}' of '${model.name}' to v${version.version} is blocked by ${failing.length} gate${failing.length > 1 ? 's' : ''}: ${failing.map((g) => `${g.gate} (${g.reason})`).join('; ')}`,
      failing.map((g) => ({ path: g.gate, message: g.reason })),
    );
  }
  return commitAliasMove(ctx, {
    model,
    alias,
    kind,
    from: state,
    to: version,
    reason: input.reason ?? '',
    report,
    expectedRevision: input.expectedRevision,
  });
}
