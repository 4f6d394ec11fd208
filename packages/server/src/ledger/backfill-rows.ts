/**
 * Rows written before their table became a ledger source (document_signatures, migration
 * 0010) get their entry once, at start, under the bootstrap lock. Rows inserted later
 * without an entry are what `xietong verify` reports as inserted behind the platform; a
 * platform upgraded from before 0010 logs its existing signature records here first.
 * Once per database (ledger_meta.signatures_backfilled_at, migration 0048): a later start
 * neither scans every signature record again nor logs a row slipped in behind the platform.
 */
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { publishSigningKey } from '../documents/sign-document';
import { appendRowToLedger } from './append';

export async function backfillSignatureEntries(db: TDb, log: (m: string) => void): Promise<number> {
  const meta = await db.selectFrom('ledger_meta').select(['hash_alg', 'signatures_backfilled_at']).executeTakeFirst();
  if (!meta || meta.signatures_backfilled_at) return 0;
  return db.transaction().execute(async (tx) => {
    const rows = await tx.selectFrom('document_signatures as s').selectAll('s')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('ledger_entries as e').select(sql`1`.as('one'))
        .where('e.ref_table', '=', 'document_signatures').whereRef('e.ref_id', '=', sql`s.id::text`))))
      .orderBy('s.signed_at').execute();
    for (const r of rows) {
      await publishSigningKey(tx, r.agency_id, { keyId: r.key_id, publicKeyPem: r.public_key_pem }, r.signed_at);
      await appendRowToLedger(tx, 'document_signatures', r);
    }
    if (rows.length) log(`ledger: ${rows.length} earlier signature records logged`);
    await tx.updateTable('ledger_meta').set({ signatures_backfilled_at: new Date() }).execute();
    return rows.length;
  });
}
