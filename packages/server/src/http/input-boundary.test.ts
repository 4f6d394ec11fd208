/**
 * The input boundary: strings PostgreSQL cannot store (NUL, lone UTF-16 surrogates), broken
 * multipart bodies, calculator ranges and Fastify's own refusals all answer a catalogue 4xx
 * naming the problem in Chinese; none answers 500.
 */
import net from 'node:net';
import { ERROR_CODES } from '@xietong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, caseBody, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
let user: TTestUser;
let caseId: string;
beforeAll(async () => {
  env = await createTestEnv({ bodyLimitBytes: 64 * 1024 });
  const ag = await makeAgency(env);
  user = await makeUser(env, ag.id, ['handler', 'admin']);
  caseId = (await makeCase(env, user)).id;
});
afterAll(async () => { await env.close(); });

function expectRefused(res: { statusCode: number; body: string }, code: string, field?: string) {
  expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, res.body).toBeLessThan(500);
  const err = JSON.parse(res.body).error;
  expect(err.code).toBe(code);
  expect(err.message).toMatch(/[\u4e00-\u9fff]/);
  if (field) expect(err.message).toContain(field);
}

const record = { kind: 'interrogation', subjectName: '张三', location: '办案区', startedAt: '2025-03-02 09:00', endedAt: '2025-03-02 09:40', interviewers: ['李四', '王五'], recorder: '李四', qa: [{ q: '问', a: '答' }] };

describe('NUL and lone surrogates are refused at the boundary', () => {
  it('refuses a NUL in the login username, naming the field', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a\u0000b', password: 'x' } });
    expectRefused(res, 'VALIDATION_FAILED', 'body.username');
  });
  it('refuses a NUL in a case title and a person name', async () => {
    expectRefused(await as(env, user).post('/api/cases', caseBody({ title: '案\u0000件' })), 'VALIDATION_FAILED', 'body.title');
    const body = caseBody();
    (body.persons as { name: string }[])[0]!.name = '张\u0000三';
    expectRefused(await as(env, user).post('/api/cases', body), 'VALIDATION_FAILED', 'body.persons.0.name');
  });
  it('refuses a NUL in the nine 笔录 fields', async () => {
    expectRefused(await as(env, user).post(`/api/cases/${caseId}/records`, { ...record, location: '办\u0000案区' }), 'VALIDATION_FAILED', 'body.location');
    expectRefused(await as(env, user).post(`/api/cases/${caseId}/records`, { ...record, qa: [{ q: '问', a: '答\u0000' }] }), 'VALIDATION_FAILED', 'body.qa.0.a');
  });
  it('refuses a NUL in the calendar note and in query filters', async () => {
    expectRefused(await as(env, user).get(`/api/cases?q=${encodeURIComponent('a\u0000')}`), 'VALIDATION_FAILED', 'querystring.q');
    expectRefused(await as(env, user).get(`/api/cases/${caseId}/documents/search?q=%00`), 'VALIDATION_FAILED', 'querystring.q');
    expectRefused(await as(env, user).get(`/api/audit?action=%00`), 'VALIDATION_FAILED', 'querystring.action');
  });
  it('refuses a NUL in upload title and reason', async () => {
    const res = await as(env, user).post(`/api/cases/${caseId}/documents?title=${encodeURIComponent('a\u0000')}&docType=other`, undefined, {});
    expectRefused(res, 'VALIDATION_FAILED', 'querystring.title');
  });
  it('refuses a lone surrogate in a JSON body stored as jsonb', async () => {
    const payload = `{"username":"ab\\ud800c","password":"x"}`;
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload });
    expectRefused(res, 'VALIDATION_FAILED', 'body.username');
    const rec = JSON.stringify({ ...record, subjectName: 'X' }).replace('"X"', '"\\udc00"');
    expectRefused(await env.app.inject({ method: 'POST', url: `/api/cases/${caseId}/records`, headers: { cookie: user.cookie, 'content-type': 'application/json' }, payload: rec }), 'VALIDATION_FAILED', 'body.subjectName');
  });
  it('a NUL in a session cookie is no session, not a 500', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: 'xt_session=%00' } });
    expectRefused(res, 'AUTH_REQUIRED');
  });
});

