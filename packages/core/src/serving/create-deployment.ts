import {
  type ChallengerMode,
  type Deployment,
  type ServingConfigInput,
  servingConfigSchema,
} from '@baton/contracts';
import { assertPermission } from '../access/resolve-access.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { actorName, executor, inTransaction, requireProject, type ServiceContext } from '../context.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { assertChallenger } from './challenger-rules.ts';
import { type DeploymentRow, deploymentView, newServingId, resolveAlias } from './deployment-repo.ts';

export interface CreateDeploymentInput {
  name: string;
  /** The registered model's name in the project. */
  model: string;
  alias: string;
  challengerAlias?: string | undefined;
  mode?: ChallengerMode | undefined;
  canaryPercent?: number | undefined;
  config?: ServingConfigInput | undefined;
}

/**
 * Creates a deployment serving whatever `alias` of `model` points to. Names are global
 * (they are the `/serve/{name}` path), so a name taken in any project is a conflict.
 */
export async function createDeployment({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateDeploymentInput;
}): Promise<Deployment> {
  const project = requireProject(ctx);
  assertPermission(project, 'deployment.manage');
  const mode = input.mode ?? (input.challengerAlias ? 'canary' : 'none');
  const canaryPercent = input.canaryPercent ?? (mode === 'canary' ? 10 : 0);
  assertChallenger(mode, input.challengerAlias ?? null, input.alias);
  const parsed = servingConfigSchema.safeParse(input.config ?? {});
  if (!parsed.success) throw badRequest(`invalid serving config: ${parsed.error.issues[0]?.message}`);
  return inTransaction(ctx, async (ctx) => {
    const db = executor(ctx);
    const model = await db
      .selectFrom('registered_models')
      .select(['id', 'name'])
      .where('project_id', '=', project.id)
      .where('name', '=', input.model)
      .executeTakeFirst();
    if (!model) throw notFound('model', input.model);
    for (const alias of [input.alias, input.challengerAlias]) {
      if (alias && !(await resolveAlias(db, model.id, alias))) {
        throw badRequest(`alias '${alias}' of model '${model.name}' points to no version; promote one first`);
      }
    }
    const taken = await db
      .selectFrom('deployments')
      .select('id')
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (taken) throw conflict(`a deployment named '${input.name}' already exists`);
    const now = Date.now();
    const row: DeploymentRow = {
      id: newServingId(),
      project_id: project.id,
      name: input.name,
      model_id: model.id,
      alias: input.alias,
      challenger_alias: input.challengerAlias ?? null,
      challenger_mode: mode,
      canary_percent: canaryPercent,
      status: 'active',
      config_json: JSON.stringify(parsed.data),
      created_by: actorName(ctx.actor),
      created_at: now,
      updated_at: now,
    };
    await db.insertInto('deployments').values(row).execute();
    const view = await deploymentView(db, row);
    await recordAudit(ctx, {
      action: 'deployment.create',
      targetType: 'deployment',
      targetId: row.id,
      summary: `deployment '${row.name}' created for ${model.name}@${row.alias}`,
      after: { ...view, current: undefined, challenger: undefined },
    });
    return view;
  });
}
