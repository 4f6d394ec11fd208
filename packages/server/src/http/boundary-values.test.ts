/**
 * The boundary sweep: the bad-input sweep sends what the schemas refuse; this one sends what they
 * let through — the edges of every query parameter (page sizes, negative and huge numbers, dates
 * that do not exist, cursors past the end, free text) as users of every kind that reach the newer
 * routes (a police handler, a 政法委 and a procuratorate supervisor, a lawyer, an audit
 * administrator), and the same edges in every field of a well-formed body of each route that names
 * no record in its path. No answer may be 5xx; every 4xx carries a catalogue code and a Chinese message.
 */
import { ERROR_CODES, type TAgencyType, type TRole } from '@xietong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeAgency, makeUser, type TTestEnv, type TTestUser } from '../test/harness';
import { sample, scalarLeaves, withLeaf, type TOperation } from './schema-samples';

type TSchema = { type?: string; format?: string; pattern?: string; maximum?: number; minimum?: number; enum?: unknown[] };
type TParam = { in: string; name: string; schema: TSchema };

let env: TTestEnv;
const users: TTestUser[] = [];
beforeAll(async () => {
  env = await createTestEnv();
  const kinds: [TAgencyType, 'city' | 'district', string, TRole[]][] = [
    ['police', 'district', '220104', ['handler', 'approver', 'clerk']],
    ['plc', 'city', '220100', ['supervisor']],
    ['procuratorate', 'district', '220104', ['supervisor', 'handler']],
    ['lawfirm', 'district', '220104', ['lawyer']],
    ['police', 'district', '220104', ['audit_admin']],
  ];
  for (const [type, level, regionCode, roles] of kinds) {
    const a = await makeAgency(env, { type, level, regionCode });
    users.push(await makeUser(env, a.id, roles));
  }
});
afterAll(async () => { await env.close(); });

const UUID = '00000000-0000-4000-8000-000000000000';
const HAN = /[\u4e00-\u9fff]/;

/** Values at and past the edges of what a parameter's schema admits. */
function edges(s: TSchema): string[] {
  if (s.type === 'integer' || s.type === 'number') {
    const max = s.maximum ?? Number.MAX_SAFE_INTEGER;
    return ['0', '-1', String(max), String(max + 1), '1.5', '99999999999999999999', '1e3'];
  }
  if (s.enum) return [String(s.enum[0]), 'zzz', ''];
  if (s.format === 'uuid') return [UUID, 'ffffffff-ffff-ffff-ffff-ffffffffffff'];
  if (s.pattern) {
    return ['0', '9'.repeat(18), '9'.repeat(19), '220104', '2026-02-28', '2026-02-30', '2026-13-01', '0000-00-00', `0_2026-99-99_${UUID}`, `1_0000-00-00_${UUID}`, `0_2026-03-02_${UUID}`]
      .filter((v) => new RegExp(s.pattern!).test(v));
  }
  return ['', 'x'.repeat(2000), '2026-02-30', '2026-13-01T99:99:99Z', '-1', 'zzz', "' OR 1=1 --", '%_\\'];
}


/** A 2xx, or a catalogue 4xx with a Chinese message; else a line for the failure list. */
function judge(what: string, res: { statusCode: number; body: string; headers: Record<string, unknown> }): string | null {
  if (res.statusCode < 400) return null;
  const err = String(res.headers['content-type'] ?? '').includes('json') ? (JSON.parse(res.body) as { error?: { code?: string; message?: string } }).error : undefined;
  if (res.statusCode < 500 && ERROR_CODES.includes(err?.code as never) && HAN.test(err?.message ?? '')) return null;
  return `${what} → ${res.statusCode} ${res.body.slice(0, 140)}`;
}

/** Edges for a body field, by the type of its well-formed value. */
function valueEdges(v: string | number): unknown[] {
  if (typeof v === 'number') return [-1, 0, 2 ** 31, 1e15, 1.5, '1'];
  return ['', ' ', 'x'.repeat(5000), '2026-02-30', '2026-02-30T09:00:00+08:00', '9999-12-31', '0001-01-01', 'zzz', 5, null];
}

describe('the boundary sweep', () => {
  it('answers the edge of every query parameter of every GET route with a 2xx or a catalogued 4xx in Chinese', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { cookie: users[0]!.cookie } })).json() as {
      paths: Record<string, Record<string, { parameters?: TParam[] }>>;
    };
    const failures: string[] = [];
    let probes = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      const get = ops.get;
      const query = (get?.parameters ?? []).filter((p) => p.in === 'query');
      if (!get || !query.length) continue;
      const url = path.replace(/\{[^}]+\}/g, UUID);
      for (const p of query) {
        for (const v of edges(p.schema)) {
          for (const u of users) {
            probes++;
            const res = await env.app.inject({ method: 'GET', url: `${url}?${p.name}=${encodeURIComponent(v)}`, headers: { cookie: u.cookie } });
            const f = judge(`GET ${path}?${p.name}=${v.slice(0, 40)}`, res);
            if (f) failures.push(f);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(probes).toBeGreaterThan(500);
  }, 300_000);
  it('answers the edge of every field of a well-formed body, on every route that names no record in its path, the same way', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { cookie: users[0]!.cookie } })).json() as {
      paths: Record<string, Record<string, TOperation>>;
    };
    const failures: string[] = [];
    let probes = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (path.includes('{') || path.startsWith('/api/auth/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (method === 'get' || !schema) continue;
        const base = sample(schema);
        for (const leaf of scalarLeaves(base)) {
          for (const v of valueEdges(leaf.value)) {
            for (const u of users) {
              probes++;
              const res = await env.app.inject({ method: method.toUpperCase() as 'POST', url: path, payload: JSON.stringify(withLeaf(base, leaf.path, v)), headers: { cookie: u.cookie, 'content-type': 'application/json' } });
              const f = judge(`${method.toUpperCase()} ${path} body.${leaf.path.join('.')}=${JSON.stringify(v)?.slice(0, 30)}`, res);
              if (f) failures.push(f);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(probes).toBeGreaterThan(500);
  }, 600_000);
});
