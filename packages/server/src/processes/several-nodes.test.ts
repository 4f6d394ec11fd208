/**
 * Several app nodes on one PostgreSQL (issue 13): two server processes serve the same
 * instances at the same time. Afterwards every acknowledged transition is in the event log
 * exactly once (a race on one step: one 200, one 409), the 文号 of each agency's series are
 * distinct and gapless, the 待办 and the counts agree, and the ledger verifies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrateLedger } from '../ledger/integrate';
import { verifyLedgerDatabase } from '../ledger/verify-database';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, login, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
const nodes: { proc: ChildProcess; base: string }[] = [];

function startNode(url: string, dataDir: string): Promise<{ proc: ChildProcess; base: string }> {
  const file = path.resolve(import.meta.dirname, '../test/app-node.ts');
  const proc = spawn(process.execPath, ['--import', 'tsx', file], {
    // a session is trusted for 10 minutes on a node: only the revocation itself can end it sooner
    env: { ...process.env, DATABASE_URL: url, XIETONG_DATA_DIR: dataDir, LOG_LEVEL: 'silent', XIETONG_SESSION_CACHE_SECONDS: '600' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) resolve({ proc, base: `http://127.0.0.1:${m[1]}` });
    });
    proc.on('exit', (code) => reject(new Error(`app node exited with ${code}`)));
  });
}

beforeAll(async () => {
  env = await createTestEnv();
  nodes.push(...(await Promise.all([startNode(env.url, env.config.dataDir), startNode(env.url, env.config.dataDir)])));
}, 60_000);
afterAll(async () => {
  for (const n of nodes) n.proc.kill('SIGTERM');
  await env.close();
});

type TUser = TTestUser;
async function post(node: number, u: TUser, p: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${nodes[node]!.base}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: u.cookie }, body: JSON.stringify(body) });
  return { status: r.status, json: await r.json() as Record<string, unknown> };
}

async function me(node: number, cookie: string): Promise<number> {
  return (await fetch(`${nodes[node]!.base}/api/me`, { headers: { cookie } })).status;
}

/** The other node hears of a revocation from PostgreSQL (NOTIFY at COMMIT), not from a clock: wait for it, bounded. */
async function refusedSoon(node: number, cookie: string): Promise<number> {
  let status = await me(node, cookie);
  for (let i = 0; i < 100 && status === 200; i++) {
    await new Promise((r) => setTimeout(r, 50));
    status = await me(node, cookie);
  }
  return status;
}

