import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, decodeEntry, encodeEntry, EntryEncodingError, type TLedgerEntryV1 } from './entry';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

// JSON-like values with integers only (what entries may hold)
const { value: canonicalValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.maxSafeInteger(),
    fc.string({ unit: 'grapheme' }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 6 }), tie('value'), { maxKeys: 4 }),
  ),
}));

function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, seed));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  entries.sort(() => ((seed = (seed * 16807) % 2147483647) % 2 === 0 ? -1 : 1));
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, seed)]));
}

describe('entry: canonical encoding', () => {
  it('sorted keys, no whitespace, integers', () => {
    const e: TLedgerEntryV1 = { v: 1, kind: 'event', z: 1, a: { y: [true, null, -3], b: '案件' } };
    expect(text(encodeEntry(e))).toBe('{"a":{"b":"案件","y":[true,null,-3]},"kind":"event","v":1,"z":1}');
  });

  it('is independent of key insertion order (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 6 }), canonicalValue, { maxKeys: 6 }),
        fc.integer({ min: 1, max: 1e6 }),
        (fields, seed) => {
          const e = { ...fields, v: 1, kind: 'document' } as TLedgerEntryV1;
          const shuffled = shuffleKeys(e, seed) as TLedgerEntryV1;
          expect(text(encodeEntry(shuffled))).toBe(text(encodeEntry(e)));
        },
      ),
    );
  });

  it('decode(encode(x)) re-encodes to the same bytes (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), canonicalValue, { maxKeys: 6 }), (fields) => {
        const bytes = encodeEntry({ ...fields, v: 1, kind: 'audit' } as TLedgerEntryV1);
        expect(encodeEntry(decodeEntry(bytes))).toEqual(bytes);
      }),
    );
  });

  it('NFC-normalises strings and keys: composed and decomposed forms give one encoding', () => {
    const composed = { v: 1, kind: 'event', name: 'Zoë 张', ['é']: 1 } as TLedgerEntryV1;
    const decomposed = { v: 1, kind: 'event', name: 'Zoe\u0308 张', ['e\u0301']: 1 } as TLedgerEntryV1;
    expect(encodeEntry(decomposed)).toEqual(encodeEntry(composed));
    expect(() => encodeEntry({ v: 1, kind: 'event', ['é']: 1, ['e\u0301']: 2 } as TLedgerEntryV1)).toThrow(/NFC/);
  });

  it.each([
    ['float', { x: 1.5 }],
    ['NaN', { x: Number.NaN }],
    ['Infinity', { x: Number.POSITIVE_INFINITY }],
    ['unsafe integer', { x: 2 ** 53 }],
    ['undefined', { x: undefined }],
    ['bigint', { x: 1n }],
    ['Date', { x: new Date(0) }],
    ['Uint8Array', { x: new Uint8Array(1) }],
    ['function', { x: () => 1 }],
    ['lone surrogate', { x: '\ud800' }],
    // eslint-disable-next-line no-sparse-arrays -- the sparse array is the point of this case
    ['sparse array', { x: [1, , 3] }],
  ])('rejects %s', (_name, fields) => {
    expect(() => encodeEntry({ v: 1, kind: 'event', ...(fields as object) } as TLedgerEntryV1)).toThrow(
      EntryEncodingError,
    );
  });

  it('rejects cycles, unknown kinds and versions, and non-canonical bytes on decode', () => {
    const cyclic: Record<string, unknown> = { v: 1, kind: 'event' };
    cyclic.self = cyclic;
    expect(() => encodeEntry(cyclic as TLedgerEntryV1)).toThrow(/cycle/);
    expect(() => encodeEntry({ v: 1, kind: 'gossip' } as unknown as TLedgerEntryV1)).toThrow(/kind/);
    expect(() => encodeEntry({ v: 2, kind: 'event' } as unknown as TLedgerEntryV1)).toThrow(/version/);
    const enc = new TextEncoder();
    expect(() => decodeEntry(enc.encode('{"kind":"event", "v":1}'))).toThrow(/canonical/);
    expect(() => decodeEntry(enc.encode('{"v":1,"kind":"event"}'))).toThrow(/canonical/);
    expect(() => decodeEntry(enc.encode('{"kind":"event","n":1e3,"v":1}'))).toThrow(/canonical/);
    expect(() => decodeEntry(Uint8Array.of(0xff))).toThrow(/UTF-8/);
    expect(decodeEntry(enc.encode('{"kind":"key","v":1}'))).toEqual({ kind: 'key', v: 1 });
  });

  it('allows -0 as 0 and shared (non-cyclic) references', () => {
    const shared = { a: 1 };
    expect(canonicalJson({ x: -0, p: shared, q: shared })).toBe('{"p":{"a":1},"q":{"a":1},"x":0}');
  });
});
