import type { AliasMove, AliasMoveKind, GateReport } from '@baton/contracts';
import { recordAudit } from '../audit/record-audit.ts';
import { actorName, type Executor, executor, inTransaction, type ServiceContext } from '../context.ts';
import type { ModelAliasesTable } from '../db/registry-schema.ts';
import { conflict, ServiceError } from '../errors.ts';
import { type ModelRow, newRegistryId, touchModel, type VersionRow } from './registry-repo.ts';

/** Where an alias points now (null when unset) and the revision its next move will produce. */
export interface AliasState {
  row: ModelAliasesTable | null;
  nextRevision: number;
}

export async function readAliasState(db: Executor, modelId: string, alias: string): Promise<AliasState> {
  const row = await db
    .selectFrom('model_aliases')
    .selectAll()
    .where('model_id', '=', modelId)
    .where('alias', '=', alias)
    .executeTakeFirst();
  if (row) return { row, nextRevision: Number(row.revision) + 1 };
  // A deleted alias that is set again continues its history's revisions.
  const last = await db
    .selectFrom('alias_moves')
    .select((eb) => eb.fn.max('revision').as('r'))
    .where('model_id', '=', modelId)
    .where('alias', '=', alias)
    .executeTakeFirst();
  return { row: null, nextRevision: Number(last?.r ?? 0) + 1 };
}

export interface MoveInput {
  model: ModelRow;
  alias: string;
  kind: AliasMoveKind;
  /** The state the caller read (and evaluated gates against); the move applies only from it. */
  from: AliasState;
  /** Null deletes the alias. */
  to: VersionRow | null;
  reason: string;
  report: GateReport | null;
  /** Move only if the alias is still at this revision (0: it must not exist); defaults to `from`'s. */
  expectedRevision?: number | undefined;
}

const isUniqueViolation = (error: unknown): boolean =>
  /unique|duplicate key/i.test(error instanceof Error ? error.message : String(error));

/**
 * Moves an alias with compare-and-set on its revision, in one transaction with its history
 * entry and audit entry. When another move landed since `from` was read, nothing changes, the
 * attempt is written to the audit log, and the caller gets a 409 `conflict`.
 */
export async function commitAliasMove(ctx: ServiceContext, input: MoveInput): Promise<AliasMove> {
  const { model, alias, from, to } = input;
  const expected = input.expectedRevision ?? (from.row ? Number(from.row.revision) : 0);
  const revision = from.row ? expected + 1 : from.nextRevision;
  const actor = actorName(ctx.actor);
  const now = Date.now();
  const lost = () =>
    new ServiceError('conflict', `alias '${alias}' of '${model.name}' was moved by someone else meanwhile`);
  try {
    // The caller expected another state than the one read: it lost a race already.
    if ((from.row ? Number(from.row.revision) : 0) !== expected) throw lost();
    return await inTransaction(ctx, async (ctx) => {
      const db = executor(ctx);
      if (from.row) {
        const result = to
          ? await db
              .updateTable('model_aliases')
              .set({ version_id: to.id, revision, updated_by: actor, updated_at: now })
              .where('model_id', '=', model.id)
              .where('alias', '=', alias)
              .where('revision', '=', expected)
              .executeTakeFirst()
          : await db
              .deleteFrom('model_aliases')
              .where('model_id', '=', model.id)
              .where('alias', '=', alias)
              .where('revision', '=', expected)
              .executeTakeFirst();
        const changed = 'numUpdatedRows' in result ? result.numUpdatedRows : result.numDeletedRows;
        if (Number(changed) !== 1) throw lost();
      } else {
        if (!to) throw lost();
        await db
          .insertInto('model_aliases')
          .values({
            model_id: model.id,
            alias,
            version_id: to.id,
            revision,
            updated_by: actor,
            updated_at: now,
          })
          .execute();
      }
      const move = {
        id: newRegistryId(),
        model_id: model.id,
        alias,
        from_version_id: from.row?.version_id ?? null,
        to_version_id: to?.id ?? null,
        kind: input.kind,
        reason: input.reason,
        gate_report_json: input.report?.hasPolicy ? JSON.stringify(input.report) : null,
        actor_id: actor,
        created_at: now,
        revision,
      };
      await db.insertInto('alias_moves').values(move).execute();
      await touchModel(db, model.id, now);
      const fromVersion = from.row ? await versionNumber(db, from.row.version_id) : null;
      await recordAudit(ctx, {
        action: `alias.${input.kind}`,
        targetType: 'registered_model',
        targetId: model.id,
        summary: `alias '${alias}' of '${model.name}' ${input.kind === 'delete' ? 'removed' : `moved ${fromVersion === null ? '' : `from v${fromVersion} `}to v${to?.version}`} (${input.kind})${input.reason ? `: ${input.reason}` : ''}`,
        before: { version: fromVersion, revision: revision - 1 },
        after: { version: to ? Number(to.version) : null, revision, gates: input.report?.gates },
      });
      return {
        id: move.id,
        alias,
        kind: input.kind,
        fromVersion,
        toVersion: to ? Number(to.version) : null,
        reason: input.reason,
        actor,
        createdAt: now,
        revision,
        gateReport: input.report?.hasPolicy ? input.report : null,
      };
    });
  } catch (error) {
    const lostRace = (error instanceof ServiceError && error.code === 'conflict') || isUniqueViolation(error);
    if (!lostRace) throw error;
    // The losing attempt is kept too, outside the rolled-back transaction.
    await recordAudit(
      { ...ctx, tx: undefined },
      {
        action: 'alias.move.conflict',
        targetType: 'registered_model',
        targetId: model.id,
        summary: `${input.kind} of alias '${alias}' of '${model.name}' to v${to?.version ?? '-'} lost to a concurrent move`,
        after: {
          alias,
          kind: input.kind,
          toVersion: to ? Number(to.version) : null,
          expectedRevision: expected,
        },
      },
    );
    throw conflict(
      `alias '${alias}' of '${model.name}' was moved by someone else meanwhile (expected revision ${expected}); read it again and retry`,
    );
  }
}

async function versionNumber(db: Executor, versionId: string): Promise<number | null> {
  const row = await db
    .selectFrom('model_versions')
    .select('version')
    .where('id', '=', versionId)
    .executeTakeFirst();
  return row ? Number(row.version) : null;
}
