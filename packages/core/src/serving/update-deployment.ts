import {
  type ChallengerMode,
  type Deployment,
  type ServingConfigInput,
  servingConfigSchema,
} from '@baton/contracts';
import { assertPermission } from '../access/resolve-access.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { assertChallenger } from './challenger-rules.ts';
import { deploymentView, findDeployment, parseServingConfig, resolveAlias } from './deployment-repo.ts';

export interface UpdateDeploymentInput {
  deployment: string;
  challengerAlias?: string | null | undefined;
  mode?: ChallengerMode | undefined;
  canaryPercent?: number | undefined;
  status?: 'active' | 'stopped' | undefined;
  /** Merged over the current settings. */
  config?: ServingConfigInput | undefined;
}

/**
 * Changes a deployment's challenger, split, settings or status. Serving processes see the
 * change on their next poll (under a second) without a restart.
 */
export async function updateDeployment({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: UpdateDeploymentInput;
}): Promise<Deployment> {
  const project = requireProject(ctx);
  assertPermission(project, 'deployment.manage');
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const row = await findDeployment(ctx, db, input.deployment);
    const before = await deploymentView(db, row);
    const challengerAlias =
      input.challengerAlias === undefined ? row.challenger_alias : input.challengerAlias;
    const mode: ChallengerMode =
      input.mode ?? (challengerAlias === null ? 'none' : (row.challenger_mode as ChallengerMode));
    assertChallenger(mode, challengerAlias, row.alias);
    if (challengerAlias && challengerAlias !== row.challenger_alias) {
      if (!(await resolveAlias(db, row.model_id, challengerAlias))) {
        throw badRequest(`alias '${challengerAlias}' points to no version; promote one first`);
      }
    }
    const merged = servingConfigSchema.safeParse({ ...parseServingConfig(row.config_json), ...input.config });
    if (!merged.success) throw badRequest(`invalid serving config: ${merged.error.issues[0]?.message}`);
    const next = {
      ...row,
      challenger_alias: challengerAlias,
      challenger_mode: mode,
      canary_percent: input.canaryPercent ?? Number(row.canary_percent),
      status: input.status ?? row.status,
      config_json: JSON.stringify(merged.data),
      updated_at: Math.max(Date.now(), Number(row.updated_at) + 1),
    };
    await db
      .updateTable('deployments')
      .set({
        challenger_alias: next.challenger_alias,
        challenger_mode: next.challenger_mode,
        canary_percent: next.canary_percent,
        status: next.status,
        config_json: next.config_json,
        updated_at: next.updated_at,
      })
      .where('id', '=', row.id)
      .execute();
    const after = await deploymentView(db, next);
    await recordAudit(ctx, {
      action: 'deployment.update',
      targetType: 'deployment',
      targetId: row.id,
      summary: `deployment '${row.name}' updated`,
      before: { ...before, current: undefined, challenger: undefined },
      after: { ...after, current: undefined, challenger: undefined },
    });
    return after;
  });
}
