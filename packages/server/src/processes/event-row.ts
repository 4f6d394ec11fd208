/**
 * Insert one process event and record it in the ledger in the same transaction
 * (区块链存证: no event without an entry, no entry without an event).
 */
import type { Insertable } from 'kysely';
import type { TTx } from '../db/database';
import type { ProcessEventsTable } from '../db/schema';
import { appendRowToLedger, batchRowWithEntry } from '../ledger/append';
import type { WriteBatch } from '../db/write-batch';

export async function recordEventRow(tx: TTx, values: Insertable<ProcessEventsTable>): Promise<string> {
  const row = await tx.insertInto('process_events').values(values).returningAll().executeTakeFirstOrThrow();
  await appendRowToLedger(tx, 'process_events', row);
  return row.id;
}

const EVENT_JSON = ['input', 'documents', 'timers_started', 'timers_stopped', 'articles'] as const;

/**
 * The same, as two writes of the transition's one statement (issue 13): the id was reserved
 * with the instance lock, every column is given (as RETURNING * would give it) so the ledger
 * entry is computed before the row exists.
 */
export async function batchEventRow(
  tx: TTx, batch: WriteBatch, id: string,
  v: Omit<Insertable<ProcessEventsTable>, 'id' | 'at' | 'input' | 'documents' | 'timers_started' | 'timers_stopped' | 'articles'> &
    { at: Date; input: unknown; documents: unknown; timers_started: unknown; timers_stopped: unknown; articles: unknown },
): Promise<string> {
  await batchRowWithEntry(tx, batch, 'process_events', {
    id, instance_id: v.instance_id, case_id: v.case_id, process: v.process, action: v.action, from_state: v.from_state, to_state: v.to_state,
    version: v.version, actor_user_id: v.actor_user_id ?? null, actor_name: v.actor_name, actor_agency_id: v.actor_agency_id,
    actor_agency_name: v.actor_agency_name, actor_role: v.actor_role, actor_side: v.actor_side,
    input: v.input, documents: v.documents, timers_started: v.timers_started, timers_stopped: v.timers_stopped, articles: v.articles, at: v.at,
    // 0037 (单轨例外): a 补录 is flagged and keeps its entry time beside the legal time `at`
    single_track: v.single_track ?? false, backfilled: v.backfilled ?? false, entered_at: v.entered_at ?? v.at,
  }, EVENT_JSON);
  return id;
}
