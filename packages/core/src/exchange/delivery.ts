/**
 * Webhook delivery rules (issue 16), pure: the retry schedule and the reference receiver's check.
 */
import { parseJsonObject } from './json';
import { checkTimestamp, DEFAULT_REPLAY_WINDOW_MS, EXCHANGE_HEADERS, verifyBase64, webhookSigningBytes } from './signing';

/** Seconds until the next attempt after `attempts` failures: 5 s doubling, at most 10 minutes. */
export function retryDelaySeconds(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts));
  return Math.min(600, 5 * 2 ** Math.min(n - 1, 10));
}

export type TWebhookCheck =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; reason: 'signature' | 'timestamp' | 'malformed' };

/**
 * What a receiver must check before trusting a webhook: the timestamp lies within the replay
 * window and the platform's SM2 signature covers timestamp and body, byte for byte.
 */
export function verifyWebhook(opts: {
  body: Uint8Array | string;
  headers: Record<string, string | string[] | undefined>;
  platformPublicKeyPem: string;
  nowMs: number;
  windowMs?: number;
}): TWebhookCheck {
  const h = (name: string): string | undefined => {
    const v = opts.headers[name];
    return Array.isArray(v) ? undefined : v;
  };
  const ts = h(EXCHANGE_HEADERS.timestamp);
  const t = checkTimestamp(ts, opts.nowMs, opts.windowMs ?? DEFAULT_REPLAY_WINDOW_MS);
  if (t !== 'ok') return { ok: false, reason: 'timestamp' };
  if (!verifyBase64(opts.platformPublicKeyPem, webhookSigningBytes(ts!, opts.body), h(EXCHANGE_HEADERS.signature))) {
    return { ok: false, reason: 'signature' };
  }
  const body = parseJsonObject(typeof opts.body === 'string' ? opts.body : Buffer.from(opts.body).toString('utf8'));
  return body ? { ok: true, body } : { ok: false, reason: 'malformed' };
}
