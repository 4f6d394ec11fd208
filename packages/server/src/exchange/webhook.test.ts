/**
 * Issue 16, exchange API: messages addressed to an agency system reach its webhook signed by
 * the platform, in order per case, also after the receiver was down for a while or paused by an
 * administrator; every delivered message yields a receipt signed by the receiver and entered in
 * the ledger, which the sender sees; the reference receiver refuses a changed byte and an old
 * timestamp; the cursor feed serves the same messages to a system without a webhook.
 */
import { createLocalSigner, generateSm2KeyPair, utf8, type TSigner } from '@xietong/core/ledger';
import { EXCHANGE_HEADERS, receiptSigningText, signBase64, verifyBase64, webhookSigningBytes, type TExchangeFlowMessage } from '@xietong/core/exchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrateLedger } from '../ledger/integrate';
import { verifyLedgerDatabase } from '../ledger/verify-database';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';
import { deliverWebhooks } from './deliver-webhooks';
import { exchangeRequest, signReceipt, type TExchangeCredentials } from './exchange-client';
import { platformSigner } from './platform-signer';
import { startReferenceReceiver, type TReferenceReceiver } from './reference-receiver';

let env: TTestEnv;
let base: string;
let receiver: TReferenceReceiver;
let policeAdmin: TTestUser;
let policeSystem: { id: string; creds: TExchangeCredentials };
let procSystem: { id: string; creds: TExchangeCredentials };
let handler: TTestUser, approver: TTestUser, clerk: TTestUser, procHandler: TTestUser;
let procId: string;
const instanceIds: string[] = [];

