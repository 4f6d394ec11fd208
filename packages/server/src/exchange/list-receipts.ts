/**
 * The receipts a sender sees: those the receiving systems gave for messages about events the
 * caller's agency recorded, and the platform's receipts for this system's own pushes.
 */
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { assertCaseReadable } from '../access/gate';
import type { TAuthedContext } from '../http/route';
import type { TExchangeSystem } from './authenticate-system';

export async function listReceipts(db: TDb, system: TExchangeSystem, q: { eventId?: string | undefined; limit: number }) {
  const rows = await db.selectFrom('exchange_receipts as r')
    .innerJoin('exchange_systems as s', 's.id', 'r.system_id')
    .leftJoin('process_events as e', 'e.id', 'r.event_id')
    .select(['r.id', 'r.direction', 'r.message_id', 'r.event_id', 'r.status', 'r.reason', 'r.at', 'r.signed_text', 'r.signature', 'r.signer_key_id', 's.agency_id'])
    .where((w) => w.or([
      w.and([w('r.direction', '=', 'outbound'), w('e.actor_agency_id', '=', system.agencyId)]),
      w.and([w('r.direction', '=', 'inbound'), w('r.system_id', '=', system.id)]),
    ]))
    .$if(!!q.eventId, (b) => b.where('r.event_id', '=', q.eventId!))
    .orderBy(sql`r.at`, 'desc').orderBy('r.id').limit(q.limit).execute();
  return {
    receipts: rows.map((r) => ({
      id: r.id, direction: r.direction, messageId: r.message_id, eventId: r.event_id, status: r.status, reason: r.reason,
      at: r.at.toISOString(), signerAgencyId: r.direction === 'outbound' ? r.agency_id : null, signerKeyId: r.signer_key_id,
      signedText: r.signed_text, signature: r.signature.toString('base64'),
    })),
  };
}

/** The receipts receiving systems gave for the messages of a case (a user in the case's reach sees them). */
export async function listCaseReceipts(db: TDb, ctx: TAuthedContext, caseId: string) {
  await assertCaseReadable(db, ctx, caseId, 'process.read');
  const rows = await db.selectFrom('exchange_receipts as r')
    .innerJoin('exchange_systems as s', 's.id', 'r.system_id')
    .innerJoin('process_events as e', 'e.id', 'r.event_id')
    .select(['r.id', 'r.direction', 'r.message_id', 'r.event_id', 'r.status', 'r.reason', 'r.at', 'r.signed_text', 'r.signature', 'r.signer_key_id', 's.agency_id', 'e.process', 'e.action'])
    .where('e.case_id', '=', caseId).where('r.direction', '=', 'outbound')
    .orderBy('r.at').orderBy('r.id').limit(1000).execute();
  return {
    receipts: rows.map((r) => ({
      id: r.id, direction: r.direction, messageId: r.message_id, eventId: r.event_id, status: r.status, reason: r.reason,
      at: r.at.toISOString(), signerAgencyId: r.agency_id, signerKeyId: r.signer_key_id, signedText: r.signed_text,
      signature: r.signature.toString('base64'), process: r.process, action: r.action, receiverAgencyId: r.agency_id,
    })),
  };
}
