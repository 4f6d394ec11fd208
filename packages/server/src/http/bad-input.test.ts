/**
 * The bad-input sweep: every route in the OpenAPI document gets malformed JSON, wrong
 * types, oversized bodies, unknown fields and injection strings. No answer may be 5xx,
 * and every 4xx carries a catalogue code and a Chinese message.
 */
import net from 'node:net';
import { ERROR_CODES } from '@xietong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample, stringLeaves, withLeaf, type TOperation } from './schema-samples';
import { caseBody, createTestEnv, makeAgency, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
let user: TTestUser;
beforeAll(async () => {
  env = await createTestEnv({ bodyLimitBytes: 64 * 1024 });
  const ag = await makeAgency(env);
  user = await makeUser(env, ag.id, ['handler', 'admin']);
});
afterAll(async () => { await env.close(); });

/** A catalogue code and a message in Chinese: what every 4xx owes the user. */
function catalogued(body: { error?: { code?: string; message?: string } }): boolean {
  return ERROR_CODES.includes(body.error?.code as never) && /[\u4e00-\u9fff]/.test(body.error?.message ?? '');
}

const NASTY = [
  "' OR 1=1 --", '"; DROP TABLE cases; --', '<script>alert(1)</script>', '../../etc/passwd', '\u0000', '𠮷'.repeat(300),
  '-1', '1e309', 'NaN', '{"$gt":""}', '%00', '${jndi:ldap://x}',
];
const BODIES: { name: string; payload: string; type?: string }[] = [
  { name: 'malformed JSON', payload: '{"title": ' },
  { name: 'JSON array', payload: '[1,2,3]' },
  { name: 'JSON null', payload: 'null' },
  { name: 'wrong types', payload: JSON.stringify({ title: 123, username: [], password: {}, roles: 'x', agencyId: 5, page: 'x' }) },
  { name: 'unknown fields', payload: JSON.stringify({ zzz: 1, __proto__: { admin: true }, constructor: { prototype: { x: 1 } } }) },
  { name: 'oversized', payload: JSON.stringify({ title: 'x'.repeat(200 * 1024) }) },
  { name: 'deep nesting', payload: '['.repeat(5000) + ']'.repeat(5000) },
  { name: 'form encoded', payload: 'a=b', type: 'application/x-www-form-urlencoded' },
  ...NASTY.map((s) => ({ name: `injection ${JSON.stringify(s).slice(0, 20)}`, payload: JSON.stringify({ title: s, username: s, password: s, displayName: s, agencyId: s, name: s, q: s }) })),
];

function fill(path: string, v: string): string {
  return path.replace(/\{[^}]+\}/g, encodeURIComponent(v));
}

describe('bad input never gets a 5xx', () => {
  it('sweeps every route with every kind of bad input', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { cookie: user.cookie } })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => ({ path: p, method: m.toUpperCase() })));
    expect(routes.length).toBeGreaterThanOrEqual(10);
    const failures: string[] = [];
    for (const r of routes) {
      if (r.path === '/api/auth/logout') continue; // would end the sweep's own session
      const ids = ['00000000-0000-0000-0000-000000000000', 'not-a-uuid', ...NASTY.slice(0, 4)];
      for (const id of ids) {
        const url = fill(r.path, id);
        for (const cookie of [user.cookie, '']) {
          if (r.method === 'GET' || r.method === 'DELETE') {
            for (const q of ['', '?page=-1&pageSize=99999', `?q=${encodeURIComponent(NASTY[0]!)}&from=yesterday&caseId=x`]) {
              const res = await env.app.inject({ method: r.method as 'GET', url: url + q, headers: cookie ? { cookie } : {} });
              if (res.statusCode >= 500 || (res.statusCode >= 400 && !catalogued(res.json()))) failures.push(`${r.method} ${url + q} → ${res.statusCode} ${res.body.slice(0, 120)}`);
            }
          } else {
            for (const b of BODIES) {
              const res = await env.app.inject({
                method: r.method as 'POST', url, payload: b.payload,
                headers: { 'content-type': b.type ?? 'application/json', ...(cookie ? { cookie } : {}) },
              });
              if (res.statusCode >= 500 || (res.statusCode >= 400 && !catalogued(res.json()))) failures.push(`${r.method} ${url} [${b.name}] → ${res.statusCode} ${res.body.slice(0, 120)}`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 180_000); // one request per route × id × cookie × body: grows with the route count

  it('names the field that failed validation', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: user.cookie }, payload: { title: 5 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details.issues[0].path).toBe('body.title');
    expect(res.json().error.message).toContain('body.title');
  });

  it('refuses an unknown stage or charge in the case search instead of answering an empty list', async () => {
    for (const q of ['stage=xx', 'charge=drunk']) {
      const res = await env.app.inject({ method: 'GET', url: `/api/cases?${q}`, headers: { cookie: user.cookie } });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.message).toContain(`querystring.${q.split('=')[0]}`);
    }
  });

  it('rejects unknown fields by name', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: user.cookie }, payload: { ...caseBody(), owner: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('owner');
  });

  it('answers an oversized body with 413 BODY_TOO_LARGE', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: user.cookie, 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'x'.repeat(100_000) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('BODY_TOO_LARGE');
  });
});

