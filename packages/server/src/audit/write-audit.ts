/**
 * Append one audit row inside the caller's transaction (STYLE.md §2.2): the change and its
 * trace commit together or not at all.
 */
import { agencyById } from '../agencies/agency-cache';
import type { TAuditAction, TAuditOutcome } from '@xietong/core';
import { maskResidentIdsIn } from '@xietong/core/cases';
import type { TDb, TTx } from '../db/database';
import type { TRequestContext } from '../http/context';
import { appendRowToLedger, batchRowWithEntry } from '../ledger/append';
import type { WriteBatch } from '../db/write-batch';

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
    .values(auditValues(ctx, a, agencyName))
    .returningAll()
    .executeTakeFirstOrThrow();
  // 区块链存证: every audit row is a ledger entry, re-derivable from the row (ledger/README.md).
  await appendRowToLedger(tx as TTx, 'audit_log', row);
  return row.id;
}

function auditValues(ctx: TRequestContext, a: TAuditInput, agencyName: string | null) {
  const actor = ctx.actor;
  return {
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
  };
}

/**
 * The audit row and its ledger entry as two writes of the caller's one statement (issue 13):
 * `id` reserved from audit_log_id_seq, `at` given, so the entry is computed before the row exists.
 */
export async function batchAudit(tx: TTx, batch: WriteBatch, ctx: TRequestContext, a: TAuditInput, row: { id: string; at: Date }): Promise<string> {
  const agencyName = ctx.actor ? (await agencyById(tx, ctx.actor.agencyId))?.name ?? null : null;
  const v = auditValues(ctx, a, agencyName);
  await batchRowWithEntry(tx, batch, 'audit_log', {
    id: row.id, at: row.at, user_id: v.user_id, username: v.username, display_name: v.display_name, agency_id: v.agency_id,
    agency_name: v.agency_name, roles: v.roles, action: v.action, target_type: v.target_type, target_id: v.target_id,
    case_id: v.case_id, outcome: v.outcome, ip: v.ip, user_agent: v.user_agent, details: JSON.parse(v.details),
  }, ['details']);
  return row.id;
}
