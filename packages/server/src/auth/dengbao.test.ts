/**
 * 等保 2.0 level 3 (GB/T 22239-2019 §8.1.4) controls a reviewer checks in a web application,
 * each against the configured value: password complexity and expiry, lockout and idle timeout,
 * 三员 separation, audit retention, 密级 labels, masked 身份证号, the administrators' address
 * allow-list. Real PostgreSQL; one environment per configuration.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { caseBody, createTestEnv, login, makeAgency, makeUser, as, type TTestEnv, type TTestUser } from '../test/harness';
import { createUser } from '../users/create-user';
import { loadConfig, parseCidrs } from '../config';
import { requestLogLine } from '../app';
import { upload, plainPdf } from '../documents/test-support';

const SYSTEM = { actor: null, ip: null, userAgent: 'test' };

async function platformAccount(env: TTestEnv, roles: ('admin' | 'security_admin' | 'audit_admin')[]): Promise<TTestUser> {
  const ag = await makeAgency(env, { type: 'plc', level: 'province', regionCode: '220000' });
  const username = `p${crypto.randomBytes(5).toString('hex')}`;
  const password = 'Platform-pass-2026';
  const u = await createUser(env.database.db, SYSTEM, { username, displayName: '平台', agencyId: ag.id, roles, password, platformAdmin: true });
  return { id: u.id, username, password, agencyId: ag.id, cookie: await login(env, username, password) };
}

async function auditRows(env: TTestEnv, action: string, targetId: string) {
  return env.database.db.selectFrom('audit_log').select(['action', 'outcome', 'details']).where('action', '=', action).where('target_id', '=', targetId).execute();
}

describe('passwords, lockout and sessions as configured (§8.1.4.1 a, b)', () => {
  let env: TTestEnv;
  beforeAll(async () => {
    env = await createTestEnv({
      passwordPolicy: { minLength: 12, minClasses: 4, maxAgeDays: 30 }, lockoutThreshold: 2, lockoutMinutes: 7, sessionIdleMinutes: 3,
    });
  });
  afterAll(async () => { await env.close(); });

  it('§8.1.4.1 a: a new password is checked against the configured complexity, and the policy is published for the form', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id);
    const weak = await as(env, u).post('/api/auth/password', { currentPassword: u.password, newPassword: 'a-new-secret-42' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({ code: 'AUTH_WEAK_PASSWORD', message: '新密码不符合密码策略：至少包含小写字母、大写字母、数字、符号中的4类' });
    const named = await as(env, u).post('/api/auth/password', { currentPassword: u.password, newPassword: `X-${u.username}-9` });
    expect(named.json().error.details.problems).toContain('不能包含用户名');
    expect((await as(env, u).post('/api/auth/password', { currentPassword: u.password, newPassword: 'A-new-secret-42' })).statusCode).toBe(200);
    const policy = await env.app.inject({ method: 'GET', url: '/api/auth/password-policy' });
    expect(policy.json()).toMatchObject({ minLength: 12, minClasses: 4, maxAgeDays: 30, zh: expect.stringContaining('每30天须更换一次') });
  });

  it('§8.1.4.1 a: a password older than the configured age signs in only to be changed (AUTH_PASSWORD_CHANGE_REQUIRED), audited', async () => {
    const ag = await makeAgency(env);
    const fresh = await makeUser(env, ag.id, ['handler'], { login: false });
    const old = await makeUser(env, ag.id, ['handler'], { login: false });
    const db = env.database.db;
    await db.updateTable('users').set({ password_changed_at: sql`now() - interval '29 days'` }).where('id', '=', fresh.id).execute();
    await db.updateTable('users').set({ password_changed_at: sql`now() - interval '31 days'` }).where('id', '=', old.id).execute();
    const freshCookie = await login(env, fresh.username, fresh.password);
    expect((await as(env, { cookie: freshCookie }).get('/api/cases')).statusCode).toBe(200);

    const cookie = await login(env, old.username, old.password);
    expect((await as(env, { cookie }).get('/api/me')).json().mustChangePassword).toBe(true);
    const refused = await as(env, { cookie }).get('/api/cases');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    expect(await auditRows(env, 'auth.password_expired', old.id)).toEqual([{ action: 'auth.password_expired', outcome: 'ok', details: expect.objectContaining({ maxAgeDays: 30 }) }]);
    expect((await as(env, { cookie }).post('/api/auth/password', { currentPassword: old.password, newPassword: 'Renewed-pass-2026' })).statusCode).toBe(200);
    expect((await as(env, { cookie }).get('/api/cases')).statusCode).toBe(200);
  });

  it('§8.1.4.1 b: the account locks after the configured number of failures, for the configured minutes', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id, ['handler'], { login: false });
    for (let i = 0; i < 2; i++) {
      expect((await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'wrong' } })).statusCode).toBe(401);
    }
    const locked = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password } });
    expect(locked.json().error.code).toBe('AUTH_LOCKED');
    const row = await env.database.db.selectFrom('users').select(sql<number>`extract(epoch from locked_until - now())`.as('left')).where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(Number(row.left)).toBeGreaterThan(6 * 60);
    expect(Number(row.left)).toBeLessThanOrEqual(7 * 60);
  });

  it('§8.1.4.1 b: a session idle longer than the configured minutes ends (AUTH_SESSION_EXPIRED)', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id);
    const db = env.database.db;
    await db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '2 minutes 50 seconds'` }).where('user_id', '=', u.id).execute();
    expect((await as(env, u).get('/api/me')).statusCode).toBe(200);
    await db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '3 minutes 10 seconds'` }).where('user_id', '=', u.id).execute();
    const idle = await as(env, u).get('/api/me');
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });
});

describe('三员 separation (§8.1.4.2 c, d; §8.1.4.3)', () => {
  let env: TTestEnv;
  beforeAll(async () => { env = await createTestEnv(); });
  afterAll(async () => { await env.close(); });

  it('the audit administrator reads the audit trail and nothing else: every other route of the OpenAPI document answers 403', async () => {
    const auditor = await platformAccount(env, ['audit_admin']);
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const allowed = new Set(['GET /api/audit', 'GET /api/audit/export', 'GET /api/me', 'POST /api/auth/password', 'POST /api/auth/logout', 'GET /api/ledger/proof/inclusion',
      'GET /api/ledger/proof/consistency', 'GET /api/ledger/checkpoint/latest', 'GET /api/ledger/checkpoints', 'GET /api/ledger/keys']);
    let refused = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        if (!path.startsWith('/api/') || key === 'POST /api/auth/logout' || key === 'POST /api/auth/login' || key.startsWith('GET /api/health')) continue;
        const url = path.replace(/\{\w+\}/g, crypto.randomUUID());
        const anonymous = await env.app.inject({ method: method.toUpperCase() as 'GET', url, headers: { 'content-type': 'application/json' }, payload: method === 'get' ? undefined : '{}' });
        if (anonymous.statusCode !== 401) continue; // a public route (health, signature verification): open to everyone
        const res = await env.app.inject({ method: method.toUpperCase() as 'GET', url, headers: { cookie: auditor.cookie, 'content-type': 'application/json' }, payload: method === 'get' ? undefined : '{}' });
        // routes signed by an agency system's key (exchange/) take no session at all: no role to refuse
        if (res.statusCode === 401 && res.json().error?.code === 'EXCHANGE_AUTH_FAILED') continue;
        const byRole = res.statusCode === 403 && res.json().error?.details?.reason === 'audit_administrator';
        if (allowed.has(key)) expect(byRole, key).toBe(false);
        else if (key !== 'GET /api/auth/password-policy' && key !== 'GET /api/openapi.json') {
          expect(byRole, `${key} → ${res.statusCode}`).toBe(true);
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(30);
    const trail = await as(env, auditor).get('/api/audit?pageSize=5');
    expect(trail.statusCode).toBe(200);
    expect(trail.json().total).toBeGreaterThan(0);
  });

  it('a system administrator, platform-wide or of an agency, cannot read audit rows, nor their ledger proofs, and no route deletes them', async () => {
    const sys = await platformAccount(env, ['admin']);
    const ag = await makeAgency(env);
    const agencyAdmin = await makeUser(env, ag.id, ['admin']);
    for (const u of [sys, agencyAdmin]) {
      const res = await as(env, u).get('/api/audit');
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const auditId = await env.database.db.selectFrom('audit_log').select('id').where('agency_id', '=', ag.id).orderBy('id').executeTakeFirstOrThrow();
    const proof = await as(env, agencyAdmin).get(`/api/ledger/proof/inclusion?refTable=audit_log&refId=${auditId.id}`);
    expect(proof.statusCode).toBe(404);
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (path.startsWith('/api/audit')) expect(Object.keys(ops)).toEqual(['get']);
    }
    await expect(sql`DELETE FROM audit_log WHERE id = ${auditId.id}`.execute(env.database.db)).rejects.toThrow(/append-only/);
  });

  it('the security administrator grants roles, unlocks, disables and sets single-use passwords; the system administrator cannot, nor grant 三员 roles', async () => {
    const sec = await platformAccount(env, ['security_admin']);
    const sys = await platformAccount(env, ['admin']);
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id, ['handler']);
    const db = env.database.db;

    expect((await as(env, sys).patch(`/api/users/${u.id}`, { roles: ['approver'] })).statusCode).toBe(403);
    const byAdmin = await as(env, sys).post('/api/users', { username: `aa${Date.now()}`, displayName: '审计员', agencyId: ag.id, roles: ['audit_admin'], password: 'initial-pass-1' });
    expect(byAdmin.statusCode).toBe(403);
    const both = await as(env, sys).post('/api/users', { username: `ab${Date.now()}`, displayName: '兼任', agencyId: ag.id, roles: ['admin', 'audit_admin'], password: 'initial-pass-1' });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.message).toContain('三员分立');

    const roles = await as(env, sec).patch(`/api/users/${u.id}`, { roles: ['handler', 'approver'] });
    expect(roles.statusCode).toBe(200);
    expect(roles.json().roles).toEqual(['handler', 'approver']);
    expect((await as(env, u).get('/api/me')).statusCode).toBe(401); // re-roled: signed out
    expect((await as(env, sec).patch(`/api/users/${u.id}`, { roles: ['security_admin', 'audit_admin'] })).statusCode).toBe(400);

    await db.updateTable('users').set({ failed_attempts: 5, locked_until: sql`now() + interval '10 minutes'` }).where('id', '=', u.id).execute();
    expect((await as(env, sec).get(`/api/users?agencyId=${ag.id}`)).json().items.find((x: { id: string }) => x.id === u.id).locked).toBe(true);
    expect((await as(env, sec).patch(`/api/users/${u.id}`, { unlock: true })).json().locked).toBe(false);

    const temp = await as(env, sec).patch(`/api/users/${u.id}`, { temporaryPassword: 'Temp-pass-2026' });
    expect(temp.statusCode).toBe(200);
    const cookie = await login(env, u.username, 'Temp-pass-2026');
    expect((await as(env, { cookie }).get('/api/cases')).json().error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');

    expect((await as(env, sec).patch(`/api/users/${u.id}`, { disabled: true })).json().disabled).toBe(true);
    const disabled = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'Temp-pass-2026' } });
    expect(disabled.json().error.code).toBe('AUTH_USER_DISABLED');

    const self = await as(env, sec).patch(`/api/users/${sec.id}`, { roles: ['security_admin', 'handler'] });
    expect(self.statusCode).toBe(403);
    expect((await as(env, sec).get('/api/audit')).statusCode).toBe(403);
    expect((await as(env, sec).get('/api/cases')).json().total).toBe(0);
    const trail = await db.selectFrom('audit_log').select(['outcome', 'details']).where('action', '=', 'user.security_changed').where('target_id', '=', u.id).orderBy('id').execute();
    // the system administrator's attempt, then roles, unlock, temporary password, disable
    expect(trail.map((r) => r.outcome)).toEqual(['denied', 'ok', 'ok', 'ok', 'ok']);
    expect(trail.find((r) => (r.details as { temporaryPassword?: boolean }).temporaryPassword)).toBeTruthy();
  });
});

describe('三员 check each other (§8.1.4.2 c/d): one administrator cannot take over or silence another (found in review)', () => {
  let env: TTestEnv;
  beforeAll(async () => { env = await createTestEnv(); });
  afterAll(async () => { await env.close(); });

  it('the security administrator may only unlock an administrator account: no temporary password, role change or disabling; nor agencies, platform settings or platform-wide statistics', async () => {
    const sec = await platformAccount(env, ['security_admin']);
    const auditor = await platformAccount(env, ['audit_admin']);
    const sys = await platformAccount(env, ['admin']);
    const db = env.database.db;
    for (const [target, change] of [
      [auditor, { temporaryPassword: 'Takeover-pass-2026' }], [auditor, { disabled: true }], [auditor, { roles: ['handler'] }],
      [sys, { roles: ['handler'] }], [sys, { temporaryPassword: 'Takeover-pass-2026' }],
    ] as const) {
      const r = await as(env, sec).patch(`/api/users/${target.id}`, change);
      expect(r.statusCode, JSON.stringify(change)).toBe(403);
      expect(r.json().error.message).toContain('三员分立');
    }
    // the audit administrator still signs in with their own password, with their role
    const still = await login(env, auditor.username, auditor.password);
    expect((await as(env, { cookie: still }).get('/api/audit?pageSize=1')).statusCode).toBe(200);
    expect((await db.selectFrom('users').select(['roles', 'disabled']).where('id', '=', sys.id).executeTakeFirstOrThrow())).toEqual({ roles: ['admin'], disabled: false });
    // a lock is lifted: that gives nobody access
    await db.updateTable('users').set({ failed_attempts: 5, locked_until: sql`now() + interval '10 minutes'` }).where('id', '=', auditor.id).execute();
    expect((await as(env, sec).patch(`/api/users/${auditor.id}`, { unlock: true })).json().locked).toBe(false);
    const denied = await auditRows(env, 'user.security_changed', auditor.id);
    expect(denied.filter((r) => r.outcome === 'denied').map((r) => (r.details as { reason: string }).reason)).toEqual(['administrator_account', 'administrator_account', 'administrator_account']);

    // platform reach is no business role: agencies and single-track settings are the system administrator's
    const agency = { type: 'police', level: 'district', regionCode: '220104', name: `安全员建的分局${Date.now()}`, shortName: '安建', unitCode: '220104999999', parentId: null };
    expect((await as(env, sec).post('/api/agencies', agency)).statusCode).toBe(403);
    expect((await as(env, sec).put('/api/single-track/settings', { backfillDays: 1 })).statusCode).toBe(403);
    expect((await as(env, sys).post('/api/agencies', agency)).statusCode).toBe(201);
    // statistics: a police district's 逮捕 flows this month are the platform system administrator's to
    // see, not the security administrator's (their own agency has none)
    const police = await makeAgency(env, { type: 'police' });
    const proc = await makeAgency(env, { type: 'procuratorate' });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await db.insertInto('flow_stats_daily').values({ day: today, process: 'arrest', metric: 'sent', agency_id: police.id, other_agency_id: proc.id, n: 3 }).execute();
    const seen = async (u: TTestUser) => ((await as(env, u).get('/api/stats/flows')).json().rows as { agencyId: string }[]).map((r) => r.agencyId);
    expect(await seen(sys)).toContain(police.id);
    expect(await seen(sec)).not.toContain(police.id);
  });
});

describe('audit retention (§8.1.4.3 d; 网络安全法 第二十一条: no less than six months)', () => {
  it('refuses a retention under 180 days at start-up and defaults above it', () => {
    expect(() => loadConfig({ XIETONG_AUDIT_RETENTION_DAYS: '179' })).toThrow(/不得少于180天/);
    expect(loadConfig({ XIETONG_AUDIT_RETENTION_DAYS: '180' }).auditRetentionDays).toBe(180);
    expect(loadConfig({}).auditRetentionDays).toBeGreaterThanOrEqual(180);
  });
});

describe('密级 labels on cases and documents', () => {
  let env: TTestEnv;
  let secretEnv: TTestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
    secretEnv = await createTestEnv({ maxClassification: 'secret' });
  });
  afterAll(async () => {
    await env.close();
    await secretEnv.close();
  });

  it('a case above the platform level (default 内部) is refused with CASE_CLASSIFIED and audited; at or below it carries its label', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id);
    const secret = await as(env, u).post('/api/cases', caseBody({ classification: 'secret' }));
    expect(secret.statusCode).toBe(422);
    expect(secret.json().error).toMatchObject({ code: 'CASE_CLASSIFIED', details: { classification: 'secret', platformMax: 'internal' } });
    const denied = await env.database.db.selectFrom('audit_log').select('details').where('user_id', '=', u.id).where('action', '=', 'case.created').where('outcome', '=', 'denied').execute();
    expect(denied).toHaveLength(1);
    const pub = await as(env, u).post('/api/cases', caseBody({ classification: 'public' }));
    expect(pub.statusCode).toBe(201);
    expect(pub.json().classification).toBe('public');
    expect((await as(env, u).post('/api/cases', caseBody())).json().classification).toBe('internal');
    const list = await as(env, u).get('/api/cases');
    expect(list.json().items.map((c: { classification: string }) => c.classification).sort()).toEqual(['internal', 'public']);
  });

  it('a platform configured for 秘密 takes a 秘密 case and refuses 机密', async () => {
    const ag = await makeAgency(secretEnv);
    const u = await makeUser(secretEnv, ag.id);
    expect((await as(secretEnv, u).post('/api/cases', caseBody({ classification: 'secret' }))).statusCode).toBe(201);
    expect((await as(secretEnv, u).post('/api/cases', caseBody({ classification: 'confidential' }))).json().error.code).toBe('CASE_CLASSIFIED');
  });

  it('a document above the platform level is refused with DOCUMENT_CLASSIFIED before its bytes are stored; one within carries its label', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id);
    const c = (await as(env, u).post('/api/cases', caseBody())).json();
    const pdf = await plainPdf();
    const url = (cls: string) => `/api/cases/${c.id}/documents?docType=case_registration&title=${encodeURIComponent('受案登记表')}&classification=${cls}`;
    const refused = await upload(env, u, url('confidential'), pdf);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'DOCUMENT_CLASSIFIED', details: { classification: 'confidential' } });
    expect(await env.database.db.selectFrom('documents').select('id').where('case_id', '=', c.id).execute()).toEqual([]);
    const ok = await upload(env, u, url('public'), pdf);
    expect(ok.statusCode).toBe(201);
    expect(ok.json().classification).toBe('public');
    const listed = await as(env, u).get(`/api/cases/${c.id}/documents`);
    expect(listed.json().items[0].classification).toBe('public');
  });
});

describe('身份证号 masked in lists and logs (§8.1.4.11; 个人信息保护法 第五十一条)', () => {
  let env: TTestEnv;
  beforeAll(async () => { env = await createTestEnv(); });
  afterAll(async () => { await env.close(); });

  it('the case card shows it masked; the person detail shows it whole to a reader of the case, and that read is audited', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id);
    const body = caseBody();
    const full = (body.persons as { residentId: string }[])[0]!.residentId;
    const c = (await as(env, u).post('/api/cases', body)).json();
    const masked = `${full.slice(0, 6)}********${full.slice(-4)}`;
    expect(c.people[0].residentId).toBe(masked);
    expect((await as(env, u).get(`/api/cases/${c.id}`)).json().people[0].residentId).toBe(masked);
    // search by the full number still finds the case, and the trail keeps the term masked
    const found = await as(env, u).get(`/api/cases?q=${full}`);
    expect(found.json().items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const listed = await env.database.db.selectFrom('audit_log').select('details').where('user_id', '=', u.id).where('action', '=', 'case.listed').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.stringify(listed.details)).toContain(masked);
    expect(JSON.stringify(listed.details)).not.toContain(full);

    const person = await as(env, u).get(`/api/cases/${c.id}/persons/${c.people[0].id}`);
    expect(person.statusCode).toBe(200);
    expect(person.json().residentId).toBe(full);
    expect(await auditRows(env, 'case.person_viewed', c.people[0].id)).toEqual([{ action: 'case.person_viewed', outcome: 'ok', details: { name: c.people[0].name } }]);

    const outsider = await makeUser(env, (await makeAgency(env)).id);
    expect((await as(env, outsider).get(`/api/cases/${c.id}/persons/${c.people[0].id}`)).statusCode).toBe(404);
  });

  it('a request log line masks an ID number in the URL', () => {
    expect(requestLogLine({ method: 'GET', url: '/api/cases?q=11010519491231002X&page=1', ip: '127.0.0.1' }).url).toBe('/api/cases?q=110105********002X&page=1');
  });
});

describe('administrators sign in only from the allowed networks (§8.1.4.1 d)', () => {
  let env: TTestEnv;
  beforeAll(async () => { env = await createTestEnv({ adminAllowedCidrs: parseCidrs('10.0.0.0/8, 192.168.7.5') }); });
  afterAll(async () => { await env.close(); });

  it('an administrator from another address is refused with AUTH_ADDRESS_NOT_ALLOWED, audited; from an allowed one signs in; other users are not limited', async () => {
    const ag = await makeAgency(env);
    const admin = await makeUser(env, ag.id, ['admin'], { login: false });
    const handler = await makeUser(env, ag.id, ['handler'], { login: false });
    const signIn = (u: TTestUser, remoteAddress: string) =>
      env.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username: u.username, password: u.password } });
    const refused = await signIn(admin, '127.0.0.1');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('AUTH_ADDRESS_NOT_ALLOWED');
    expect(await auditRows(env, 'auth.login_failed', admin.id)).toEqual([{ action: 'auth.login_failed', outcome: 'denied', details: { reason: 'address_not_allowed' } }]);
    expect((await signIn(admin, '10.20.30.40')).statusCode).toBe(200);
    expect((await signIn(admin, '192.168.7.5')).statusCode).toBe(200);
    expect((await signIn(admin, '192.168.7.6')).statusCode).toBe(403);
    expect((await signIn(handler, '127.0.0.1')).statusCode).toBe(200);
  });

  it('a malformed allow-list stops the start with a sentence naming the entry', () => {
    expect(() => loadConfig({ XIETONG_ADMIN_ALLOWED_CIDRS: '10.0.0.0/33' })).toThrow(/"10.0.0.0\/33"/);
    expect(() => loadConfig({ XIETONG_ADMIN_ALLOWED_CIDRS: 'intranet' })).toThrow(/"intranet"/);
    expect(loadConfig({ XIETONG_ADMIN_ALLOWED_CIDRS: '::1, 10.1.0.0/16' }).adminAllowedCidrs).toEqual(['::1/128', '10.1.0.0/16']);
  });
});
