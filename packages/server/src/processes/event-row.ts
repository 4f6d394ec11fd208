/**
 * Insert one process event and record it in the ledger in the same transaction
 * (区块链存证: no event without an entry, no entry without an event).
 */
import type { Insertable } from 'kysely';
import type { TTx } from '../db/database';
import type { ProcessEventsTable } from '../db/schema';
import { appendRowToLedger } from '../ledger/append';

export async function recordEventRow(tx: TTx, values: Insertable<ProcessEventsTable>): Promise<string> {
  const row = await tx.insertInto('process_events').values(values).returningAll().executeTakeFirstOrThrow();
  await appendRowToLedger(tx, 'process_events', row);
  return row.id;
}
