import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestEnv, makeAgency, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
let u: TTestUser;
beforeAll(async () => {
  env = await createTestEnv();
  u = await makeUser(env, (await makeAgency(env)).id);
});
afterAll(async () => { await env.close(); });

const calc = (body: unknown) => as(env, u).post('/api/deadlines/calculate', body);

describe('POST /api/deadlines/calculate', () => {
  it('CPL 105: a 7-day period from 2025-09-28 ending on the National Day holiday moves to the first workday after it', async () => {
    const res = await calc({ start: '2025-09-28', amount: 7, unit: 'day', inCustody: false });
    expect(res.statusCode).toBe(200);
    expect(res.json().due).toBe('2025-10-09');
    expect(res.json().explanation.map((s: { code: string }) => s.code)).toContain('HOLIDAY_MOVE');
  });
  it('CPL 105: a custody period of a detained person is not extended for the holiday', async () => {
    const res = await calc({ start: '2025-09-28', amount: 7, unit: 'day', inCustody: true });
    expect(res.json().due).toBe('2025-10-05');
    expect(res.json().explanation.map((s: { code: string }) => s.code)).toContain('CUSTODY_NO_MOVE');
  });
  it('以月计算的期限: one month from 2024-01-31 ends on 2024-02-29 (the target month has no 31st)', async () => {
    const res = await calc({ start: '2024-01-31', amount: 1, unit: 'month', inCustody: true });
    expect(res.json().due).toBe('2024-02-29');
  });
  it('answers bad input with 400 and a code naming the field', async () => {
    for (const [body, path] of [
      [{ start: '2025-02-30', amount: 1, unit: 'day', inCustody: false }, 'body.start'],
      [{ start: '2025-01-01', amount: -1, unit: 'day', inCustody: false }, 'body.amount'],
      [{ start: '2025-01-01', amount: 1, unit: 'week', inCustody: false }, 'body.unit'],
      [{ start: '2025-01-01', amount: 1, unit: 'day' }, 'body.inCustody'],
      [{ start: '2025-01-01', amount: 1.5, unit: 'day', inCustody: false }, 'body.amount'],
    ] as const) {
      const res = await calc(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.message).toContain(path);
    }
  });
});

describe('holiday calendar overrides', () => {
  it('CPL 105: a holiday entered by the administrator (a new year\'s State Council notice) moves a deadline at once; others may not enter one', async () => {
    const { createUser } = await import('../users/create-user');
    const { login } = await import('../test/harness');
    const ag = await makeAgency(env, { type: 'plc', level: 'province', regionCode: '220000' });
    await createUser(env.database.db, { actor: null, ip: null, userAgent: 't' }, { username: 'caladmin', displayName: '管理员', agencyId: ag.id, roles: ['admin'], password: 'cal-admin-pass-1', platformAdmin: true });
    const admin = { cookie: await login(env, 'caladmin', 'cal-admin-pass-1') };
    // 2030-06-10 is a Monday; a 7-day period from 2030-06-03 ends that day
    const before = (await calc({ start: '2030-06-03', amount: 7, unit: 'day', inCustody: false })).json();
    expect(before.due).toBe('2030-06-10');
    expect((await as(env, u).put('/api/calendar/overrides', { date: '2030-06-10', kind: 'holiday', note: '端午节' })).statusCode).toBe(403);
    const put = await as(env, admin).put('/api/calendar/overrides', { date: '2030-06-10', kind: 'holiday', note: '端午节', coversYear: true });
    expect(put.statusCode, put.body).toBe(200);
    const after = (await calc({ start: '2030-06-03', amount: 7, unit: 'day', inCustody: false })).json();
    expect(after.due).toBe('2030-06-11');
    const list = (await as(env, u).get('/api/calendar/overrides')).json();
    expect(list.items).toContainEqual({ date: '2030-06-10', kind: 'holiday', note: '端午节', coversYear: true });
    expect(list.coveredYears).toContain(2030);
  });
});
