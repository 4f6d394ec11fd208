import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLocalSigner, generateSm2KeyPair } from '../ledger';
import { retryDelaySeconds, verifyWebhook } from './delivery';
import { checkTimestamp, EXCHANGE_HEADERS, requestSigningBytes, signBase64, verifyBase64, webhookSigningBytes } from './signing';
import { receiptSigningText, ZExchangeReceipt } from './messages';

const platform = createLocalSigner(generateSm2KeyPair().privateKeyPem);

describe('webhook retry schedule', () => {
  it('waits longer after each failure, never less than 5 s nor more than 10 minutes', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), (n) => {
      const d = retryDelaySeconds(n);
      expect(d).toBeGreaterThanOrEqual(5);
      expect(d).toBeLessThanOrEqual(600);
      expect(retryDelaySeconds(n + 1)).toBeGreaterThanOrEqual(d);
    }));
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([5, 10, 20, 40]);
  });
});

describe('replay window', () => {
  it('accepts a timestamp within five minutes either way and refuses older, newer or malformed ones', () => {
    const now = 1_800_000_000_000;
    expect(checkTimestamp(String(now - 299_000), now)).toBe('ok');
    expect(checkTimestamp(String(now + 299_000), now)).toBe('ok');
    expect(checkTimestamp(String(now - 301_000), now)).toBe('outside_window');
    expect(checkTimestamp(undefined, now)).toBe('malformed');
    expect(checkTimestamp('1e12', now)).toBe('malformed');
    expect(checkTimestamp('-5', now)).toBe('malformed');
  });
});

describe('signatures', () => {
  it('a webhook verifies only with its exact bytes: any changed byte is refused', async () => {
    const body = JSON.stringify({ schema: 'xietong.flow-message/v1', messageId: '7', action: 'accept', note: '受理' });
    const ts = String(Date.now());
    const signature = await signBase64(platform, webhookSigningBytes(ts, body));
    const headers = { [EXCHANGE_HEADERS.timestamp]: ts, [EXCHANGE_HEADERS.signature]: signature };
    expect(verifyWebhook({ body, headers, platformPublicKeyPem: platform.publicKeyPem, nowMs: Number(ts) }).ok).toBe(true);
    const bytes = Buffer.from(body);
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (i, x) => {
      const changed = Buffer.from(bytes);
      changed[i] = changed[i]! ^ x;
      const r = verifyWebhook({ body: changed, headers, platformPublicKeyPem: platform.publicKeyPem, nowMs: Number(ts) });
      expect(r).toEqual({ ok: false, reason: 'signature' });
    }), { numRuns: 25 });
    expect(verifyWebhook({ body, headers, platformPublicKeyPem: platform.publicKeyPem, nowMs: Number(ts) + 600_000 })).toEqual({ ok: false, reason: 'timestamp' });
  });

  it('a request signature covers method, path and body', async () => {
    const ts = '1800000000000';
    const sig = await signBase64(platform, requestSigningBytes(ts, 'POST', '/api/exchange/actions', '{"a":1}'));
    expect(verifyBase64(platform.publicKeyPem, requestSigningBytes(ts, 'POST', '/api/exchange/actions', '{"a":1}'), sig)).toBe(true);
    expect(verifyBase64(platform.publicKeyPem, requestSigningBytes(ts, 'POST', '/api/exchange/receipts', '{"a":1}'), sig)).toBe(false);
    expect(verifyBase64(platform.publicKeyPem, requestSigningBytes(ts, 'POST', '/api/exchange/actions', '{"a":2}'), sig)).toBe(false);
    expect(verifyBase64(platform.publicKeyPem, requestSigningBytes(ts, 'POST', '/api/exchange/actions', '{"a":1}'), 'not base64!')).toBe(false);
  });

  it('a rejected receipt must give its reason; the signed text names every field', () => {
    const base = { schema: 'xietong.receipt/v1', messageId: '1', at: '2026-11-30T10:00:00.000Z', keyId: 'k', signature: 'AA==' };
    expect(ZExchangeReceipt.safeParse({ ...base, status: 'rejected', reason: null }).success).toBe(false);
    expect(ZExchangeReceipt.safeParse({ ...base, status: 'rejected', reason: '重复受理' }).success).toBe(true);
    expect(receiptSigningText({ messageId: '1', status: 'rejected', reason: '重复受理', at: base.at })).toBe('xietong.receipt/v1\n1\nrejected\n重复受理\n2026-11-30T10:00:00.000Z');
  });
});

describe('docs/exchange.md', () => {
  it('every example parses with the schema it names', async () => {
    const fs = await import('node:fs');
    const { ZExchangeFlowAction, ZExchangeFlowMessage } = await import('./messages');
    const doc = fs.readFileSync(new URL('../../../../docs/exchange.md', import.meta.url), 'utf8');
    const schemas: Record<string, { safeParse: (v: unknown) => { success: boolean; error?: unknown } }> = {
      'xietong.flow-action/v1': ZExchangeFlowAction, 'xietong.flow-message/v1': ZExchangeFlowMessage, 'xietong.receipt/v1': ZExchangeReceipt,
    };
    const examples = [...doc.matchAll(/<!-- example: (\S+) -->\n```json\n([\s\S]*?)```/g)];
    expect(examples.map((m) => m[1]).sort()).toEqual(Object.keys(schemas).sort());
    for (const [, name, json] of examples) {
      const r = schemas[name!]!.safeParse(JSON.parse(json!));
      expect(r.success, `${name}: ${JSON.stringify(r.error)}`).toBe(true);
    }
  });
});
