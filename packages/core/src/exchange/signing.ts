/**
 * Signatures on the exchange (issue 16), SM2 (GM/T 0003, default ID) over plain bytes:
 *
 * - an agency system's request: `<timestamp>\n<METHOD>\n<path?query>\n` followed by the body bytes;
 * - the platform's webhook to a receiver: `<timestamp>\n` followed by the body bytes;
 * - a receipt (回执): receiptSigningText (messages.ts).
 *
 * The timestamp (milliseconds since the epoch, decimal) must lie within the replay window of
 * the verifier's clock: a captured request or webhook cannot be played again later.
 * Node-only (node:crypto through the ledger's SM2), like @xietong/core/ledger.
 */
import { utf8 } from '../ledger/hash';
import { createLocalSigner, verifySignature, type TSigner } from '../ledger/signer';

export const EXCHANGE_HEADERS = {
  key: 'x-xietong-key',
  timestamp: 'x-xietong-timestamp',
  signature: 'x-xietong-signature',
  keyId: 'x-xietong-key-id',
} as const;

/** Five minutes either way: clocks of agency servers drift, replays older than this are refused. */
export const DEFAULT_REPLAY_WINDOW_MS = 5 * 60 * 1000;

function concat(head: string, body: Uint8Array | string): Uint8Array {
  const h = utf8(head);
  const b = typeof body === 'string' ? utf8(body) : body;
  const out = new Uint8Array(h.length + b.length);
  out.set(h, 0);
  out.set(b, h.length);
  return out;
}

export function requestSigningBytes(timestamp: string, method: string, pathWithQuery: string, body: Uint8Array | string): Uint8Array {
  return concat(`${timestamp}\n${method.toUpperCase()}\n${pathWithQuery}\n`, body);
}

export function webhookSigningBytes(timestamp: string, body: Uint8Array | string): Uint8Array {
  return concat(`${timestamp}\n`, body);
}

export type TTimestampCheck = 'ok' | 'malformed' | 'outside_window';

export function checkTimestamp(timestamp: string | undefined, nowMs: number, windowMs = DEFAULT_REPLAY_WINDOW_MS): TTimestampCheck {
  if (!timestamp || !/^\d{1,16}$/.test(timestamp)) return 'malformed';
  return Math.abs(nowMs - Number(timestamp)) <= windowMs ? 'ok' : 'outside_window';
}

export async function signBase64(signer: TSigner, bytes: Uint8Array): Promise<string> {
  return Buffer.from(await signer.sign(bytes)).toString('base64');
}

/** Never throws: a malformed key or signature is simply not valid. */
export function verifyBase64(publicKeyPem: string, bytes: Uint8Array, signatureB64: string | undefined): boolean {
  if (!signatureB64 || !/^[A-Za-z0-9+/]{1,400}={0,2}$/.test(signatureB64)) return false;
  return verifySignature('sm2', publicKeyPem, bytes, new Uint8Array(Buffer.from(signatureB64, 'base64')));
}

/** Headers of a signed request from an agency system. */
export async function signRequest(
  signer: TSigner, apiKey: string, method: string, pathWithQuery: string, body: string, nowMs: number,
): Promise<Record<string, string>> {
  const ts = String(nowMs);
  return {
    [EXCHANGE_HEADERS.key]: apiKey,
    [EXCHANGE_HEADERS.timestamp]: ts,
    [EXCHANGE_HEADERS.signature]: await signBase64(signer, requestSigningBytes(ts, method, pathWithQuery, body)),
  };
}

export { createLocalSigner };
