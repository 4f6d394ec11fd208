/**
 * An agency system pushes a flow action (推送流程操作). It goes through exactly the path a
 * user's action takes (processes/act.ts: gate, lock, engine, evidence gate, one transaction
 * with event, audit and ledger entry), keyed by the Idempotency-Key. The answer is the
 * platform's receipt (回执) for that key — accepted with the event, or rejected with the
 * refusal — signed by the platform key and entered in the ledger. A key answered before
 * answers the same receipt; a crash between the action's commit and the receipt's replays the
 * action's stored answer on retry and writes the receipt then, so each key has one receipt.
 */
import { receiptSigningText, signBase64, type TExchangeFlowAction, type TReceiptStatus } from '@xietong/core/exchange';
import { utf8 } from '@xietong/core/ledger';
import type { TDb } from '../db/database';
import type { TIssueDeps } from '../documents/issue-legal-document';
import { AppError } from '../http/app-error';
import { idempotencyOf, withIdempotency } from '../http/idempotency';
import type { TAuthedContext } from '../http/route';
import { actOnProcess, type TRecordedStep } from '../processes/act';
import type { TExchangeSystem } from './authenticate-system';
import { platformSigner } from './platform-signer';
import { insertReceipt, receiptAnswer, type TReceiptRow } from './receipts';

type TAnswer = {
  receipt: ReturnType<typeof receiptAnswer>;
  eventId: string | null;
  instance: { id: string; state: string; version: number } | null;
  errorCode: string | null;
};

function answerOf(r: TReceiptRow, instance: TAnswer['instance'] = null): TAnswer {
  const errorCode = r.status === 'rejected' ? (/^([A-Z_]+):/.exec(r.reason ?? '')?.[1] ?? null) : null;
  return { receipt: receiptAnswer(r), eventId: r.event_id, instance, errorCode };
}

export async function pushExchangeAction(
  db: TDb, ctx: TAuthedContext, system: TExchangeSystem, body: TExchangeFlowAction, key: string | string[] | undefined,
  deps: { issue: TIssueDeps; dataDir: string },
): Promise<TAnswer> {
  if (typeof key !== 'string' || key.length === 0) {
    throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：推送流程操作须带 Idempotency-Key（1–200个字符）', details: { issues: [{ path: 'headers.idempotency-key', message: '必填' }] } });
  }
  const idem = idempotencyOf(ctx.actor.userId, key, { instanceId: body.instanceId, action: body.action, input: body.input, documents: body.documents });
  const prior = await db.selectFrom('exchange_receipts').selectAll()
    .where('direction', '=', 'inbound').where('system_id', '=', system.id).where('message_id', '=', key).executeTakeFirst();
  if (prior) return answerOf(prior);

  let status: TReceiptStatus = 'accepted';
  let reason: string | null = null;
  let instance: TAnswer['instance'] = null;
  let eventId: string | null = null;
  try {
    // the step's own event, state and version: the view is read after its COMMIT and may already show the counterpart's next step
    const recorded: TRecordedStep = {};
    const view = await withIdempotency(() => actOnProcess(db, ctx, body.instanceId, {
      action: body.action, input: body.input, documents: body.documents,
      ...(body.expectedVersion !== undefined ? { expectedVersion: body.expectedVersion } : {}),
      ...(body.evidenceOverrideReason !== undefined ? { evidenceOverrideReason: body.evidenceOverrideReason } : {}),
    }, deps.issue, idem, undefined, recorded));
    if (recorded.eventId) {
      instance = { id: view.id, state: recorded.state!, version: recorded.version! };
      eventId = recorded.eventId;
    } else {
      // a retry whose first copy committed (the node stopped before the receipt): this system's last step on the instance
      const ev = await db.selectFrom('process_events').select(['id', 'to_state', 'version'])
        .where('instance_id', '=', view.id).where('actor_user_id', '=', ctx.actor.userId).orderBy('id', 'desc').executeTakeFirst();
      instance = ev ? { id: view.id, state: ev.to_state, version: ev.version } : { id: view.id, state: view.state, version: view.version };
      eventId = ev?.id ?? null;
    }
  } catch (e) {
    // a refusal the sender must hear about (state, role, guard, input, 404 outside its reach) is
    // a rejected receipt; a key reused for another request is the caller's bug and stays a 4xx
    if (!(e instanceof AppError) || e.status >= 500 || e.code === 'IDEMPOTENCY_KEY_REUSED') throw e;
    status = 'rejected';
    reason = `${e.code}: ${e.userMessage ?? e.message}`;
  }
  const signer = platformSigner(deps.dataDir);
  const at = new Date().toISOString();
  const signedText = receiptSigningText({ messageId: key, status, reason, at });
  const signature = Buffer.from(await signBase64(signer, utf8(signedText)), 'base64');
  const row = await db.transaction().execute((tx) => insertReceipt(tx, {
    direction: 'inbound', system_id: system.id, message_id: key, outbox_seq: null, event_id: eventId,
    status, reason, signed_text: signedText, signature, signer_key_id: signer.keyId,
  }));
  if (row) return answerOf(row, instance);
  // a copy of this request raced us to the receipt: both answer the first one written
  const first = await db.selectFrom('exchange_receipts').selectAll()
    .where('direction', '=', 'inbound').where('system_id', '=', system.id).where('message_id', '=', key).executeTakeFirstOrThrow();
  return answerOf(first, instance);
}
