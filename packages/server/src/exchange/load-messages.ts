/**
 * The messages of outbox rows (xietong.flow-message/v1), built from the recorded event: events
 * are append-only, so what a receiver gets on the tenth retry is what it would have got first.
 */
import { EXCHANGE_SCHEMAS, type TExchangeFlowMessage } from '@xietong/core/exchange';
import type { TDb, TTx } from '../db/database';

export async function loadFlowMessages(db: TDb | TTx, rows: readonly { seq: string; event_id: string }[]): Promise<TExchangeFlowMessage[]> {
  if (!rows.length) return [];
  const eventIds = [...new Set(rows.map((r) => r.event_id))];
  const events = await db.selectFrom('process_events as e').innerJoin('cases as c', 'c.id', 'e.case_id')
    .select([
      'e.id', 'e.instance_id', 'e.case_id', 'e.process', 'e.action', 'e.from_state', 'e.to_state', 'e.version', 'e.at',
      'e.actor_agency_id', 'e.actor_agency_name', 'e.input', 'e.articles',
      'c.title', 'c.stage', 'c.police_number', 'c.procuratorate_number', 'c.court_number', 'c.created_by_agency',
    ])
    .where('e.id', 'in', eventIds).execute();
  const docs = await db.selectFrom('process_documents').select(['id', 'event_id', 'doc_type', 'number', 'agency_id'])
    .where('event_id', 'in', eventIds).orderBy('issued_at').orderBy('id').execute();
  const byId = new Map(events.map((e) => [e.id, e]));
  return rows.map((r) => {
    const e = byId.get(r.event_id)!;
    return {
      schema: EXCHANGE_SCHEMAS.flowMessage,
      messageId: r.seq,
      eventId: e.id,
      case: {
        schema: EXCHANGE_SCHEMAS.case, id: e.case_id, title: e.title, stage: e.stage, registeringAgencyId: e.created_by_agency,
        numbers: { police: e.police_number, procuratorate: e.procuratorate_number, court: e.court_number },
      },
      instanceId: e.instance_id,
      process: e.process,
      action: e.action,
      from: e.from_state,
      to: e.to_state,
      version: e.version,
      at: e.at.toISOString(),
      actorAgencyId: e.actor_agency_id,
      actorAgencyName: e.actor_agency_name,
      input: (e.input ?? {}) as Record<string, unknown>,
      articles: (e.articles ?? []) as string[],
      documents: docs.filter((d) => d.event_id === e.id).map((d) => ({ schema: EXCHANGE_SCHEMAS.document, id: d.id, docType: d.doc_type, number: d.number, agencyId: d.agency_id })),
    };
  });
}
