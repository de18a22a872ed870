import type { ServiceContext } from '@baton/core';
import type { MlflowArgs } from './mlflow-request.ts';

export type MlflowPermission =
  | 'experiment.read'
  | 'experiment.write'
  | 'model.read'
  | 'model.register'
  | 'model.promote';

/** One MLflow REST endpoint: a path under `.../api/2.0/mlflow/`, its methods and permission. */
export interface MlflowRoute {
  methods: ('GET' | 'POST' | 'PATCH' | 'DELETE')[];
  path: string;
  permission: MlflowPermission;
  handle(input: { ctx: ServiceContext; args: MlflowArgs }): Promise<object>;
}