const UNSTORABLE = [
  { name: 'NUL', json: (s: string) => JSON.stringify(`${s}\u0000`), url: '%00' },
  // written by hand: JSON.stringify would keep a lone surrogate escaped as well, but say it plainly
  { name: 'lone surrogate', json: (s: string) => `${JSON.stringify(s).slice(0, -1)}\\ud800"`, url: null },
];

async function openApi(): Promise<{ path: string; method: string; op: TOperation }[]> {
  const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { cookie: user.cookie } })).json() as { paths: Record<string, Record<string, TOperation>> };
  return Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => ({ path: p, method: m.toUpperCase(), op })));
}

describe('strings PostgreSQL cannot store, broken multipart, over-long ids: every route', () => {
  it('refuses NUL and lone surrogates in every body field, query parameter and path id with VALIDATION_FAILED naming the field', async () => {
    const failures: string[] = [];
    let probes = 0;
    for (const r of await openApi()) {
      if (r.path === '/api/auth/logout') continue;
      const url = fill(r.path, '00000000-0000-4000-8000-000000000000');
      const check = (what: string, res: { statusCode: number; body: string }, field: string) => {
        probes++;
        const err = res.statusCode >= 400 && res.statusCode < 500 ? (JSON.parse(res.body) as { error?: { code?: string; message?: string } }).error : undefined;
        if (err?.code !== 'VALIDATION_FAILED' || !err.message?.includes(field)) failures.push(`${r.method} ${r.path} ${what} → ${res.statusCode} ${res.body.slice(0, 140)}`);
      };
      const body = r.op.requestBody?.content?.['application/json']?.schema;
      if (body) {
        const base = sample(body);
        for (const leaf of stringLeaves(base)) {
          for (const u of UNSTORABLE) {
            const marker = `__LEAF_${probes}__`;
            const payload = JSON.stringify(withLeaf(base, leaf, marker)).replace(`"${marker}"`, u.json('文本'));
            const res = await env.app.inject({ method: r.method as 'POST', url, payload, headers: { cookie: user.cookie, 'content-type': 'application/json' } });
            check(`body.${leaf.join('.')} ${u.name}`, res, ['body', ...leaf].join('.'));
          }
        }
      }
      for (const prm of r.op.parameters ?? []) {
        const t = prm.schema.type;
        if (prm.in === 'query' && (t === 'string' || prm.schema.enum || prm.schema.format)) {
          const res = await env.app.inject({ method: r.method as 'GET', url: `${url}?${prm.name}=a%00`, headers: { cookie: user.cookie }, ...(body ? { payload: {} } : {}) });
          check(`query ${prm.name} NUL`, res, `querystring.${prm.name}`);
        }
        if (prm.in === 'path') {
          const res = await env.app.inject({ method: r.method as 'GET', url: r.path.replace(`{${prm.name}}`, 'a%00').replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'), headers: { cookie: user.cookie }, ...(body ? { payload: {} } : {}) });
          check(`path ${prm.name} NUL`, res, `params.${prm.name}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(probes).toBeGreaterThan(100);
  });

  it('answers an over-long path id with 414 URI_TOO_LONG on GET and POST alike', async () => {
    const failures: string[] = [];
    for (const r of await openApi()) {
      if (!r.path.includes('{')) continue;
      const res = await env.app.inject({ method: r.method as 'GET', url: fill(r.path, 'a'.repeat(300)), headers: { cookie: user.cookie } });
      if (res.statusCode !== 414 || res.json().error?.code !== 'URI_TOO_LONG') failures.push(`${r.method} ${r.path} → ${res.statusCode} ${res.body.slice(0, 100)}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers broken multipart and oversized bodies on every mutating route with a catalogue 4xx, and the same connection answers its next request', async () => {
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (env.app.server.address() as net.AddressInfo).port;
    const truncated = '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 trunc';
    const oversized = JSON.stringify({ title: 'x'.repeat(200 * 1024) });
    const BROKEN = [
      { name: 'multipart without boundary', type: 'multipart/form-data', payload: 'abc' },
      { name: 'truncated multipart', type: 'multipart/form-data; boundary=XX', payload: truncated },
      { name: 'oversized JSON', type: 'application/json', payload: oversized },
      { name: 'malformed JSON', type: 'application/json', payload: '{"title": ' },
    ];
    const failures: string[] = [];
    const sock = net.connect(port, '127.0.0.1');
    let buf = '';
    let closed = false;
    sock.on('data', (d) => { buf += d.toString('utf8'); });
    sock.on('close', () => { closed = true; });
    /** The next complete answer on this socket: status and body. */
    const answer = async (): Promise<{ status: number; body: string }> => {
      const until = Date.now() + 3000;
      for (;;) {
        const head = buf.indexOf('\r\n\r\n');
        if (head >= 0) {
          const len = Number(/content-length: (\d+)/i.exec(buf.slice(0, head))?.[1] ?? 0);
          if (Buffer.byteLength(buf.slice(head + 4)) >= len) {
            const body = Buffer.from(buf.slice(head + 4)).subarray(0, len).toString('utf8');
            const out = { status: Number(buf.slice(9, 12)), body };
            buf = Buffer.from(buf.slice(head + 4)).subarray(len).toString('utf8');
            return out;
          }
        }
        if (closed || Date.now() > until) throw new Error('no answer on the connection');
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    try {
      for (const r of (await openApi()).filter((x) => x.method !== 'GET' && x.path !== '/api/auth/logout')) {
        const url = fill(r.path, '00000000-0000-4000-8000-000000000000');
        for (const b of BROKEN) {
          sock.write(`${r.method} ${url} HTTP/1.1\r\nHost: x\r\nCookie: ${user.cookie}\r\nContent-Type: ${b.type}\r\nContent-Length: ${Buffer.byteLength(b.payload)}\r\n\r\n${b.payload}`);
          let res: { status: number; body: string };
          try { res = await answer(); } catch (e) { throw new Error(`${r.method} ${r.path} [${b.name}]: ${(e as Error).message} ${buf.slice(0, 300)}`, { cause: e }); }
          if (res.status >= 500 || res.status < 400 || !catalogued(JSON.parse(res.body) as { error?: { code?: string; message?: string } })) failures.push(`${r.method} ${r.path} [${b.name}] → ${res.status} ${res.body.slice(0, 100)}`);
          sock.write('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n');
          let next: { status: number; body: string };
          try { next = await answer(); } catch (e) { throw new Error(`${r.method} ${r.path} [${b.name}] next: ${(e as Error).message} closed=${closed} prev=${JSON.stringify(res)}`, { cause: e }); }
          if (next.status !== 200) failures.push(`${r.method} ${r.path} [${b.name}] next request → ${next.status}`);
        }
      }
    } finally {
      sock.destroy();
    }
    expect(failures).toEqual([]);
  });

  it('what the HTTP parser refuses before any route (a request line over 16 KB, headers over 16 KB, garbage) answers a catalogue code in Chinese, not Fastify\'s English default (found in review)', async () => {
    if (!env.app.server.listening) await env.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (env.app.server.address() as net.AddressInfo).port;
    const raw = (request: string) => new Promise<string>((resolve, reject) => {
      const sock = net.connect(port, '127.0.0.1', () => sock.write(request));
      let got = '';
      sock.on('data', (d) => { got += d.toString('utf8'); });
      sock.on('close', () => resolve(got));
      sock.on('error', reject);
      setTimeout(() => { sock.destroy(); resolve(got); }, 3000);
    });
    const body = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: { code: string; message: string } };
    const longUrl = await raw(`GET /api/cases?q=${'a'.repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(longUrl.slice(0, 12)).toBe('HTTP/1.1 431');
    expect(body(longUrl).error).toMatchObject({ code: 'HEADERS_TOO_LARGE', message: expect.stringContaining('请求头过大') });
    const bigHeader = await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Pad: ${'b'.repeat(17_000)}\r\n\r\n`);
    expect(body(bigHeader).error.code).toBe('HEADERS_TOO_LARGE');
    const garbage = await raw('\x16\x03\x01 not http at all\r\n\r\n');
    expect(garbage.slice(0, 12)).toBe('HTTP/1.1 400');
    expect(body(garbage).error).toMatchObject({ code: 'MALFORMED_REQUEST', message: expect.stringContaining('HTTP') });
  });
});
