import type { Approval } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { actorName, executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { badRequest, forbidden } from '../errors.ts';
import { approvalViews } from './approvals.ts';
import { findPolicy } from './policies.ts';
import { assertAlias, findModel, findVersion, newRegistryId, type VersionRow } from './registry-repo.ts';

export interface DecideApprovalInput {
  model: string;
  version: string | number;
  alias: string;
  decision: 'approve' | 'reject';
  /** The role to decide as; may be left out when the approver holds exactly one the policy names. */
  role?: string | undefined;
  comment?: string | undefined;
}

/** The version's authors: who registered it and who ran the run it came from. */
async function authorsOf(ctx: ServiceContext, version: VersionRow): Promise<Set<string>> {
  const authors = new Set([version.created_by]);
  if (version.run_id) {
    const run = await executor(ctx)
      .selectFrom('runs')
      .select('user_id')
      .where('id', '=', version.run_id)
      .executeTakeFirst();
    if (run) authors.add(run.user_id);
  }
  return authors;
}

/**
 * Approves or rejects moving an alias to a version, as a role the approver holds in the project
 * and the alias's policy names. A version's author can never decide on it. A new decision by
 * the same person replaces (revokes) their earlier one, so each person counts once.
 */
export async function decideApproval({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: DecideApprovalInput;
}): Promise<Approval> {
  const project = requireProject(ctx);
  const alias = assertAlias(input.alias);
  if (input.decision !== 'approve' && input.decision !== 'reject')
    throw badRequest("decision is 'approve' or 'reject'");
  const me = actorName(ctx.actor);
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const model = await findModel(ctx, db, input.model);
    const version = await findVersion(ctx, db, model, input.version);
    const policy = await findPolicy(db, project.id, alias);
    if (!policy || policy.approvals.length === 0) {
      throw badRequest(
        `the policy of alias '${alias}' asks for no approvals; declare one with approvals first`,
      );
    }
    const named = policy.approvals.map((a) => a.role);
    const mine = project.roles.filter((r) => named.includes(r));
    let role = input.role;
    if (role === undefined) {
      if (mine.length === 0)
        throw forbidden(
          `the policy of '${alias}' takes approvals from ${named.join(', ')}; you hold none of these roles`,
        );
      if (mine.length > 1)
        throw badRequest(`you hold ${mine.join(' and ')}; say which role you decide as (role)`);
      role = mine[0]!;
    }
    if (!named.includes(role))
      throw forbidden(
        `the policy of '${alias}' takes no approvals from role '${role}' (it names ${named.join(', ')})`,
      );
    if (!project.roles.includes(role)) throw forbidden(`you do not hold the role '${role}' in this project`);
    if ((await authorsOf(ctx, version)).has(me)) {
      throw forbidden(
        `you are an author of version ${version.version} of '${model.name}'; its author can never approve or reject it`,
      );
    }
    const now = Date.now();
    await db
      .updateTable('approvals')
      .set({ revoked_at: now, revoked_by: me })
      .where('version_id', '=', version.id)
      .where('alias', '=', alias)
      .where('approver_id', '=', me)
      .where('revoked_at', 'is', null)
      .execute();
    const row = {
      id: newRegistryId(),
      version_id: version.id,
      alias,
      approver_id: me,
      role,
      decision: input.decision,
      comment: input.comment ?? '',
      created_at: now,
      revoked_at: null,
      revoked_by: null,
    };
    await db.insertInto('approvals').values(row).execute();
    await recordAudit(ctx, {
      action: `model.${input.decision}`,
      targetType: 'model_version',
      targetId: version.id,
      summary: `${me} ${input.decision === 'approve' ? 'approved' : 'rejected'} v${version.version} of '${model.name}' for '${alias}' as ${role}${row.comment ? `: ${row.comment}` : ''}`,
      after: { alias, role, decision: input.decision, comment: row.comment },
    });
    const [view] = await approvalViews(db, [row]);
    return view!;
  });
}