describe('dates and ranges', () => {
  it('CPL 105: the calculator refuses a period counted in hours it cannot place, and a range past year 9999', async () => {
    const hour = await as(env, user).post('/api/deadlines/calculate', { start: '2026-03-02', amount: 24, unit: 'hour', inCustody: false });
    expectRefused(hour, 'VALIDATION_FAILED', 'body.startTime');
    const timed = await as(env, user).post('/api/deadlines/calculate', { start: '2026-03-02', startTime: '09:30', amount: 24, unit: 'hour', inCustody: true });
    expect(timed.statusCode, timed.body).toBe(200);
    // the starting hour (09:00–10:00) is not counted: 24 hours from 10:00
    expect(timed.json().dueInstant).toBe('2026-03-03T10:00:00+08:00');
    const far = await as(env, user).post('/api/deadlines/calculate', { start: '9999-12-31', amount: 1000, unit: 'month', inCustody: false });
    expectRefused(far, 'VALIDATION_FAILED');
  });
  it('a 笔录 dated 2026-02-30 is refused', async () => {
    expectRefused(await as(env, user).post(`/api/cases/${caseId}/records`, { ...record, startedAt: '2026-02-30 09:00' }), 'VALIDATION_FAILED', 'body.startedAt');
    expectRefused(await as(env, user).post(`/api/cases/${caseId}/records`, { ...record, endedAt: '昨天下午' }), 'VALIDATION_FAILED', 'body.endedAt');
  });
});

/** Raw HTTP/1.1 on one keep-alive socket: resolves each answer's status line in turn. */
function rawConnection(port: number) {
  const sock = net.connect(port, '127.0.0.1');
  let buf = '';
  const waiters: ((s: string) => void)[] = [];
  sock.on('data', (d) => {
    buf += d.toString('latin1');
    for (;;) {
      const head = buf.indexOf('\r\n\r\n');
      if (head < 0 || !waiters.length) return;
      const len = Number(/content-length: (\d+)/i.exec(buf.slice(0, head))?.[1] ?? 0);
      if (buf.length < head + 4 + len) return;
      const status = buf.slice(9, 12);
      buf = buf.slice(head + 4 + len);
      waiters.shift()!(status);
    }
  });
  return {
    send: (raw: string | Buffer) => new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no answer on the same connection within 3 s')), 3000);
      waiters.push((s) => { clearTimeout(t); resolve(s); });
      sock.write(raw);
    }),
    close: () => sock.destroy(),
  };
}

describe('multipart and fastify refusals', () => {
  it('a refused upload leaves the keep-alive connection answering its next request', async () => {
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (env.app.server.address() as net.AddressInfo).port;
    const c = rawConnection(port);
    try {
      const body = `--XX\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n${'%PDF-1.4 '.repeat(20_000)}\r\n--XX--\r\n`;
      const cookie = user.cookie;
      // refused on its query (no such docType) before the body is read
      const refused = await c.send(`POST /api/cases/${caseId}/documents?title=t&docType=%00 HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nContent-Type: multipart/form-data; boundary=XX\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      expect(refused).toBe('400');
      expect(await c.send('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n')).toBe('200');
      // refused by the multipart parser (truncated part) in the middle of the body
      const truncated = `--XX\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 trunc`;
      expect(await c.send(`POST /api/signatures/verify HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XX\r\nContent-Length: ${truncated.length}\r\n\r\n${truncated}`)).toBe('400');
      expect(await c.send('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n')).toBe('200');
      // refused by its magic bytes (an executable) after the first chunk was read
      const exe = `--XX\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\nMZ${'\u0090'.repeat(400_000)}\r\n--XX--\r\n`;
      expect(await c.send(`POST /api/cases/${caseId}/documents?title=t&docType=other HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nContent-Type: multipart/form-data; boundary=XX\r\nContent-Length: ${Buffer.byteLength(exe)}\r\n\r\n${exe}`)).toBe('415');
      expect(await c.send('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n')).toBe('200');
    } finally {
      c.close();
    }
  });

  it('a multipart body without boundary or truncated answers a catalogue 4xx on upload, new version and verify', async () => {
    const urls = [`/api/cases/${caseId}/documents?title=t&docType=other`, `/api/documents/00000000-0000-0000-0000-000000000000/versions?reason=r`, '/api/signatures/verify'];
    for (const url of urls) {
      for (const [ct, payload] of [
        ['multipart/form-data', 'abc'],
        ['multipart/form-data; boundary=XX', '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 trunc'],
      ] as const) {
        const res = await env.app.inject({ method: 'POST', url, headers: { cookie: user.cookie, 'content-type': ct }, payload });
        expect(res.statusCode, `${url} ${ct} ${res.body}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${url} ${ct} ${res.body}`).toBeLessThan(500);
        expect(ERROR_CODES).toContain(res.json().error.code);
      }
    }
  });
  it('an over-long id answers the same catalogue code on GET and POST', async () => {
    const long = 'a'.repeat(500);
    const get = await as(env, user).get(`/api/process-instances/${long}`);
    const post = await as(env, user).post(`/api/process-instances/${long}/actions`, { action: 'x' });
    for (const r of [get, post]) { expect(r.statusCode, r.body).toBeLessThan(500); expect(ERROR_CODES).toContain(r.json().error.code); expect(r.json().error.message).toMatch(/[\u4e00-\u9fff]/); }
    expect(get.json().error.code).toBe(post.json().error.code);
    expect(get.statusCode).toBe(post.statusCode);
  });
});
