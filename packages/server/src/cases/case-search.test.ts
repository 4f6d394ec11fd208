import { generateResidentId } from '@xietong/core/cases';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, caseBody, createTestEnv, makeAgency, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
let officer: TTestUser;
let drunk: { id: string; policeNumber: string; residentId: string };
let theft: { id: string };

async function search(q: string): Promise<string[]> {
  const res = await as(env, officer).get(`/api/cases?q=${encodeURIComponent(q)}`);
  expect(res.statusCode).toBe(200);
  return res.json().items.map((c: { id: string }) => c.id);
}

beforeAll(async () => {
  env = await createTestEnv();
  const police = await makeAgency(env, { type: 'police' });
  officer = await makeUser(env, police.id);
  const residentId = generateResidentId(4251, { regionCode: '220104', sex: 'male' }); // 22010419720922697X
  const a = await as(env, officer).post('/api/cases', caseBody({
    title: '王某某危险驾驶案', charges: ['dangerous_driving'],
    persons: [{ name: '王建国', residentId, measures: [{ measure: 'detention', startedAt: '2025-03-02T01:00:00+08:00' }] }],
  }));
  expect(a.statusCode).toBe(201);
  drunk = { id: a.json().id, policeNumber: a.json().numbers.police, residentId };
  const b = await as(env, officer).post('/api/cases', caseBody({ title: '李某盗窃案', charges: ['theft'] }));
  expect(b.statusCode).toBe(201);
  theft = { id: b.json().id };
});
afterAll(async () => { await env.close(); });

describe('case search knows the field', () => {
  it('刑法第一百三十三条之一: searching 醉驾 finds the 危险驾驶 case, not the theft', async () => {
    const found = await search('醉驾');
    expect(found).toContain(drunk.id);
    expect(found).not.toContain(theft.id);
    expect(await search('飙车')).toContain(drunk.id);
  });

  it('刑法第二百六十四条: searching 扒窃 finds the 盗窃 case', async () => {
    const found = await search('扒窃');
    expect(found).toContain(theft.id);
    expect(found).not.toContain(drunk.id);
  });

  it('finds a case by a person name, a 身份证号 (ending in X, typed in either case) and the police number', async () => {
    expect(await search('王建国')).toEqual([drunk.id]);
    expect(await search(drunk.residentId)).toEqual([drunk.id]);
    expect(await search(drunk.residentId.toLowerCase())).toEqual([drunk.id]);
    expect(drunk.policeNumber).toBeTruthy();
    expect(await search(drunk.policeNumber)).toEqual([drunk.id]);
  });

  it('finds a case by the procuratorate and court numbers once they are assigned', async () => {
    // the numbers are assigned by the processes (受理审查起诉, 立案), which store them on the case and
    // append them to its search text (case-effects.ts); arranged here the same way
    const proc = '长朝检刑诉受〔2026〕220104000123号';
    const court = '（2026）吉0104刑初77号';
    await env.database.db.updateTable('cases')
      .set((eb) => ({ procuratorate_number: proc, court_number: court, search_text: sql<string>`${eb.ref('search_text')} || ${` ${proc} ${court}`}` }))
      .where('id', '=', theft.id).execute();
    expect(await search('刑诉受〔2026〕220104000123')).toEqual([theft.id]);
    expect(await search('（2026）吉0104刑初77号')).toEqual([theft.id]);
  });
});
