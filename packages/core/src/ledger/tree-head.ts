/**
 * Binary tree-head encodings of RFC 6962 and RFC 9162, for interop with CT-style tooling.
 * Our checkpoints are C2SP notes; these exist so a signed tree head can be exchanged with
 * systems that speak the RFC formats. Timestamps here are MILLISECONDS (C2SP uses seconds).
 */
import { concatBytes, HASH_SIZE } from './hash';

function u64(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('expected a non-negative safe integer');
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value));
  return out;
}

/** RFC 6962 3.5 TreeHeadSignature input: version v1(0), tree_hash(1), timestamp, size, root. */
export function encodeRfc6962TreeHead(th: { timestampMs: number; treeSize: number; root: Uint8Array }): Uint8Array {
  if (th.root.length !== HASH_SIZE) throw new RangeError('root must be 32 bytes');
  return concatBytes(Uint8Array.of(0, 1), u64(th.timestampMs), u64(th.treeSize), th.root);
}

/** RFC 9162 4.9 TreeHeadDataV2 with no extensions: timestamp, size, root<1..255>, ext<0..2^16-1>. */
export function encodeRfc9162TreeHeadDataV2(th: {
  timestampMs: number;
  treeSize: number;
  root: Uint8Array;
}): Uint8Array {
  if (th.root.length < 1 || th.root.length > 255) throw new RangeError('bad root length');
  return concatBytes(
    u64(th.timestampMs),
    u64(th.treeSize),
    Uint8Array.of(th.root.length),
    th.root,
    Uint8Array.of(0, 0),
  );
}
