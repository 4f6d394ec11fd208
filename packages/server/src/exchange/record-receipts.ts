/**
 * A feed reader's receipts (回执) for the messages it read: each names a message addressed to
 * this system and is signed by its registered key. All or nothing, in one transaction with
 * the ledger entries and one audit row; a receipt given before is kept (a retry is harmless).
 * A receipt also marks the message delivered, so a system that reads the feed and has a
 * webhook is not sent it again.
 */
import { receiptSigningText, verifyBase64, type TExchangeReceipt } from '@xietong/core/exchange';
import { utf8 } from '@xietong/core/ledger';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import type { TExchangeSystem } from './authenticate-system';
import { insertReceipt } from './receipts';

export async function recordReceipts(db: TDb, ctx: TAuthedContext, system: TExchangeSystem, receipts: readonly TExchangeReceipt[]): Promise<{ recorded: number; duplicates: number }> {
  for (const r of receipts) {
    if (r.keyId !== system.keyId || !verifyBase64(system.publicKeyPem, utf8(receiptSigningText(r)), r.signature)) {
      throw new AppError('SIGNATURE_INVALID', { message: `回执签名验证失败：消息 ${r.messageId} 的回执未以本系统登记的密钥签名`, details: { messageId: r.messageId } });
    }
  }
  const seqs = [...new Set(receipts.map((r) => r.messageId))];
  if (seqs.some((s) => !/^\d{1,18}$/.test(s))) throw new AppError('NOT_FOUND', { message: '回执所指的消息不存在' });
  return db.transaction().execute(async (tx) => {
    const rows = await tx.selectFrom('exchange_outbox').select(['seq', 'event_id', 'case_id'])
      .where('system_id', '=', system.id).where('seq', 'in', seqs).forUpdate().execute();
    const bySeq = new Map(rows.map((r) => [r.seq, r]));
    const missing = seqs.find((s) => !bySeq.has(s));
    if (missing) throw new AppError('NOT_FOUND', { message: `回执所指的消息 ${missing} 不存在或不是发给本系统的`, details: { messageId: missing } });
    let recorded = 0;
    for (const r of receipts) {
      const o = bySeq.get(r.messageId)!;
      const row = await insertReceipt(tx, {
        direction: 'outbound', system_id: system.id, message_id: r.messageId, outbox_seq: r.messageId, event_id: o.event_id,
        status: r.status, reason: r.reason, signed_text: receiptSigningText(r), signature: Buffer.from(r.signature, 'base64'), signer_key_id: r.keyId,
      });
      if (row) recorded++;
    }
    await tx.updateTable('exchange_outbox').set({ delivered_at: new Date(), last_error: null })
      .where('system_id', '=', system.id).where('seq', 'in', seqs).where('delivered_at', 'is', null).execute();
    await writeAudit(tx, ctx, {
      action: 'exchange.receipt', targetType: 'exchange_system', targetId: system.id,
      details: { messages: seqs.length, recorded, statuses: [...new Set(receipts.map((r) => r.status))] },
    });
    return { recorded, duplicates: receipts.length - recorded };
  });
}
