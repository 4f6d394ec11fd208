import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { as, caseBody, createTestEnv, login, makeAgency, makeUser, type TTestEnv } from '../test/harness';

let env: TTestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env.close(); });

describe('authentication', () => {
  it('every endpoint but login and health answers 401 without a session', async () => {
    for (const url of ['/api/me', '/api/cases', '/api/agencies', '/api/users', '/api/audit']) {
      const res = await env.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('AUTH_REQUIRED');
    }
    const health = await env.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok' });
  });

  it('signs in with the right password, sets an httpOnly SameSite=Strict cookie, and /api/me answers', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id, ['handler'], { login: false });
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password } });
    expect(res.statusCode).toBe(200);
    const c = res.cookies.find((k) => k.name === 'xt_session')!;
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe('Strict');
    const me = await as(env, { cookie: `xt_session=${c.value}` }).get('/api/me');
    expect(me.json()).toMatchObject({ username: u.username, agency: { id: ag.id } });
  });

  it('a wrong password answers 401 AUTH_INVALID_CREDENTIALS and is audited', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id, ['handler'], { login: false });
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'wrong-password-1' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' });
    const rows = await env.database.db.selectFrom('audit_log').selectAll().where('username', '=', u.username).where('action', '=', 'auth.login_failed').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.outcome).toBe('failed');
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id, ['handler'], { login: false });
    for (let i = 0; i < env.config.lockoutThreshold; i++) {
      await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'nope-nope-1' } });
    }
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password } });
    expect(res.statusCode).toBe(423);
    expect(res.json().error.code).toBe('AUTH_LOCKED');
  });

  it('logout ends the session', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id);
    expect((await as(env, u).post('/api/auth/logout')).statusCode).toBe(200);
    expect((await as(env, u).get('/api/me')).statusCode).toBe(401);
  });

  it('an idle session expires', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id);
    await env.database.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '2 hours'` }).where('user_id', '=', u.id).execute();
    const res = await as(env, u).get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('a session past its absolute lifetime expires even when active', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id);
    await env.database.db.updateTable('sessions').set({ expires_at: sql`now() - interval '1 second'` }).where('user_id', '=', u.id).execute();
    expect((await as(env, u).get('/api/me')).json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('changing the password needs the current one, refuses weak ones, and ends other sessions', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id);
    const other = await login(env, u.username, u.password);
    const wrong = await as(env, u).post('/api/auth/password', { currentPassword: 'x', newPassword: 'abcdefghij1' });
    expect(wrong.json().error.code).toBe('AUTH_WRONG_PASSWORD');
    const weak = await as(env, u).post('/api/auth/password', { currentPassword: u.password, newPassword: 'short' });
    expect(weak.json().error.code).toBe('AUTH_WEAK_PASSWORD');
    const ok = await as(env, u).post('/api/auth/password', { currentPassword: u.password, newPassword: 'a-new-secret-42' });
    expect(ok.statusCode).toBe(200);
    expect((await as(env, { cookie: other }).get('/api/me')).statusCode).toBe(401);
    expect((await as(env, u).get('/api/me')).statusCode).toBe(200);
    await login(env, u.username, 'a-new-secret-42');
  });

  it('wrong current passwords on password change are audited and lock the account like sign-in; the lockout ends every session', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id);
    const threshold = env.config.lockoutThreshold;
    for (let i = 1; i < threshold; i++) {
      const r = await as(env, u).post('/api/auth/password', { currentPassword: `guess-${i}`, newPassword: 'a-new-secret-42' });
      expect(r.json().error.code).toBe('AUTH_WRONG_PASSWORD');
    }
    const last = await as(env, u).post('/api/auth/password', { currentPassword: 'guess-last', newPassword: 'a-new-secret-42' });
    expect(last.statusCode).toBe(423);
    expect(last.json().error.code).toBe('AUTH_LOCKED');
    // the session that guessed is gone, and the right password no longer signs in while locked
    expect((await as(env, u).get('/api/me')).statusCode).toBe(401);
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password } });
    expect(res.json().error.code).toBe('AUTH_LOCKED');
    const rows = await env.database.db.selectFrom('audit_log').select(['action', 'outcome']).where('target_id', '=', u.id).where('action', '=', 'auth.password_change_failed').execute();
    expect(rows).toHaveLength(threshold);
    expect(rows.every((r) => r.outcome === 'failed')).toBe(true);
  });

  it('a browser request from another origin cannot mutate (CSRF)', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id);
    const res = await as(env, u).post('/api/cases', caseBody({ title: '跨站请求' }), { origin: 'https://evil.example', host: 'localhost:80' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_ORIGIN_MISMATCH');
    const count = await env.database.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).where('title', '=', '跨站请求').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('a form post (text/plain) is refused: mutations are JSON only', async () => {
    const ag = await makeAgency(env);
    const u = await makeUser(env, ag.id);
    const res = await env.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: u.cookie, 'content-type': 'text/plain' }, payload: 'title=x' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
