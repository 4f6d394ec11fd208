/**
 * Writing a receipt (回执): the row and its ledger entry in one transaction; a receipt given
 * before for the same message (and status) is kept, never replaced.
 */
import type { Insertable, Selectable } from 'kysely';
import type { TTx } from '../db/database';
import type { ExchangeReceiptsTable } from '../db/schema-exchange';
import { appendRowToLedger } from '../ledger/append';

export type TReceiptRow = Selectable<ExchangeReceiptsTable>;

/** Inserts unless the same receipt exists; null when it did (the caller reads the first one). */
export async function insertReceipt(tx: TTx, values: Insertable<ExchangeReceiptsTable>): Promise<TReceiptRow | null> {
  const row = await tx.insertInto('exchange_receipts').values(values).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();
  if (!row) return null;
  await appendRowToLedger(tx, 'exchange_receipts', row);
  return row;
}

export function receiptAnswer(r: TReceiptRow) {
  return {
    schema: 'xietong.receipt/v1' as const, messageId: r.message_id, status: r.status, reason: r.reason,
    at: r.signed_text.split('\n')[4] ?? r.at.toISOString(), keyId: r.signer_key_id, signature: r.signature.toString('base64'),
  };
}
