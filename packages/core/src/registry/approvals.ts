import type { Approval } from '@baton/contracts';
import type { Executor } from '../context.ts';
import type { ApprovalsTable } from '../db/registry-schema.ts';

export async function approvalViews(db: Executor, rows: ApprovalsTable[]): Promise<Approval[]> {
  if (rows.length === 0) return [];
  const versions = await db
    .selectFrom('model_versions')
    .select(['id', 'version'])
    .where(
      'id',
      'in',
      rows.map((r) => r.version_id),
    )
    .execute();
  const number = new Map(versions.map((v) => [v.id, Number(v.version)]));
  return rows.map((r) => ({
    id: r.id,
    version: number.get(r.version_id) ?? 0,
    alias: r.alias,
    approver: r.approver_id,
    role: r.role,
    decision: r.decision as Approval['decision'],
    comment: r.comment,
    createdAt: Number(r.created_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    revokedBy: r.revoked_by,
  }));
}
