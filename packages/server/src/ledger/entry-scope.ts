/**
 * Who may read a ledger entry's content (an inclusion proof carries the entry bytes: the event
 * row, the audit row, the document version). Scoped like the rows themselves: an entry of a
 * case follows the case gate (404 and an audited refusal for anyone who cannot see the case),
 * an audit row follows the audit trail's rule, a key publication is public. Anything else,
 * and every refusal, is a 404 like a missing entry, so entry ids cannot be walked to learn
 * which exist.
 */
import { auditReach, canReadAudit } from '@xietong/core';
import type { TDb } from '../db/database';
import { assertCaseReadable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';

type TEntryRef = { id: string; ref_table: string; ref_id: string };

async function caseOfEntry(db: TDb, e: TEntryRef): Promise<string | null | 'none'> {
  switch (e.ref_table) {
    case 'process_events': {
      const r = await db.selectFrom('process_events').select('case_id').where('id', '=', e.ref_id).executeTakeFirst();
      return r?.case_id ?? null;
    }
    case 'document_versions': {
      const r = await db.selectFrom('document_versions as v').innerJoin('documents as d', 'd.id', 'v.document_id')
        .select('d.case_id').where('v.id', '=', e.ref_id).executeTakeFirst();
      return r?.case_id ?? null;
    }
    // 回执 (issue 16): of the case its message was about; a rejected push names no event
    case 'exchange_receipts': {
      const r = await db.selectFrom('exchange_receipts as r').innerJoin('process_events as e', 'e.id', 'r.event_id')
        .select('e.case_id').where('r.id', '=', e.ref_id).executeTakeFirst();
      return r?.case_id ?? 'none';
    }
    default:
      return 'none';
  }
}

async function refuse(db: TDb, ctx: TAuthedContext, e: TEntryRef, reason: string): Promise<never> {
  await writeAudit(db, ctx, { action: 'ledger.proof_read', outcome: 'denied', targetType: 'ledger_entry', targetId: e.id, details: { reason, refTable: e.ref_table } });
  throw new AppError('NOT_FOUND');
}

/** Throws NOT_FOUND (audited) unless the caller may read this entry's content. */
export async function assertEntryReadable(db: TDb, ctx: TAuthedContext, e: TEntryRef): Promise<void> {
  const actor = ctx.actor;
  // public keys and their validity are published (GET /api/ledger/keys)
  if (e.ref_table === 'ledger_keys' || e.ref_table === 'document_signing_keys' || e.ref_table === 'document_signing_key_retirements') return;
  if (e.ref_table === 'audit_log') {
    if (!canReadAudit(actor)) return refuse(db, ctx, e, 'role');
    const reach = auditReach(actor);
    if (reach.kind === 'all') return;
    const row = await db.selectFrom('audit_log as l').leftJoin('agencies as a', 'a.id', 'l.agency_id')
      .select(['l.agency_id', 'a.region_code']).where('l.id', '=', e.ref_id).executeTakeFirst();
    const visible = !!row?.agency_id && (reach.kind === 'jurisdiction' ? (row.region_code ?? '').startsWith(reach.regionPrefix) : reach.kind === 'agency' && row.agency_id === reach.agencyId);
    if (!visible) return refuse(db, ctx, e, 'out_of_scope');
    return;
  }
  const caseId = await caseOfEntry(db, e);
  if (caseId === 'none') {
    if (actor.platformAdmin) return;
    return refuse(db, ctx, e, 'not_public');
  }
  if (!caseId) return refuse(db, ctx, e, 'no_source_row');
  await assertCaseReadable(db, ctx, caseId, 'ledger.proof_read');
}
