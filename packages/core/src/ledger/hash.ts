/**
 * Hashing and byte helpers for the ledger. SM3 (GB/T 32905) is the default for Chinese
 * deployments; SHA-256 exists because C2SP checkpoints and public witnesses assume it.
 * The algorithm is always passed explicitly: one tree never mixes hashes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type THashAlg = 'sm3' | 'sha256';
export const HASH_ALGS = ['sm3', 'sha256'] as const satisfies readonly THashAlg[];

/** Both SM3 and SHA-256 give 32 bytes; verifiers reject any other length. */
export const HASH_SIZE = 32;

/** HASH(chunk_1 || ... || chunk_n). Chunks avoid concatenating large buffers first. */
export function hash(alg: THashAlg, ...chunks: Uint8Array[]): Uint8Array {
  const h = createHash(alg);
  for (const chunk of chunks) h.update(chunk);
  return toPlainBytes(h.digest());
}

/** Node hands out Buffers; we return plain Uint8Arrays so equality checks see one type. */
export function toPlainBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice();
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Strict: Buffer.from(x, 'hex') silently stops at the first bad character, we refuse. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new TypeError(`not a hex string: ${JSON.stringify(hex.slice(0, 80))}`);
  }
  return toPlainBytes(Buffer.from(hex, 'hex'));
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Strict standard base64 (RFC 4648 section 4, padded). Buffer.from(x, 'base64') accepts
 * junk and url-safe letters, which would let two different texts decode to one signature.
 */
export function fromBase64(b64: string): Uint8Array {
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
    throw new TypeError('not canonical base64');
  }
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.toString('base64') !== b64) throw new TypeError('not canonical base64');
  return toPlainBytes(bytes);
}

/** No lone surrogates: TextEncoder would silently turn them into U+FFFD. */
export function isWellFormed(text: string): boolean {
  // With the u flag a valid surrogate pair is one code point, so only lone halves match.
  return !/[\uD800-\uDFFF]/u.test(text);
}

const encoder = new TextEncoder();
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Constant time for equal lengths: roots and signatures are compared with this. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