describe('two app nodes on one database', () => {
  it('等保 §8.1.4: a logout and a lockout on node A end the session on node B too, though B cached it for 10 minutes', async () => {
    const agencyId = (await makeAgency(env, { type: 'police' })).id;
    // logout: the session B served a moment ago is refused by B once A has ended it
    const u = await makeUser(env, agencyId, ['handler']);
    expect(await me(1, u.cookie)).toBe(200);
    expect(await me(1, u.cookie)).toBe(200);
    expect((await post(0, u, '/api/auth/logout', {})).status).toBe(200);
    expect(await refusedSoon(1, u.cookie)).toBe(401);
    // lockout: wrong current passwords through A lock the account; its other session, on B, ends
    const v = await makeUser(env, agencyId, ['handler']);
    const other = { ...v, cookie: await login(env, v.username, v.password) };
    expect(await me(1, other.cookie)).toBe(200);
    let last = 0;
    for (let i = 0; i < env.config.lockoutThreshold && last !== 423 && last !== 401; i++) {
      last = (await post(0, v, '/api/auth/password', { currentPassword: 'wrong-password-1A!', newPassword: 'Another-password-2B!' })).status;
    }
    expect(await refusedSoon(1, other.cookie)).toBe(401);
    // a session nobody revoked is still served by both nodes
    const w = await makeUser(env, agencyId, ['handler']);
    expect([await me(0, w.cookie), await me(1, w.cookie)]).toEqual([200, 200]);
  }, 60_000);

  it('CPL 105: a holiday entered on node A moves the deadlines node B computes at once, though B had the calendar cached', async () => {
    const { createUser } = await import('../users/create-user');
    const plc = await makeAgency(env, { type: 'plc', level: 'province', regionCode: '220000' });
    await createUser(env.database.db, { actor: null, ip: null, userAgent: 't' }, { username: 'nodecaladmin', displayName: '管理员', agencyId: plc.id, roles: ['admin'], password: 'cal-admin-pass-1', platformAdmin: true });
    const admin = { cookie: await login(env, 'nodecaladmin', 'cal-admin-pass-1') };
    const u = await makeUser(env, (await makeAgency(env, { type: 'police' })).id, ['handler']);
    // 2031-06-09 is a Monday; a 7-day period from 2031-06-02 ends that day
    const due = async (node: number) => (await post(node, u, '/api/deadlines/calculate', { start: '2031-06-02', amount: 7, unit: 'day', inCustody: false })).json.due;
    expect([await due(0), await due(1), await due(1)]).toEqual(['2031-06-09', '2031-06-09', '2031-06-09']);
    const put = await fetch(`${nodes[0]!.base}/api/calendar/overrides`, { method: 'PUT', headers: { 'content-type': 'application/json', cookie: admin.cookie }, body: JSON.stringify({ date: '2031-06-09', kind: 'holiday', note: '测试假日' }) });
    expect(put.status).toBe(200);
    expect(await due(0)).toBe('2031-06-10');
    // B hears of it by NOTIFY at COMMIT: bounded wait, never the cache's age
    let b = await due(1);
    for (let i = 0; i < 100 && b !== '2031-06-10'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      b = await due(1);
    }
    expect(b).toBe('2031-06-10');
  }, 60_000);

  it('CPL 87: racing and interleaved 提请/受理 through two processes lose no update and give no duplicate 文号', async () => {
    const cityProc = await makeAgency(env, { type: 'procuratorate', level: 'city', regionCode: '220100' });
    const procId = (await makeAgency(env, { type: 'procuratorate', parentId: cityProc.id })).id;
    const policeId = (await makeAgency(env, { type: 'police' })).id;
    const handler = await makeUser(env, policeId, ['handler']);
    const approver = await makeUser(env, policeId, ['approver']);
    const clerk = await makeUser(env, procId, ['clerk']);
    const N = 8;
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const c = await makeCase(env, handler, { charges: ['theft'] });
      await provideAllEvidence(env, handler, c.id, ['theft']);
      const s = await as(env, handler).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: procId });
      expect(s.statusCode, s.body).toBe(201);
      ids.push(s.json().id);
    }
    // 拘留 through alternating nodes, all at once
    const detained = await Promise.all(ids.map((id, i) => post(i % 2, handler, `/api/process-instances/${id}/actions`, { action: 'record_detention', input: {} })));
    expect(detained.map((r) => r.status)).toEqual(ids.map(() => 200));
    // 提请: the same step sent to both nodes at once for every instance (16 racing requests)
    const raced = await Promise.all(ids.flatMap((id) => [0, 1].map((n) => post(n, approver, `/api/process-instances/${id}/actions`, { action: 'submit', input: { custody: 'detained' } }))));
    for (let i = 0; i < N; i++) {
      const pair = [raced[2 * i]!.status, raced[2 * i + 1]!.status].sort();
      expect(pair, JSON.stringify([raced[2 * i]!.json, raced[2 * i + 1]!.json])).toEqual([200, 409]);
    }
    // 受理 (a 受案号 each) through alternating nodes
    const accepted = await Promise.all(ids.map((id, i) => post((i + 1) % 2, clerk, `/api/process-instances/${id}/actions`, { action: 'accept', input: {} })));
    expect(accepted.map((r) => r.status)).toEqual(ids.map(() => 200));

    const db = env.database.db;
    // every acknowledged transition once: start, record_detention, submit, accept per instance
    const events = await db.selectFrom('process_events').select(['instance_id', 'action', 'version']).where('instance_id', 'in', ids).execute();
    for (const id of ids) {
      expect(events.filter((e) => e.instance_id === id).map((e) => e.action).sort()).toEqual(['accept', 'record_detention', 'start', 'submit']);
    }
    const states = await db.selectFrom('process_instances').select(['state', 'version']).where('id', 'in', ids).execute();
    expect(states.every((s) => s.state === 'ACCEPTED' && s.version === 4)).toBe(true);
    // 文号: distinct and gapless per agency series (the law wants no gaps)
    const docs = await db.selectFrom('process_documents').select(['agency_id', 'doc_type', 'number']).where('instance_id', 'in', ids).where('number', 'is not', null).execute();
    expect(docs.length).toBeGreaterThanOrEqual(N);
    const bySeries = new Map<string, number[]>();
    for (const d of docs) {
      const n = Number(/(\d+)号$/.exec(d.number!)?.[1]);
      const k = `${d.agency_id}|${d.number!.replace(/\d+号$/, '')}`;
      bySeries.set(k, [...(bySeries.get(k) ?? []), n]);
    }
    for (const ns of bySeries.values()) {
      const sorted = [...ns].sort((a, b) => a - b);
      expect(new Set(sorted).size).toBe(sorted.length);
      expect(sorted[sorted.length - 1]! - sorted[0]! + 1).toBe(sorted.length);
    }
    // 受案号 distinct
    const numbers = await db.selectFrom('cases').innerJoin('process_instances as i', 'i.case_id', 'cases.id').select('cases.procuratorate_number').where('i.id', 'in', ids).execute();
    expect(new Set(numbers.map((n) => n.procuratorate_number)).size).toBe(N);
    // the receiver's 待办 holds each instance once; the 已办 rollup agrees with the event log
    const todo = await db.selectFrom('inbox_items').select('instance_id').where('instance_id', 'in', ids).where('done_at', 'is', null).execute();
    expect(todo.length).toBe(N);
    expect(new Set(todo.map((t) => t.instance_id)).size).toBe(N);
    const activity = await db.selectFrom('process_actor_activity').select('instance_id').where('user_id', '=', clerk.id).execute();
    expect(activity.length).toBe(N);
    // the ledger verifies after both nodes wrote to it
    await integrateLedger(db, { wait: true });
    const report = await verifyLedgerDatabase(db);
    expect(report.status, report.first ?? '').toBe('intact');
  }, 120_000);
});
