import type { GateReport, GateResult, MetricGate, PromotionPolicy } from '@baton/contracts';
import { type Executor, executor, requireProject, type ServiceContext } from '../context.ts';
import { findPolicy } from './policies.ts';
import { promotionCheck } from './promotion-checks.ts';
import { assertAlias, findModel, findVersion, type ModelRow, type VersionRow } from './registry-repo.ts';

const COMPARE: Record<MetricGate['op'], (a: number, b: number) => boolean> = {
  '>=': (a, b) => a >= b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '<': (a, b) => a < b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

async function metricGates(db: Executor, version: VersionRow, gates: MetricGate[]): Promise<GateResult[]> {
  if (gates.length === 0) return [];
  const metrics = version.run_id
    ? await db
        .selectFrom('latest_metrics')
        .select(['key', 'value', 'is_nan'])
        .where('run_id', '=', version.run_id)
        .where(
          'key',
          'in',
          gates.map((g) => g.metric),
        )
        .execute()
    : [];
  return gates.map((g) => {
    const gate = `metric:${g.metric}${g.op}${g.value}`;
    if (!version.run_id)
      return { gate, kind: 'metric', passed: false, reason: 'the version has no run, so no metrics' };
    const m = metrics.find((x) => x.key === g.metric);
    if (!m)
      return {
        gate,
        kind: 'metric',
        passed: false,
        reason: `run '${version.run_id}' logged no metric '${g.metric}'`,
      };
    const value = m.is_nan || m.value === null ? Number.NaN : Number(m.value);
    const passed = !Number.isNaN(value) && COMPARE[g.op](value, g.value);
    return {
      gate,
      kind: 'metric',
      passed,
      reason: `${g.metric} = ${value} ${passed ? 'meets' : 'does not meet'} ${g.op} ${g.value}`,
    };
  });
}

async function dataGate(db: Executor, version: VersionRow): Promise<GateResult> {
  const gate = 'data:validated';
  if (!version.dataset_version_id)
    return { gate, kind: 'data', passed: false, reason: 'the version records no training dataset version' };
  const dv = await db
    .selectFrom('dataset_versions')
    .innerJoin('datasets', 'datasets.id', 'dataset_versions.dataset_id')
    .select(['dataset_versions.validation', 'dataset_versions.number', 'datasets.name'])
    .where('dataset_versions.id', '=', version.dataset_version_id)
    .executeTakeFirst();
  if (!dv)
    return { gate, kind: 'data', passed: false, reason: 'the training dataset version no longer exists' };
  const passed = dv.validation === 'validated';
  return {
    gate,
    kind: 'data',
    passed,
    reason: `training data ${dv.name} v${dv.number} is ${dv.validation}${passed ? '' : ' (must be validated)'}`,
  };
}

async function approvalGates(
  db: Executor,
  version: VersionRow,
  alias: string,
  required: PromotionPolicy['approvals'],
): Promise<GateResult[]> {
  const active = await db
    .selectFrom('approvals')
    .select(['approver_id', 'role', 'decision', 'comment'])
    .where('version_id', '=', version.id)
    .where('alias', '=', alias)
    .where('revoked_at', 'is', null)
    .execute();
  const out: GateResult[] = required.map((r) => {
    const approvers = new Set(
      active.filter((a) => a.decision === 'approve' && a.role === r.role).map((a) => a.approver_id),
    );
    const passed = approvers.size >= r.count;
    return {
      gate: `approval:${r.role}`,
      kind: 'approval',
      passed,
      reason: `${approvers.size} of ${r.count} approval${r.count > 1 ? 's' : ''} as ${r.role}${approvers.size ? ` (${[...approvers].join(', ')})` : ''}`,
    };
  });
  const rejections = active.filter((a) => a.decision === 'reject');
  if (rejections.length > 0) {
    out.push({
      gate: 'approval:rejections',
      kind: 'approval',
      passed: false,
      reason: rejections
        .map((r) => `rejected by ${r.approver_id} as ${r.role}: ${r.comment || '(no comment)'}`)
        .join('; '),
    });
  }
  return out;
}

async function hookGates(
  ctx: ServiceContext,
  model: ModelRow,
  version: VersionRow,
  alias: string,
  hooks: string[],
): Promise<GateResult[]> {
  return Promise.all(
    hooks.map(async (name): Promise<GateResult> => {
      const gate = `hook:${name}`;
      const check = promotionCheck(name);
      if (!check) return { gate, kind: 'hook', passed: false, reason: 'check not available' };
      try {
        const result = await check({ ctx, model, version, alias });
        return { gate, kind: 'hook', passed: result.passed === true, reason: result.reason };
      } catch (error) {
        return { gate, kind: 'hook', passed: false, reason: `check failed: ${(error as Error).message}` };
      }
    }),
  );
}

/** Runs every gate of a policy against a version; all of them, never stopping at the first failure. */
export async function gateReport(
  ctx: ServiceContext,
  model: ModelRow,
  version: VersionRow,
  alias: string,
  policy: PromotionPolicy | null,
): Promise<GateReport> {
  const base = { alias, version: Number(version.version) };
  if (!policy) return { ...base, hasPolicy: false, passed: true, gates: [] };
  const db = executor(ctx);
  const gates = [
    ...(await metricGates(db, version, policy.metrics)),
    ...(policy.requireValidatedData ? [await dataGate(db, version)] : []),
    ...(await approvalGates(db, version, alias, policy.approvals)),
    ...(await hookGates(ctx, model, version, alias, policy.hooks)),
  ];
  return { ...base, hasPolicy: true, passed: gates.every((g) => g.passed), gates };
}

/** Every gate the alias's policy puts on moving it to this version, passed or failed with the reason. */
export async function evaluateGates({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { model: string; version: string | number; alias: string };
}): Promise<GateReport> {
  const project = requireProject(ctx);
  const alias = assertAlias(input.alias);
  const db = executor(ctx);
  const model = await findModel(ctx, db, input.model);
  const version = await findVersion(ctx, db, model, input.version);
  return gateReport(ctx, model, version, alias, await findPolicy(db, project.id, alias));
}
