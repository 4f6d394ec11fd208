/**
 * Webhook delivery (推送): messages in the outbox go to each receiving system's webhook, signed
 * by the platform key over timestamp and body. Safe with several app nodes: the rows a node
 * sends are locked (FOR UPDATE SKIP LOCKED), and only the first undelivered message of each
 * (system, case) is a candidate, so a case's messages arrive in order and one that fails
 * holds back the rest of its case, not other cases. A delivery counts when the receiver
 * answers 2xx with a receipt (回执) signed by its registered key; the receipt and the delivery
 * are written together. Failures back off (delivery.ts retryDelaySeconds); an administrator can
 * pause a receiver (webhook_paused) and its messages wait.
 */
import {
  EXCHANGE_HEADERS, parseJsonObject, receiptSigningText, retryDelaySeconds, signBase64, verifyBase64, webhookSigningBytes, ZExchangeReceipt,
} from '@xietong/core/exchange';
import { utf8 } from '@xietong/core/ledger';
import { sql } from 'kysely';
import type { TDb, TTx } from '../db/database';
import { loadFlowMessages } from './load-messages';
import { platformSigner } from './platform-signer';
import { insertReceipt } from './receipts';

type TCandidate = { seq: string; event_id: string; system_id: string; webhook_url: string; public_key_pem: string; key_id: string; attempts: number };

export type TDeliveryOptions = {
  dataDir: string;
  /** the clock retries are scheduled on (tests pass a later time instead of waiting) */
  now?: Date;
  batch?: number;
  timeoutMs?: number;
};

/** One pass: delivers what is due, returns how many were delivered and how many failed. */
export async function deliverWebhooks(db: TDb, opts: TDeliveryOptions): Promise<{ delivered: number; failed: number }> {
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (tx) => {
    const { rows } = await sql<TCandidate>`
      SELECT o.seq, o.event_id, o.system_id, s.webhook_url, s.public_key_pem, s.key_id, o.attempts
      FROM exchange_outbox o JOIN exchange_systems s ON s.id = o.system_id
      WHERE o.delivered_at IS NULL AND o.next_attempt_at <= ${now}
        AND s.webhook_url IS NOT NULL AND NOT s.webhook_paused AND NOT s.disabled
        AND NOT EXISTS (SELECT 1 FROM exchange_outbox p WHERE p.system_id = o.system_id AND p.case_id = o.case_id
                        AND p.delivered_at IS NULL AND p.seq < o.seq)
      ORDER BY o.seq LIMIT ${opts.batch ?? 50}
      FOR UPDATE OF o SKIP LOCKED`.execute(tx);
    if (!rows.length) return { delivered: 0, failed: 0 };
    const messages = await loadFlowMessages(tx, rows);
    const outcomes = await Promise.all(rows.map((r, i) => deliverOne(tx, r, JSON.stringify(messages[i]), now, opts)));
    return { delivered: outcomes.filter(Boolean).length, failed: outcomes.filter((x) => !x).length };
  });
}

async function deliverOne(tx: TTx, r: TCandidate, body: string, now: Date, opts: TDeliveryOptions): Promise<boolean> {
  const signer = platformSigner(opts.dataDir);
  const ts = String(Date.now());
  let error: string;
  try {
    const res = await fetch(r.webhook_url, {
      method: 'POST', body, redirect: 'error', signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      headers: {
        'content-type': 'application/json', [EXCHANGE_HEADERS.timestamp]: ts, [EXCHANGE_HEADERS.keyId]: signer.keyId,
        [EXCHANGE_HEADERS.signature]: await signBase64(signer, webhookSigningBytes(ts, body)),
      },
    });
    const text = (await res.text()).slice(0, 10_000);
    if (!res.ok) {
      error = `HTTP ${res.status}`;
    } else {
      const parsed = ZExchangeReceipt.safeParse(parseJsonObject(text));
      if (!parsed.success) error = 'answer is not a receipt (xietong.receipt/v1)';
      else if (parsed.data.messageId !== r.seq) error = `receipt names message ${parsed.data.messageId}, not ${r.seq}`;
      else if (parsed.data.keyId !== r.key_id || !verifyBase64(r.public_key_pem, utf8(receiptSigningText(parsed.data)), parsed.data.signature)) {
        error = 'receipt signature does not verify with the registered key';
      } else {
        const rc = parsed.data;
        await insertReceipt(tx, {
          direction: 'outbound', system_id: r.system_id, message_id: r.seq, outbox_seq: r.seq, event_id: r.event_id,
          status: rc.status, reason: rc.reason, signed_text: receiptSigningText(rc), signature: Buffer.from(rc.signature, 'base64'), signer_key_id: rc.keyId,
        });
        await tx.updateTable('exchange_outbox').set({ delivered_at: now, attempts: r.attempts + 1, last_error: null }).where('seq', '=', r.seq).execute();
        return true;
      }
    }
  } catch (e) {
    error = (e as Error).message || String(e);
  }
  const attempts = r.attempts + 1;
  await tx.updateTable('exchange_outbox')
    .set({ attempts, last_error: error.slice(0, 500), next_attempt_at: new Date(now.getTime() + retryDelaySeconds(attempts) * 1000) })
    .where('seq', '=', r.seq).execute();
  return false;
}

/** The background runner beside the sweeps: a pass every `intervalMs`, never two at once in one process. */
export function startWebhookRunner(db: TDb, dataDir: string, log: (m: string) => void, intervalMs = 2000): { stop: () => Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = (async () => {
      // drain what is due: each pass moves every case on by one message
      for (let i = 0; i < 100; i++) {
        const r = await deliverWebhooks(db, { dataDir });
        if (r.delivered === 0) break;
      }
    })().catch((e: unknown) => log(`webhook delivery failed: ${String(e)}`)).finally(() => { running = null; });
  }, intervalMs);
  timer.unref();
  return { stop: async () => { clearInterval(timer); await running; } };
}
