/**
 * The log's fixed parameters (ledger_meta) and genesis. The hash is chosen once, when the
 * first entry is written (or at server start), and never changes: SM3 and SHA-256 trees are
 * different logs with different origins.
 */
import { loadConfig } from '../config';
import { sql } from 'kysely';
import type { THashAlg } from '@xietong/core/ledger';
import type { TDb, TTx } from '../db/database';
import { encodeRowEntry, LEDGER_SOURCES } from './entry-for-row';
import { leafHash } from '@xietong/core/ledger';
import { ledgerSettings } from './settings';

export type TLedgerMeta = { hashAlg: THashAlg; origin: string; treeSize: number };

/** pg advisory lock keys of the ledger (see db/migrate.ts and start.ts for the others). */
export const LEDGER_GENESIS_LOCK = 7_240_215_005;
export const LEDGER_INTEGRATE_LOCK = 7_240_215_006;

export async function readLedgerMeta(db: TDb | TTx): Promise<TLedgerMeta | null> {
  const m = await db.selectFrom('ledger_meta').select(['hash_alg', 'origin', 'tree_size']).executeTakeFirst();
  return m ? { hashAlg: m.hash_alg as THashAlg, origin: m.origin, treeSize: Number(m.tree_size) } : null;
}

/**
 * Creates the log if it does not exist yet, inside the caller's transaction, under a
 * transaction-scoped advisory lock. Rows written before the ledger existed (an upgraded
 * installation) are recorded now, in id order, so that every row has its entry.
 * `except` names the row the caller is about to record itself.
 */
export async function ensureLedgerGenesis(
  tx: TTx,
  opts: { hashAlg?: THashAlg; originPrefix?: string; except?: { table: string; id: string } } = {},
): Promise<TLedgerMeta> {
  const existing = await readLedgerMeta(tx);
  if (existing) return existing;
  await sql`SELECT pg_advisory_xact_lock(${LEDGER_GENESIS_LOCK})`.execute(tx);
  const again = await readLedgerMeta(tx);
  if (again) return again;
  const settings = ledgerSettings(loadConfig().dataDir);
  const hashAlg = opts.hashAlg ?? settings.hashAlg;
  const origin = `${opts.originPrefix ?? settings.originPrefix}/${hashAlg}`;
  await tx.insertInto('ledger_meta').values({ hash_alg: hashAlg, origin }).execute();
  // genesis logs every row of every source below, signature records included: the one-time backfill
  // of pre-0010 signature records (backfill-rows.ts) is thereby done for this database — where the
  // column exists (a database still short of migration 0048, as an upgrade test builds one, has none)
  const column = await sql<{ ok: boolean }>`SELECT EXISTS (SELECT 1 FROM pg_attribute
    WHERE attrelid = 'ledger_meta'::regclass AND attname = 'signatures_backfilled_at' AND NOT attisdropped) AS ok`.execute(tx);
  if (column.rows[0]?.ok) await tx.updateTable('ledger_meta').set({ signatures_backfilled_at: new Date() }).execute();
  for (const [table, src] of Object.entries(LEDGER_SOURCES)) {
    const exists = await sql<{ t: string | null }>`SELECT to_regclass(${table})::text AS t`.execute(tx);
    if (!exists.rows[0]?.t) continue;
    const { rows } = await sql<Record<string, unknown>>`
      SELECT s.* FROM ${sql.table(table)} s
      WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.ref_table = ${table} AND e.ref_id = s.${sql.ref(src.idColumn)}::text)
      ORDER BY s.${sql.ref(src.idColumn)}`.execute(tx);
    for (const row of rows) {
      const id = String(row[src.idColumn]);
      if (opts.except && opts.except.table === table && opts.except.id === id) continue;
      const entry = encodeRowEntry(src.kind, table, row);
      await tx.insertInto('ledger_entries').values({
        kind: src.kind, ref_table: table, ref_id: id, entry: Buffer.from(entry), leaf_hash: Buffer.from(leafHash(hashAlg, entry)),
      }).execute();
    }
  }
  return { hashAlg, origin, treeSize: 0 };
}
