/**
 * What a ledger entry says about a row, as a pure function of the row: the verifier reads
 * the row again later and must get the very same bytes, so nothing here may depend on the
 * time, the process or the order columns come back in (encodeEntry sorts keys).
 *
 * Entry v1 for a row: { v: 1, kind, table, id, row: { <column>: <value>, … } }.
 * The verifier recomputes an entry from the columns the STORED entry names, so a column
 * added by a later migration does not break old entries, while every column that was
 * committed to is checked.
 */
import { encodeEntry, type TCanonicalValue, type TEntryKind, type TLedgerEntryV1 } from '@xietong/core/ledger';

/**
 * Tables whose rows the ledger records, with the kind of entry. `complete`: every row of
 * the table must have an entry (a row without one was inserted behind the platform's back).
 * Another engineer adding a recorded table adds one line here.
 */
export const LEDGER_SOURCES = {
  audit_log: { kind: 'audit', idColumn: 'id', complete: true },
  process_events: { kind: 'event', idColumn: 'id', complete: true },
  document_versions: { kind: 'document', idColumn: 'id', complete: true },
  ledger_keys: { kind: 'key', idColumn: 'key_id', complete: true },
  // a signature record names the signer agency and key: rewritten, it would vouch for a forger (issue 11)
  document_signatures: { kind: 'signature', idColumn: 'id', complete: true },
  document_signing_keys: { kind: 'key', idColumn: 'key_id', complete: true },
  // the end of a document-signing key's validity (xietong keys rotate)
  document_signing_key_retirements: { kind: 'key', idColumn: 'key_id', complete: true },
  // 回执 of the exchange API (issue 16): who received, accepted or rejected which message, signed
  exchange_receipts: { kind: 'signature', idColumn: 'id', complete: true },
} as const satisfies Record<string, { kind: TEntryKind; idColumn: string; complete: boolean }>;

export type TLedgerSourceTable = keyof typeof LEDGER_SOURCES;

export function isLedgerSource(table: string): table is TLedgerSourceTable {
  return Object.hasOwn(LEDGER_SOURCES, table);
}

/**
 * A column value as the entry stores it. Dates: ISO 8601 UTC with milliseconds (what node-pg
 * gives for timestamptz); bytea: "\\x" + hex; non-integer numbers and bigints: their decimal
 * text (canonical entries allow safe integers only); jsonb: recursively the same.
 */
export function ledgerValue(v: unknown): TCanonicalValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isSafeInteger(v) ? v : String(v);
    case 'bigint':
      return v.toString();
    case 'object': {
      if (Array.isArray(v)) return v.map(ledgerValue);
      const out: Record<string, TCanonicalValue> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[k] = ledgerValue(x);
      return out;
    }
    default:
      return String(v);
  }
}

/** The v1 entry of a row; `columns` limits it to those columns (the verifier's case). */
export function entryForRow(
  kind: TEntryKind,
  table: string,
  row: Record<string, unknown>,
  opts: { idColumn?: string; columns?: readonly string[] } = {},
): TLedgerEntryV1 {
  const idColumn = opts.idColumn ?? (isLedgerSource(table) ? LEDGER_SOURCES[table].idColumn : 'id');
  const id = row[idColumn];
  if (id === undefined || id === null) throw new TypeError(`${table}: row has no ${idColumn}`);
  const cols = opts.columns ?? Object.keys(row);
  const values: Record<string, TCanonicalValue> = {};
  for (const c of cols) values[c] = Object.hasOwn(row, c) ? ledgerValue(row[c]) : null;
  return { v: 1, kind, table, id: String(id), row: values };
}

export function encodeRowEntry(...args: Parameters<typeof entryForRow>): Uint8Array {
  return encodeEntry(entryForRow(...args));
}
