import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { as, caseBody, createTestEnv, makeAgency, makeUser, type TTestEnv } from '../test/harness';

let env: TTestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env.close(); });

describe('the audit trail (全程留痕)', () => {
  it('cannot be updated, deleted or truncated, even with raw SQL through the app connection', async () => {
    const ag = await makeAgency(env);
    await makeUser(env, ag.id);
    const db = env.database.db;
    const before = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(before.length).toBeGreaterThan(0);
    await expect(sql`UPDATE audit_log SET action = 'forged'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/append-only/);
    const after = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(after).toEqual(before);
  });

  it('a write and its audit row commit together: a refused write leaves no case and one denied row', async () => {
    const ag = await makeAgency(env, { type: 'detention' });
    const u = await makeUser(env, ag.id, ['handler']);
    const res = await as(env, u).post('/api/cases', caseBody({ title: '看守所不能立案' }));
    expect(res.statusCode).toBe(403);
    const rows = await env.database.db.selectFrom('audit_log').select(['action', 'outcome', 'ip', 'user_agent', 'agency_name'])
      .where('user_id', '=', u.id).where('action', '=', 'case.created').execute();
    expect(rows).toEqual([{ action: 'case.created', outcome: 'denied', ip: '127.0.0.1', user_agent: 'lightMyRequest', agency_name: expect.any(String) }]);
  });

  it('supervisors query it by case, user and agency within their jurisdiction; handlers may not', async () => {
    const police = await makeAgency(env, { regionCode: '220104' });
    const plc = await makeAgency(env, { type: 'plc', level: 'city', regionCode: '220100' });
    const owner = await makeUser(env, police.id);
    const sup = await makeUser(env, plc.id, ['supervisor']);
    const id = (await as(env, owner).post('/api/cases', caseBody({ title: '审计查询测试案' }))).json().id;
    await as(env, owner).get(`/api/cases/${id}`);
    const byCase = await as(env, sup).get(`/api/audit?caseId=${id}`);
    expect(byCase.statusCode).toBe(200);
    expect(byCase.json().items.map((r: { action: string }) => r.action).sort()).toEqual(['case.created', 'case.read']);
    const byUser = await as(env, sup).get(`/api/audit?userId=${owner.id}&action=case.read`);
    expect(byUser.json().total).toBe(1);
    const byAgency = await as(env, sup).get(`/api/audit?agencyId=${police.id}&from=2000-01-01T00:00:00Z`);
    expect(byAgency.json().total).toBeGreaterThanOrEqual(2);
    const refused = await as(env, owner).get('/api/audit');
    expect(refused.statusCode).toBe(403);
  });
});
