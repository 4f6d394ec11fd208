/**
 * 案件列表 shows a detained person's custody deadline beside the name (issue 17: "a detained
 * person's custody deadline is on every screen that shows the person"), the same date as the
 * case card's, and nothing for a person who is not held.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { as, caseBody, createTestEnv, makeAgency, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
let officer: TTestUser;
let caseId = '';

beforeAll(async () => {
  env = await createTestEnv();
  const police = await makeAgency(env, { type: 'police' });
  officer = await makeUser(env, police.id);
  const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
  const res = await as(env, officer).post('/api/cases', caseBody({
    title: '赵某等盗窃案', charges: ['theft'],
    persons: [
      { name: '赵立军', sex: 'male', measures: [{ measure: 'detention', startedAt: `${yesterday}T22:00:00+08:00` }] },
      { name: '钱某', sex: 'female', measures: [{ measure: 'bail', startedAt: `${yesterday}T22:00:00+08:00` }] },
      { name: '孙某', sex: 'male' },
    ],
  }));
  expect(res.statusCode, res.body).toBe(201);
  caseId = res.json().id;
});
afterAll(async () => { await env.close(); });

it('CPL 91: the case list names the detained 赵立军 with the custody deadline of the case card; 钱某 on bail and 孙某 are listed by name only', async () => {
  const list = await as(env, officer).get('/api/cases');
  expect(list.statusCode).toBe(200);
  const row = list.json().items.find((c: { id: string }) => c.id === caseId);
  expect(row.persons).toEqual(['赵立军', '钱某', '孙某']);
  const card = await as(env, officer).get(`/api/cases/${caseId}`);
  const held = card.json().people.find((p: { name: string }) => p.name === '赵立军');
  expect(held.custodyDeadline).not.toBeNull();
  expect(row.custody).toEqual([{ personId: held.id, name: '赵立军', zh: held.custodyDeadline.zh, due: held.custodyDeadline.due, status: held.custodyDeadline.status }]);
});
