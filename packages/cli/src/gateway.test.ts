/**
 * Issue 16 acceptance: 1,000 flows go through the gateway (前置机) while the platform server
 * is killed with SIGKILL in the middle and restarted. Every flow the platform acknowledged is
 * in the event log exactly once, the gateway delivers the rest after the restart (it keeps
 * taking work while the platform is down, and a restarted gateway resumes from its journal),
 * each case's flows are applied in the order they were dropped, and the receipts (回执) match
 * the flows one to one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalSigner, generateSm2KeyPair, utf8, verifySignature } from '@xietong/core/ledger';
import { receiptSigningText } from '@xietong/core/exchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../server/src/db/embedded';
import { provideAllEvidence } from '../../server/src/test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv } from '../../server/src/test/harness';
import { platformSigner } from '../../server/src/exchange/platform-signer';
import { startGateway, type TGateway } from './gateway/gateway';

let env: TTestEnv;
let node: ChildProcess | null = null;
let port: number;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-gateway-'));

function startNode(): Promise<ChildProcess> {
  const file = path.resolve(import.meta.dirname, '../../server/src/test/app-node.ts');
  const proc = spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, DATABASE_URL: env.url, XIETONG_DATA_DIR: env.config.dataDir, LOG_LEVEL: 'silent', APP_NODE_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/LISTENING \d+/.test(out)) resolve(proc);
    });
    proc.on('exit', (code, sig) => reject(new Error(`app node exited with ${code ?? sig}`)));
  });
}

/** Waits for a condition (not a timing assertion: the limit only stops a hung run, on a loaded machine). */
async function until(cond: () => boolean | Promise<boolean>, what: string, limit = 12_000): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for: ${what}`);
}

beforeAll(async () => {
  env = await createTestEnv();
  port = await findFreePort();
}, 60_000);
afterAll(async () => {
  node?.kill('SIGKILL');
  await env?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('xietong gateway', () => {
  it('1,000 flows through the gateway, the server SIGKILLed in the middle: each acknowledged flow once, the rest delivered, receipts one to one', async () => {
    const police = await makeAgency(env, { type: 'police' });
    const procId = (await makeAgency(env, { type: 'procuratorate' })).id;
    const admin = await makeUser(env, police.id, ['admin']);
    const handler = await makeUser(env, police.id, ['handler']);
    const keys = generateSm2KeyPair();
    const reg = await as(env, admin).post('/api/exchange/systems', {
      agencyId: police.id, username: `jz-${Date.now()}`, name: '警综平台', roles: ['handler'], publicKeyPem: keys.publicKeyPem, webhookUrl: null,
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const systemUserId: string = reg.json().system.userId;
    // ten 拘留 cases; each flow is a light 拘留后续事项确认 (confirm_custody_steps) with a running number
    const CASES = 10;
    const PER_CASE = 100;
    const instances: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const c = await makeCase(env, handler, { charges: ['theft'] });
      if (i === 0) await provideAllEvidence(env, handler, c.id, ['theft']);
      const s = await as(env, handler).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: procId });
      expect(s.statusCode, s.body).toBe(201);
      expect((await as(env, handler).post(`/api/process-instances/${s.json().id}/actions`, { action: 'record_detention', input: {} })).statusCode).toBe(200);
      instances.push(s.json().id);
    }

    node = await startNode();
    const dropDir = path.join(tmp, 'drop');
    const stateDir = path.join(tmp, 'state');
    const platform = { baseUrl: `http://127.0.0.1:${port}`, apiKey: reg.json().apiKey as string, signer: createLocalSigner(keys.privateKeyPem) };
    let gateway: TGateway = await startGateway({ platform, stateDir, dropDir, httpPort: 0, concurrency: CASES, pollMs: 50 });
    // the agency system drops its flows: file names give the order (interleaved across cases)
    fs.mkdirSync(dropDir, { recursive: true });
    const drop = (n: number) => {
      const i = n % CASES;
      const k = Math.floor(n / CASES) + 1;
      const name = `flow-${String(n).padStart(5, '0')}.json`;
      fs.writeFileSync(path.join(dropDir, `.${name}`), JSON.stringify({ instanceId: instances[i], action: 'confirm_custody_steps', input: { note: `#${k}` } }));
      fs.renameSync(path.join(dropDir, `.${name}`), path.join(dropDir, name));
    };
    const TOTAL = CASES * PER_CASE;
    for (let n = 0; n < 600; n++) drop(n);

    // the server dies (kill -9) in the middle of the stream
    await until(() => gateway.status().done >= 250, '250 flows acknowledged');
    node.kill('SIGKILL');
    await new Promise((r) => node!.once('exit', r));
    const acknowledgedBeforeKill = new Set(gateway.receipts().keys());
    expect(acknowledgedBeforeKill.size).toBeGreaterThanOrEqual(250);
    expect(acknowledgedBeforeKill.size).toBeLessThan(TOTAL);

    // the platform is down: the gateway keeps taking work, from the drop directory and over HTTP
    for (let n = 600; n < TOTAL - 50; n++) drop(n);
    // (two channels have no order between them: the HTTP flows come after the files are taken)
    await until(() => gateway.status().taken === TOTAL - 50, 'the dropped files taken while the platform is down');
    for (let n = TOTAL - 50; n < TOTAL; n++) {
      const i = n % CASES;
      const res = await fetch(`${gateway.url}/flows`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ idempotencyKey: `flow-${String(n).padStart(5, '0')}`, instanceId: instances[i], action: 'confirm_custody_steps', input: { note: `#${Math.floor(n / CASES) + 1}` } }),
      });
      expect(res.status).toBe(202);
    }
    await until(() => gateway.status().taken === TOTAL, 'every flow taken while the platform is down');
    expect(fs.readdirSync(dropDir).filter((n) => n.endsWith('.json'))).toEqual([]);
    expect(gateway.status().platformReachable).toBe(false);

    // the gateway itself restarts too: it resumes from its journal
    await gateway.stop();
    gateway = await startGateway({ platform, stateDir, dropDir, httpPort: 0, concurrency: CASES, pollMs: 50 });
    expect(gateway.status().taken).toBe(TOTAL);

    node = await startNode();
    await until(() => gateway.status().done === TOTAL, 'every flow delivered after the restart');
    const receipts = gateway.receipts();
    await gateway.stop();

    // every flow accepted, each applied exactly once, in the order dropped per case
    expect([...receipts.values()].filter((r) => r.status !== 'accepted').map((r) => r.error)).toEqual([]);
    for (const k of acknowledgedBeforeKill) expect(receipts.get(k)!.status).toBe('accepted');
    const db = env.database.db;
    const events = await db.selectFrom('process_events').select(['id', 'instance_id', 'version', 'input'])
      .where('actor_user_id', '=', systemUserId).orderBy('instance_id').orderBy('version').execute();
    expect(events.length).toBe(TOTAL);
    for (const id of instances) {
      const notes = events.filter((e) => e.instance_id === id).map((e) => (e.input as { note: string }).note);
      expect(notes).toEqual(Array.from({ length: PER_CASE }, (_, k) => `#${k + 1}`));
    }
    // receipts: one per flow in the platform, naming its own event, the same the gateway holds
    const stored = await db.selectFrom('exchange_receipts').selectAll().where('direction', '=', 'inbound').execute();
    expect(stored.length).toBe(TOTAL);
    expect(new Set(stored.map((r) => r.message_id))).toEqual(new Set(receipts.keys()));
    expect(new Set(stored.map((r) => r.event_id))).toEqual(new Set(events.map((e) => e.id)));
    const platformKey = platformSigner(env.config.dataDir);
    for (const r of stored) {
      const held = receipts.get(r.message_id)!;
      expect(held.eventId).toBe(r.event_id);
      expect((held.receipt as { signature: string }).signature).toBe(r.signature.toString('base64'));
      expect(r.signed_text).toBe(receiptSigningText({ messageId: r.message_id, status: r.status, reason: r.reason, at: r.signed_text.split('\n')[4]! }));
      expect(verifySignature('sm2', platformKey.publicKeyPem, utf8(r.signed_text), new Uint8Array(r.signature))).toBe(true);
    }
  }, 1_800_000);
});
