import type { RegisteredModel } from '@baton/contracts';
import { executor, type ServiceContext } from '../context.ts';
import { findModel, modelView } from './registry-repo.ts';

/** One registered model of the project, by name (or id). */
export async function getRegisteredModel({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { model: string };
}): Promise<RegisteredModel> {
  const db = executor(ctx);
  return modelView(db, await findModel(ctx, db, input.model));
}
