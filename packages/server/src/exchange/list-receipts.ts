/**
 * The receipts a sender sees: those the receiving systems gave for messages about events the
 * caller's agency recorded, and the platform's receipts for this system's own pushes.
 */
import { sql } from 'kysely';
import type { TDb } from '../db/database';
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
