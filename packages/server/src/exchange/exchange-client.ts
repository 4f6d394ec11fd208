/**
 * A small client for the signed exchange API, as an agency system (or the gateway) calls it:
 * every request carries the API key, a timestamp and the SM2 signature over both and the body.
 */
import { receiptSigningText, signBase64, signRequest, EXCHANGE_SCHEMAS, type TExchangeReceipt, type TReceiptStatus } from '@xietong/core/exchange';
import { utf8, type TSigner } from '@xietong/core/ledger';

export type TExchangeCredentials = { baseUrl: string; apiKey: string; signer: TSigner };

export type TExchangeResponse = { status: number; json: unknown };

export async function exchangeRequest(
  c: TExchangeCredentials, method: 'GET' | 'POST', pathWithQuery: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 30_000,
): Promise<TExchangeResponse> {
  const text = body === undefined ? '' : JSON.stringify(body);
  const signed = await signRequest(c.signer, c.apiKey, method, pathWithQuery, text, Date.now());
  const res = await fetch(`${c.baseUrl}${pathWithQuery}`, {
    method, signal: AbortSignal.timeout(timeoutMs),
    headers: { ...signed, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: text }),
  });
  const raw = await res.text();
  return { status: res.status, json: parseOrText(raw) };
}

function parseOrText(raw: string): unknown {
  try { return raw ? JSON.parse(raw) : null; } catch { return raw; }
}

/** A receipt for a message, signed with the system's key. */
export async function signReceipt(signer: TSigner, messageId: string, status: TReceiptStatus, reason: string | null = null, at = new Date().toISOString()): Promise<TExchangeReceipt> {
  const r = { messageId, status, reason, at };
  return { schema: EXCHANGE_SCHEMAS.receipt, ...r, keyId: signer.keyId, signature: await signBase64(signer, utf8(receiptSigningText(r))) };
}
