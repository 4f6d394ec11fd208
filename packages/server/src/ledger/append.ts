/**
 * Append one ledger entry inside the caller's transaction: the change, its audit row and
 * its entry commit together or not at all ("no change without an entry, no entry without a
 * change"). The entry gets its leaf index later, from the integrator (integrate.ts).
 * Contract for other modules: README.md in this folder.
 */
import { encodeEntry, leafHash, type TEntryKind, type TLedgerEntryV1 } from '@xietong/core/ledger';
import { sql, type RawBuilder } from 'kysely';
import type { TTx } from '../db/database';
import { attachedBatch, type WriteBatch } from '../db/write-batch';
import { entryForRow, isLedgerSource, LEDGER_SOURCES } from './entry-for-row';
import { ensureLedgerGenesis, readLedgerMeta, type TLedgerMeta } from './meta';

export type TAppendLedgerEntry = {
  kind: TEntryKind;
  /** the table of the recorded row, e.g. 'process_events' */
  refTable: string;
  /** its primary key as text */
  refId: string;
  /** the entry; for a row of a LEDGER_SOURCES table it must be entryForRow(kind, refTable, row) */
  payload: TLedgerEntryV1;
};

/**
 * The log's hash, per database (keyed by the Kysely adapter its transactions share): fixed once
 * ledger_meta exists (meta.ts), so no node can ever see it change — a read per transition saved.
 */
const hashAlgOf = new WeakMap<object, TLedgerMeta['hashAlg']>();
/** transactions that may have written the genesis themselves (not committed yet) */
const genesisIn = new WeakSet<TTx>();

/** The log's hash: from memory once committed, else read (or the genesis written) in this transaction. */
async function hashAlgFor(tx: TTx, e: { refTable: string; refId: string }): Promise<TLedgerMeta['hashAlg']> {
  const key = tx.getExecutor().adapter;
  const known = hashAlgOf.get(key);
  if (known) return known;
  const committed = await readLedgerMeta(tx);
  // cached only when it was already there: a genesis this transaction writes may still roll back
  if (committed && !genesisIn.has(tx)) hashAlgOf.set(key, committed.hashAlg);
  if (!committed) genesisIn.add(tx);
  return committed?.hashAlg ?? (await ensureLedgerGenesis(tx, { except: { table: e.refTable, id: e.refId } })).hashAlg;
}

/** `entryId` null: the entry joined the transaction's statement of writes (db/write-batch.ts) and is written with it. */
export async function appendLedgerEntry(tx: TTx, e: TAppendLedgerEntry): Promise<{ entryId: string | null }> {
  if (!tx.isTransaction) throw new Error('appendLedgerEntry must run inside the transaction of the change it records');
  if (e.payload.kind !== e.kind) throw new TypeError(`ledger entry kind ${e.payload.kind} ≠ ${e.kind}`);
  if (isLedgerSource(e.refTable) && (e.payload.table !== e.refTable || e.payload.id !== e.refId)) {
    throw new TypeError(`ledger entry for ${e.refTable} ${e.refId} must be entryForRow(...) of that row`);
  }
  const entry = encodeEntry(e.payload);
  const hashAlg = await hashAlgFor(tx, e);
  const batch = attachedBatch(tx);
  if (batch) {
    batch.add(sql`INSERT INTO ledger_entries (kind, ref_table, ref_id, entry, leaf_hash)
      VALUES (${e.kind}, ${e.refTable}, ${e.refId}, ${Buffer.from(entry)}, ${Buffer.from(leafHash(hashAlg, entry))})`);
    return { entryId: null };
  }
  const row = await tx.insertInto('ledger_entries').values({
    kind: e.kind, ref_table: e.refTable, ref_id: e.refId,
    entry: Buffer.from(entry), leaf_hash: Buffer.from(leafHash(hashAlg, entry)),
  }).returning('id').executeTakeFirstOrThrow();
  return { entryId: row.id };
}

/**
 * The usual call: record a row exactly as `INSERT … RETURNING *` (Kysely `.returningAll()`)
 * gave it back, so the verifier can re-derive the same entry from the stored row.
 */
export async function appendRowToLedger(tx: TTx, table: string, row: Record<string, unknown>): Promise<{ entryId: string | null }> {
  if (!isLedgerSource(table)) throw new TypeError(`${table} is not in LEDGER_SOURCES (entry-for-row.ts)`);
  const src = LEDGER_SOURCES[table];
  const payload = entryForRow(src.kind, table, row);
  return appendLedgerEntry(tx, { kind: src.kind, refTable: table, refId: payload.id as string, payload });
}

/**
 * The ledger entry of a row the caller inserts in the same statement (db/write-batch.ts): `row`
 * must be every column exactly as `INSERT … RETURNING *` would give it back (explicit id and
 * timestamps, jsonb as parsed JSON), so the verifier re-derives the same entry from the stored row.
 */
export async function ledgerInsertForRow(tx: TTx, table: string, row: Record<string, unknown>): Promise<RawBuilder<unknown>> {
  if (!isLedgerSource(table)) throw new TypeError(`${table} is not in LEDGER_SOURCES (entry-for-row.ts)`);
  const src = LEDGER_SOURCES[table];
  const payload = entryForRow(src.kind, table, row);
  const entry = encodeEntry(payload);
  const hashAlg = await hashAlgFor(tx, { refTable: table, refId: payload.id as string });
  return sql`INSERT INTO ledger_entries (kind, ref_table, ref_id, entry, leaf_hash)
    VALUES (${src.kind}, ${table}, ${payload.id as string}, ${Buffer.from(entry)}, ${Buffer.from(leafHash(hashAlg, entry))})`;
}

/**
 * A ledger-recorded row and its entry as two writes of one batch (db/write-batch.ts): `row` is
 * the complete row as RETURNING * would give it (id reserved by the caller, timestamps given);
 * `jsonColumns` are sent as JSON text.
 */
export async function batchRowWithEntry(tx: TTx, batch: WriteBatch, table: string, row: Record<string, unknown>, jsonColumns: readonly string[]): Promise<void> {
  const cols = Object.keys(row);
  const values = cols.map((c) => (jsonColumns.includes(c) ? sql`${JSON.stringify(row[c])}::jsonb` : sql`${row[c]}`));
  const insert = sql`INSERT INTO ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) VALUES (${sql.join(values)})`;
  // what the database would hand back for jsonb: parsed JSON
  const returned = Object.fromEntries(cols.map((c) => [c, jsonColumns.includes(c) ? JSON.parse(JSON.stringify(row[c] ?? null)) : row[c]]));
  const entry = await ledgerInsertForRow(tx, table, returned);
  batch.add(insert);
  batch.add(entry);
}
