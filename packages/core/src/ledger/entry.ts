/**
 * Canonical, versioned encoding of ledger entries. The leaf hash commits to these bytes,
 * so the same logical entry must always give the same bytes, on every agency's server and
 * in every future version: keys sorted recursively (UTF-16 code unit order, as JCS / RFC
 * 8785), no whitespace, strings NFC-normalised (Chinese names typed on different IMEs /
 * OSes can differ in normalisation form), integers only. Anything ambiguous is rejected
 * rather than coerced: floats (rounding differs across languages), NaN / Infinity,
 * undefined (JSON.stringify would silently drop it), lone surrogates, non-plain objects.
 */
import { utf8 } from './hash';

export const ENTRY_KINDS = ['event', 'document', 'audit', 'key', 'audit-digest', 'signature'] as const;
export type TEntryKind = (typeof ENTRY_KINDS)[number];

export type TCanonicalValue = null | boolean | number | string | TCanonicalValue[] | { [key: string]: TCanonicalValue };

/** Version 1 entry. Later versions add a new v, never change the meaning of v: 1. */
export type TLedgerEntryV1 = { v: 1; kind: TEntryKind; [field: string]: TCanonicalValue };

export class EntryEncodingError extends TypeError {
  // A distinct class lets callers tell a bad entry (caller bug, 4xx) from an internal error.
  override name = 'EntryEncodingError';
}

function fail(path: string, why: string): never {
  throw new EntryEncodingError(`${path || '<root>'}: ${why}`);
}

function canonicalString(value: string, path: string): string {
  if (/[\uD800-\uDFFF]/u.test(value)) fail(path, 'lone surrogate in string');
  return JSON.stringify(value.normalize('NFC'));
}

function canonical(value: unknown, path: string, ancestors: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) fail(path, `only safe integers are allowed, got ${value}`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
      return canonicalString(value, path);
    case 'object':
      break;
    default:
      fail(path, `${typeof value} is not allowed`);
  }
  const obj = value as object;
  if (ancestors.has(obj)) fail(path, 'cycle');
  ancestors.add(obj);
  try {
    if (Array.isArray(obj)) {
      const items: string[] = [];
      for (let i = 0; i < obj.length; i++) {
        if (!(i in obj)) fail(`${path}[${i}]`, 'sparse array');
        items.push(canonical(obj[i], `${path}[${i}]`, ancestors));
      }
      return `[${items.join(',')}]`;
    }
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) fail(path, 'only plain objects are allowed');
    if (Object.getOwnPropertySymbols(obj).length > 0) fail(path, 'symbol keys are not allowed');
    const members = new Map<string, string>();
    for (const [rawKey, v] of Object.entries(obj)) {
      const key = rawKey.normalize('NFC');
      const childPath = `${path}.${key}`;
      if (v === undefined) fail(childPath, 'undefined is not allowed');
      if (members.has(key)) fail(childPath, 'two keys are equal after NFC normalisation');
      members.set(key, `${canonicalString(key, childPath)}:${canonical(v, childPath, ancestors)}`);
    }
    const keys = [...members.keys()].sort();
    return `{${keys.map((k) => members.get(k)!).join(',')}}`;
  } finally {
    ancestors.delete(obj);
  }
}

/** Canonical JSON text of any allowed value (exported for hashing sub-structures). */
export function canonicalJson(value: unknown): string {
  return canonical(value, '', new Set());
}

/** UTF-8 bytes of the canonical JSON of a v1 entry: the leaf data of the ledger. */
export function encodeEntry(entry: TLedgerEntryV1): Uint8Array {
  if (entry === null || typeof entry !== 'object') fail('', 'entry must be an object');
  if (entry.v !== 1) fail('.v', 'unsupported entry version');
  if (!(ENTRY_KINDS as readonly string[]).includes(entry.kind)) fail('.kind', `unknown kind ${String(entry.kind)}`);
  return utf8(canonicalJson(entry));
}

/**
 * Parses entry bytes and accepts them only if they are exactly the canonical encoding,
 * so a stored entry cannot carry a second spelling of the same content.
 */
export function decodeEntry(bytes: Uint8Array): TLedgerEntryV1 {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    fail('', 'not UTF-8 JSON');
  }
  const entry = parsed as TLedgerEntryV1;
  const again = encodeEntry(entry);
  if (again.length !== bytes.length || again.some((b, i) => b !== bytes[i])) fail('', 'not in canonical form');
  return entry;
}
