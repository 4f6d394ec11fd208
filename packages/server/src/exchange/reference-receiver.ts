/**
 * The reference webhook receiver (issue 16): what an agency system must do with a webhook,
 * in one small file. It refuses (401) a payload whose SM2 signature does not cover the exact
 * bytes received or whose timestamp lies outside the replay window; it answers each message
 * with a receipt (回执) signed by its own key; a message delivered twice (a retry after a lost
 * answer) is recorded once and answered with the same receipt.
 * Used by the tests and by `xietong webhook-receiver` (docs/exchange.md).
 */
import http from 'node:http';
import {
  DEFAULT_REPLAY_WINDOW_MS, EXCHANGE_SCHEMAS, receiptSigningText, signBase64, verifyWebhook,
  type TExchangeFlowMessage, type TExchangeReceipt, type TReceiptStatus,
} from '@xietong/core/exchange';
import { utf8, type TSigner } from '@xietong/core/ledger';

export type TReferenceReceiver = {
  url: string;
  /** messages accepted, in arrival order, each once */
  messages: TExchangeFlowMessage[];
  /** refused payloads and why */
  refused: { reason: string }[];
  /** while down, every webhook gets 503 (the receiver's system is offline) */
  setDown(down: boolean): void;
  close(): Promise<void>;
};

export async function startReferenceReceiver(opts: {
  platformPublicKeyPem: string;
  signer: TSigner;
  port?: number;
  host?: string;
  windowMs?: number;
  decide?: (m: TExchangeFlowMessage) => { status: TReceiptStatus; reason?: string };
  onMessage?: (m: TExchangeFlowMessage) => void;
}): Promise<TReferenceReceiver> {
  const messages: TExchangeFlowMessage[] = [];
  const refused: { reason: string }[] = [];
  const receipts = new Map<string, TExchangeReceipt>();
  let down = false;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        };
        if (down) return send(503, { error: 'down' });
        if (req.method !== 'POST') return send(405, { error: 'method' });
        const body = Buffer.concat(chunks);
        const check = verifyWebhook({ body, headers: req.headers, platformPublicKeyPem: opts.platformPublicKeyPem, nowMs: Date.now(), windowMs: opts.windowMs ?? DEFAULT_REPLAY_WINDOW_MS });
        if (!check.ok) {
          refused.push({ reason: check.reason });
          return send(401, { error: check.reason });
        }
        const m = check.body as TExchangeFlowMessage;
        let receipt = receipts.get(m.messageId);
        if (!receipt) {
          const d = opts.decide?.(m) ?? { status: 'accepted' as const };
          const r = { messageId: m.messageId, status: d.status, reason: d.reason ?? null, at: new Date().toISOString() };
          receipt = { schema: EXCHANGE_SCHEMAS.receipt, ...r, keyId: opts.signer.keyId, signature: await signBase64(opts.signer, utf8(receiptSigningText(r))) };
          receipts.set(m.messageId, receipt);
          messages.push(m);
          opts.onMessage?.(m);
        }
        send(200, receipt);
      })().catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const addr = server.address() as { port: number };
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${addr.port}/webhook`,
    messages, refused,
    setDown: (d) => { down = d; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
