/**
 * Duplicate submissions: the same request sent twice at once (a double click, a retry after a
 * lost answer) is answered once with the result and once with a catalogued 4xx — never a 500 from
 * the unique index that settled the race.
 */
import { generateSm2KeyPair } from '@xietong/core/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestEnv, makeAgency, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
let admin: TTestUser;
let agencyId: string;
beforeAll(async () => {
  env = await createTestEnv();
  agencyId = (await makeAgency(env, { type: 'police' })).id;
  admin = await makeUser(env, agencyId, ['admin']);
});
afterAll(async () => { await env.close(); });

async function twice(url: string, body: unknown): Promise<{ status: number; code?: string; message?: string }[]> {
  const res = await Promise.all([as(env, admin).post(url, body), as(env, admin).post(url, body)]);
  return res.map((r) => ({ status: r.statusCode, ...(r.statusCode >= 400 ? { code: r.json().error?.code, message: r.json().error?.message } : {}) }));
}

describe('the same creation twice at once', () => {
  it('POST /api/users: one account, the other answer ALREADY_EXISTS', async () => {
    for (let i = 0; i < 5; i++) {
      const username = `dup${Date.now()}${i}`;
      const out = await twice('/api/users', { username, displayName: '重复提交', agencyId, roles: ['handler'], password: 'Xietong-2026-dup!' });
      expect(out.map((o) => o.status).sort(), JSON.stringify(out)).toEqual([201, 409]);
      expect(out.find((o) => o.status === 409)).toMatchObject({ code: 'ALREADY_EXISTS', message: `用户名 ${username} 已存在` });
      expect(await env.database.db.selectFrom('users').select('id').where('username', '=', username).execute()).toHaveLength(1);
    }
  });

  it('POST /api/exchange/systems: one system, the other answer ALREADY_EXISTS', async () => {
    for (let i = 0; i < 5; i++) {
      const username = `dupsys${Date.now()}${i}`;
      const out = await twice('/api/exchange/systems', { agencyId, username, name: '业务系统', roles: ['handler'], publicKeyPem: generateSm2KeyPair().publicKeyPem, webhookUrl: null });
      expect(out.map((o) => o.status).sort(), JSON.stringify(out)).toEqual([201, 409]);
      expect(out.find((o) => o.status === 409)?.code).toBe('ALREADY_EXISTS');
    }
  });
});
