/**
 * Append one audit row inside the caller's transaction (STYLE.md §2.2): the change and its
 * trace commit together or not at all.
 */
import { agencyById } from '../agencies/agency-cache';
import type { TAuditAction, TAuditOutcome } from '@xietong/core';
import { maskResidentIdsIn } from '@xietong/core/cases';
import type { TDb, TTx } from '../db/database';
import type { TRequestContext } from '../http/context';
import { appendRowToLedger } from '../ledger/append';

export type TAuditInput = {
  action: TAuditAction;
  outcome?: TAuditOutcome;
  targetType?: string;
  targetId?: string;
  caseId?: string | null;
  details?: Record<string, unknown>;
  /** when no actor is signed in yet (failed login), name the subject here */
  username?: string;
};

/** Writes the row and its ledger entry; resolves with the row's id. */
export async function writeAudit(tx: TTx | TDb, ctx: TRequestContext, a: TAuditInput): Promise<string> {
  // The ledger entry must commit with the row: outside a transaction, open one for both.
  if (!tx.isTransaction) return tx.transaction().execute((t) => writeAudit(t, ctx, a));
  const actor = ctx.actor;
  let agencyName: string | null = null;
  if (actor) {
    const ag = await agencyById(tx, actor.agencyId);
    agencyName = ag?.name ?? null;
  }
  const row = await tx
    .insertInto('audit_log')
    .values({
      user_id: actor?.userId ?? null,
      username: actor?.username ?? a.username ?? null,
      display_name: actor?.displayName ?? null,
      agency_id: actor?.agencyId ?? null,
      agency_name: agencyName,
      roles: actor?.roles ?? [],
      action: a.action,
      target_type: a.targetType ?? null,
      target_id: a.targetId ?? null,
      case_id: a.caseId ?? null,
      outcome: a.outcome ?? 'ok',
      ip: ctx.ip,
      user_agent: ctx.userAgent ? ctx.userAgent.slice(0, 512) : null,
      // a 身份证号 in a search term or a title is kept masked in the trail (等保 §8.1.4.11)
      details: maskResidentIdsIn(JSON.stringify(a.details ?? {})),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // 区块链存证: every audit row is a ledger entry, re-derivable from the row (ledger/README.md).
  await appendRowToLedger(tx as TTx, 'audit_log', row);
  return row.id;
}