async function registerSystem(admin: TTestUser, agencyId: string, webhookUrl: string | null, roles: string[]): Promise<{ id: string; creds: TExchangeCredentials; signer: TSigner }> {
  const keys = generateSm2KeyPair();
  const signer = createLocalSigner(keys.privateKeyPem);
  const res = await as(env, admin).post('/api/exchange/systems', {
    agencyId, username: `sys-${Math.random().toString(36).slice(2, 10)}`, name: '业务系统', roles, publicKeyPem: keys.publicKeyPem, webhookUrl,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().system.id, creds: { baseUrl: base, apiKey: res.json().apiKey, signer }, signer };
}

const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

beforeAll(async () => {
  env = await createTestEnv();
  await env.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(env.app.server.address() as { port: number }).port}`;
  const police = await makeAgency(env, { type: 'police' });
  const cityProc = await makeAgency(env, { type: 'procuratorate', level: 'city', regionCode: '220100' });
  procId = (await makeAgency(env, { type: 'procuratorate', parentId: cityProc.id })).id;
  policeAdmin = await makeUser(env, police.id, ['admin']);
  const procAdmin = await makeUser(env, procId, ['admin']);
  handler = await makeUser(env, police.id, ['handler']);
  approver = await makeUser(env, police.id, ['approver']);
  clerk = await makeUser(env, procId, ['clerk']);
  procHandler = await makeUser(env, procId, ['handler']);
  const platform = platformSigner(env.config.dataDir);
  const receiverKeys = generateSm2KeyPair();
  receiver = await startReferenceReceiver({ platformPublicKeyPem: platform.publicKeyPem, signer: createLocalSigner(receiverKeys.privateKeyPem) });
  // the police system's registered key is the one the reference receiver signs receipts with
  const res = await as(env, policeAdmin).post('/api/exchange/systems', {
    agencyId: police.id, username: `sys-police-${Date.now()}`, name: '警综平台', roles: ['handler'], publicKeyPem: receiverKeys.publicKeyPem, webhookUrl: receiver.url,
  });
  expect(res.statusCode, res.body).toBe(201);
  policeSystem = { id: res.json().system.id, creds: { baseUrl: base, apiKey: res.json().apiKey, signer: createLocalSigner(receiverKeys.privateKeyPem) } };
  // the procuratorate's 统一业务应用系统 reads the feed (no webhook)
  procSystem = await registerSystem(procAdmin, procId, null, ['clerk']);
  // three cases: 提请批准逮捕 sent by the police (messages to the procuratorate's feed), then
  // 受理 and 审查 by the procuratorate (two messages per case to the police webhook)
  for (let i = 0; i < 3; i++) {
    const c = await makeCase(env, handler, { charges: ['theft'] });
    await provideAllEvidence(env, handler, c.id, ['theft']);
    const s = await as(env, handler).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: procId });
    expect(s.statusCode, s.body).toBe(201);
    instanceIds.push(s.json().id);
    expect((await as(env, handler).post(`/api/process-instances/${s.json().id}/actions`, { action: 'record_detention', input: {} })).statusCode).toBe(200);
    const sub = await as(env, approver).post(`/api/process-instances/${s.json().id}/actions`, { action: 'submit', input: { custody: 'detained' } });
    expect(sub.statusCode, sub.body).toBe(200);
  }
}, 120_000);
afterAll(async () => {
  await receiver?.close();
  await env?.close();
});

describe('webhook delivery', () => {
  it('a receiver down for a while, then paused, gets every message once it is back, in order per case, each with a signed receipt', async () => {
    receiver.setDown(true);
    for (const id of instanceIds) {
      expect((await as(env, clerk).post(`/api/process-instances/${id}/actions`, { action: 'accept', input: {} })).statusCode).toBe(200);
      expect((await as(env, procHandler).post(`/api/process-instances/${id}/actions`, { action: 'start_review', input: {} })).statusCode).toBe(200);
    }
    const db = env.database.db;
    const queued = await db.selectFrom('exchange_outbox').selectAll().where('system_id', '=', policeSystem.id).orderBy('seq').execute();
    expect(queued.map((q) => q.instance_id)).toEqual(instanceIds.flatMap((id) => [id, id]));

    // down: only the first message of each case is tried; the second waits behind it
    const first = await deliverWebhooks(db, { dataDir: env.config.dataDir });
    expect(first).toEqual({ delivered: 0, failed: 3 });
    const afterFail = await db.selectFrom('exchange_outbox').selectAll().where('system_id', '=', policeSystem.id).orderBy('seq').execute();
    expect(afterFail.map((r) => r.attempts)).toEqual([1, 0, 1, 0, 1, 0]);
    expect(afterFail.filter((r) => r.attempts === 1).every((r) => r.next_attempt_at > new Date() && r.last_error === 'HTTP 503')).toBe(true);
    // still down at the next retry: the backoff doubles
    expect(await deliverWebhooks(db, { dataDir: env.config.dataDir, now: later(1) })).toEqual({ delivered: 0, failed: 3 });

    // the administrator pauses the receiver; back up, it still gets nothing while paused
    const pause = await as(env, policeAdmin).patch(`/api/exchange/systems/${policeSystem.id}`, { webhookPaused: true });
    expect(pause.statusCode, pause.body).toBe(200);
    expect(pause.json().backlog).toBe(6);
    receiver.setDown(false);
    expect(await deliverWebhooks(db, { dataDir: env.config.dataDir, now: later(60) })).toEqual({ delivered: 0, failed: 0 });
    expect(receiver.messages).toEqual([]);
    expect((await as(env, policeAdmin).patch(`/api/exchange/systems/${policeSystem.id}`, { webhookPaused: false })).statusCode).toBe(200);

    // resumed: everything arrives, each case's messages in the order they happened
    let total = 0;
    for (let pass = 0; pass < 10; pass++) {
      const r = await deliverWebhooks(db, { dataDir: env.config.dataDir, now: later(60) });
      expect(r.failed).toBe(0);
      total += r.delivered;
      if (r.delivered === 0) break;
    }
    expect(total).toBe(6);
    expect(receiver.messages.map((m) => m.messageId).sort()).toEqual(queued.map((q) => q.seq).sort());
    for (const id of instanceIds) {
      const mine = receiver.messages.filter((m) => m.instanceId === id);
      expect(mine.map((m) => m.action)).toEqual(['accept', 'start_review']);
      expect(mine[0]!.version).toBeLessThan(mine[1]!.version);
      expect(mine[0]!.case.schema).toBe('xietong.case/v1');
    }
    expect(receiver.messages[0]!.actorAgencyId).toBe(procId);

    // receipts: one per message, signed by the receiver's registered key, in the ledger
    const receipts = await db.selectFrom('exchange_receipts').selectAll().where('system_id', '=', policeSystem.id).execute();
    expect(receipts.map((r) => r.outbox_seq).sort()).toEqual(queued.map((q) => q.seq).sort());
    expect(receipts.every((r) => r.status === 'accepted')).toBe(true);
    const entries = await db.selectFrom('ledger_entries').select('ref_id').where('ref_table', '=', 'exchange_receipts').execute();
    expect(new Set(entries.map((e) => e.ref_id))).toEqual(new Set(receipts.map((r) => r.id)));
    await integrateLedger(db, { wait: true });
    expect((await verifyLedgerDatabase(db)).status).toBe('intact');
  }, 120_000);

  it('the sender sees the receipts for what it sent, and can check each signature', async () => {
    const res = await exchangeRequest(procSystem.creds, 'GET', '/api/exchange/receipts');
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const list = (res.json as { receipts: { direction: string; status: string; signedText: string; signature: string; signerAgencyId: string }[] }).receipts;
    const outbound = list.filter((r) => r.direction === 'outbound');
    expect(outbound.length).toBe(6);
    for (const r of outbound) {
      expect(verifyBase64(policeSystem.creds.signer.publicKeyPem, utf8(r.signedText), r.signature)).toBe(true);
    }
    // a person of the procuratorate sees them on the case; someone outside the case gets 404
    const caseId = (await env.database.db.selectFrom('process_instances').select('case_id').where('id', '=', instanceIds[0]!).executeTakeFirstOrThrow()).case_id;
    const onCase = await as(env, clerk).get(`/api/cases/${caseId}/exchange-receipts`);
    expect(onCase.statusCode, onCase.body).toBe(200);
    expect(onCase.json().receipts.filter((r: { status: string }) => r.status === 'accepted').map((r: { action: string }) => r.action)).toEqual(['accept', 'start_review']);
    const stranger = await makeUser(env, (await makeAgency(env, { type: 'court' })).id, ['handler']);
    expect((await as(env, stranger).get(`/api/cases/${caseId}/exchange-receipts`)).statusCode).toBe(404);
  });

  it('the reference receiver refuses a payload with a changed byte or an old timestamp', async () => {
    const platform = platformSigner(env.config.dataDir);
    const message = { ...receiver.messages[0]!, messageId: '999999' } satisfies TExchangeFlowMessage;
    const body = JSON.stringify(message);
    const post = async (ts: string, payload: string, signedBody = payload) => fetch(receiver.url, {
      method: 'POST', body: payload,
      headers: { 'content-type': 'application/json', [EXCHANGE_HEADERS.timestamp]: ts, [EXCHANGE_HEADERS.signature]: await signBase64(platform, webhookSigningBytes(ts, signedBody)) },
    });
    const before = receiver.messages.length;
    const changed = body.replace('"accept"', '"acceqt"');
    expect(changed).not.toBe(body);
    const r1 = await post(String(Date.now()), changed, body);
    expect(r1.status).toBe(401);
    expect(await r1.json()).toEqual({ error: 'signature' });
    const r2 = await post(String(Date.now() - 10 * 60_000), body);
    expect(r2.status).toBe(401);
    expect(await r2.json()).toEqual({ error: 'timestamp' });
    expect(receiver.messages.length).toBe(before);
    // the untouched payload, fresh, is accepted and answered with a receipt it signed
    const ok = await post(String(Date.now()), body);
    expect(ok.status).toBe(200);
    const receipt = await ok.json() as { messageId: string; status: 'accepted'; reason: null; at: string; signature: string };
    expect(verifyBase64(policeSystem.creds.signer.publicKeyPem, utf8(receiptSigningText(receipt)), receipt.signature)).toBe(true);
  });
});

describe('cursor feed and signed requests', () => {
  it('the feed serves the messages addressed to the system after the cursor; its receipts are verified and recorded once', async () => {
    const page1 = await exchangeRequest(procSystem.creds, 'GET', '/api/exchange/feed?cursor=0&limit=2');
    expect(page1.status, JSON.stringify(page1.json)).toBe(200);
    const p1 = page1.json as { messages: TExchangeFlowMessage[]; nextCursor: string };
    expect(p1.messages.map((m) => m.action)).toEqual(['submit', 'submit']);
    const page2 = await exchangeRequest(procSystem.creds, 'GET', `/api/exchange/feed?cursor=${p1.nextCursor}&limit=100`);
    const p2 = page2.json as { messages: TExchangeFlowMessage[]; nextCursor: string };
    expect(p2.messages.map((m) => m.action)).toEqual(['submit']);
    const all = [...p1.messages, ...p2.messages];
    expect(all.map((m) => m.instanceId)).toEqual(instanceIds);
    const receipts = await Promise.all(all.map((m, i) => signReceipt(procSystem.creds.signer, m.messageId, i === 2 ? 'rejected' : 'received', i === 2 ? '本院已另案受理' : null)));
    const r = await exchangeRequest(procSystem.creds, 'POST', '/api/exchange/receipts', { receipts });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toEqual({ recorded: 3, duplicates: 0 });
    expect((await exchangeRequest(procSystem.creds, 'POST', '/api/exchange/receipts', { receipts })).json).toEqual({ recorded: 0, duplicates: 3 });
    // a receipt signed by another key is refused
    const stranger = createLocalSigner(generateSm2KeyPair().privateKeyPem);
    const forged = { ...(await signReceipt(stranger, all[0]!.messageId, 'accepted')), keyId: procSystem.creds.signer.keyId };
    const bad = await exchangeRequest(procSystem.creds, 'POST', '/api/exchange/receipts', { receipts: [forged] });
    expect(bad.status).toBe(422);
    expect((bad.json as { error: { code: string } }).error.code).toBe('SIGNATURE_INVALID');
    // the police see the procuratorate's receipts for their 提请, the rejection with its reason
    const seen = await exchangeRequest(policeSystem.creds, 'GET', '/api/exchange/receipts');
    const statuses = (seen.json as { receipts: { direction: string; status: string; reason: string | null }[] }).receipts.filter((x) => x.direction === 'outbound');
    expect(statuses.map((s) => s.status).sort()).toEqual(['received', 'received', 'rejected']);
    expect(statuses.find((s) => s.status === 'rejected')!.reason).toBe('本院已另案受理');
  });

  it('refuses an unsigned request, a wrong signature and an old timestamp with EXCHANGE_AUTH_FAILED', async () => {
    const unsigned = await fetch(`${base}/api/exchange/feed`);
    expect(unsigned.status).toBe(401);
    expect((await unsigned.json() as { error: { code: string; message: string } }).error.code).toBe('EXCHANGE_AUTH_FAILED');
    const other = createLocalSigner(generateSm2KeyPair().privateKeyPem);
    const wrong = await exchangeRequest({ ...procSystem.creds, signer: other }, 'GET', '/api/exchange/feed');
    expect(wrong.status).toBe(401);
    expect((wrong.json as { error: { details: { reason: string } } }).error.details.reason).toBe('signature');
    const ts = String(Date.now() - 60 * 60_000);
    const sig = await signBase64(procSystem.creds.signer, utf8(`${ts}\nGET\n/api/exchange/feed\n`));
    const old = await fetch(`${base}/api/exchange/feed`, { headers: { [EXCHANGE_HEADERS.key]: procSystem.creds.apiKey, [EXCHANGE_HEADERS.timestamp]: ts, [EXCHANGE_HEADERS.signature]: sig } });
    expect(old.status).toBe(401);
    expect((await old.json() as { error: { details: { reason: string } } }).error.details.reason).toBe('timestamp');
  });

  it('a pushed action goes through the same checks as a user action: a refusal is a rejected receipt, a retry answers the same receipt', async () => {
    const push = (key: string, action: string) => exchangeRequest(procSystem.creds, 'POST', '/api/exchange/actions',
      { schema: 'xietong.flow-action/v1', instanceId: instanceIds[0], action, input: {} }, { 'idempotency-key': key });
    // the procuratorate's clerk may not 批准 (approve): refused by the engine as for a person
    const refused = await push('k-approve-1', 'approve');
    expect(refused.status, JSON.stringify(refused.json)).toBe(200);
    const rj = refused.json as { receipt: { status: string; reason: string; signature: string }; errorCode: string };
    expect(rj.receipt.status).toBe('rejected');
    expect(rj.errorCode).toMatch(/^PROCESS_/);
    expect((await push('k-approve-1', 'approve')).json).toEqual(refused.json);
    const noKey = await exchangeRequest(procSystem.creds, 'POST', '/api/exchange/actions', { schema: 'xietong.flow-action/v1', instanceId: instanceIds[0], action: 'approve', input: {} });
    expect(noKey.status).toBe(400);
  });

  it('an accepted push: its receipt names the event its step wrote, and a retry answers the same receipt', async () => {
    const c = await makeCase(env, handler, { charges: ['theft'] });
    await provideAllEvidence(env, handler, c.id, ['theft']);
    const s = await as(env, handler).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: procId });
    expect(s.statusCode, s.body).toBe(201);
    const id = s.json().id as string;
    expect((await as(env, handler).post(`/api/process-instances/${id}/actions`, { action: 'record_detention', input: {} })).statusCode).toBe(200);
    expect((await as(env, approver).post(`/api/process-instances/${id}/actions`, { action: 'submit', input: { custody: 'detained' } })).statusCode).toBe(200);
    // the procuratorate's case system accepts (受理) through the exchange
    const body = { schema: 'xietong.flow-action/v1', instanceId: id, action: 'accept', input: {} };
    const pushed = await exchangeRequest(procSystem.creds, 'POST', '/api/exchange/actions', body, { 'idempotency-key': 'k-accept-1' });
    expect(pushed.status, JSON.stringify(pushed.json)).toBe(200);
    expect((pushed.json as { receipt: { status: string } }).receipt.status).toBe('accepted');
    const db = env.database.db;
    const event = await db.selectFrom('process_events').select(['id', 'version']).where('instance_id', '=', id).where('action', '=', 'accept').executeTakeFirstOrThrow();
    const receipt = await db.selectFrom('exchange_receipts').select('event_id').where('direction', '=', 'inbound').where('message_id', '=', 'k-accept-1').executeTakeFirstOrThrow();
    expect(receipt.event_id).toBe(event.id);
    expect((pushed.json as { instance: unknown }).instance).toEqual({ id, state: 'ACCEPTED', version: event.version });
    const retry = await exchangeRequest(procSystem.creds, 'POST', '/api/exchange/actions', body, { 'idempotency-key': 'k-accept-1' });
    expect((retry.json as { receipt: unknown }).receipt).toEqual((pushed.json as { receipt: unknown }).receipt);
    expect(await db.selectFrom('process_events').select('id').where('instance_id', '=', id).where('action', '=', 'accept').execute()).toHaveLength(1);
  });
});

describe('hostile input on the signed routes', () => {
  it('NUL bytes, lone surrogates, wrong types and other agencies\' ids answer a catalogue 4xx, never a 5xx', async () => {
    const outsider = await makeAgency(env, { type: 'police' });
    const outsiderUser = await makeUser(env, outsider.id, ['handler']);
    const foreignCase = await makeCase(env, outsiderUser);
    const foreign = await as(env, outsiderUser).post(`/api/cases/${foreignCase.id}/processes`, { code: 'arrest', receiverAgencyId: procId });
    expect(foreign.statusCode, foreign.body).toBe(201);
    const bodies: unknown[] = [
      { schema: 'xietong.flow-action/v1', instanceId: instanceIds[0], action: 'acc\u0000ept', input: {} },
      { schema: 'xietong.flow-action/v1', instanceId: instanceIds[0], action: 'accept', input: { note: 'x\ud800' } },
      { schema: 'xietong.flow-action/v1', instanceId: 'not-a-uuid', action: 'accept' },
      { schema: 'xietong.flow-action/v2', instanceId: instanceIds[0], action: 'accept' },
      { schema: 'xietong.flow-action/v1', instanceId: instanceIds[0], action: 42 },
      [], 'text', null,
    ];
    for (const [i, body] of bodies.entries()) {
      const r = await exchangeRequest(procSystem.creds, 'POST', '/api/exchange/actions', body, { 'idempotency-key': `hostile-${i}` });
      expect(r.status, JSON.stringify(r.json)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect((r.json as { error: { message: string } }).error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    // another agency's instance, outside the caller's reach: a rejected receipt saying 不存在, the instance untouched
    const before = await env.database.db.selectFrom('process_instances').select(['version', 'state']).where('id', '=', foreign.json().id).executeTakeFirstOrThrow();
    const r = await exchangeRequest(procSystem.creds, 'POST', '/api/exchange/actions', { schema: 'xietong.flow-action/v1', instanceId: foreign.json().id, action: 'accept', input: {} }, { 'idempotency-key': 'foreign-1' });
    expect((r.json as { errorCode: string }).errorCode).toBe('NOT_FOUND');
    expect(await env.database.db.selectFrom('process_instances').select(['version', 'state']).where('id', '=', foreign.json().id).executeTakeFirstOrThrow()).toEqual(before);
    for (const q of ['cursor=%00', 'cursor=-1', 'cursor=99999999999999999999', 'limit=0', 'cursor=1&limit=abc']) {
      const f = await exchangeRequest(procSystem.creds, 'GET', `/api/exchange/feed?${q}`);
      expect(f.status, q).toBe(400);
    }
    // a receipt for a message addressed to another system
    const theirs = await env.database.db.selectFrom('exchange_outbox').select('seq').where('system_id', '=', policeSystem.id).executeTakeFirstOrThrow();
    const rc = await exchangeRequest(procSystem.creds, 'POST', '/api/exchange/receipts', { receipts: [await signReceipt(procSystem.creds.signer, theirs.seq, 'accepted')] });
    expect(rc.status).toBe(404);
    const nul = await exchangeRequest(procSystem.creds, 'POST', '/api/exchange/receipts', { receipts: [{ ...(await signReceipt(procSystem.creds.signer, theirs.seq, 'rejected', 'a\u0000b')) }] });
    expect(nul.status).toBe(400);
    // an administrator of another agency cannot see or pause this agency's system
    const otherAdmin = await makeUser(env, outsider.id, ['admin']);
    expect((await as(env, otherAdmin).patch(`/api/exchange/systems/${policeSystem.id}`, { webhookPaused: true })).statusCode).toBe(404);
    expect((await as(env, otherAdmin).get('/api/exchange/systems')).json().items).toEqual([]);
  });
});
