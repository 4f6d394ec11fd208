/**
 * Demo 辩护 (issue 15 acceptance): after the demo seed, `cc-lawfirm-lawyer` signs in with the demo
 * password and finds its client's case in GET /api/cases; the client's card is readable, another
 * demo case is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestEnv, login, type TTestEnv } from '../test/harness';
import { DEMO_PASSWORD, demoUsername } from './demo-agencies';
import { seedDemo } from './seed-demo';
import { seedDemoCases } from './seed-demo-cases';

let env: TTestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await seedDemo(env.database.db);
  expect(await seedDemoCases(env.database.db, () => {}, 60)).toBe(60);
}, 600_000);
afterAll(async () => { await env.close(); });

describe('demo defence', () => {
  it('cc-lawfirm-lawyer holds a confirmed representation and finds that case in GET /api/cases (CPL 40: at 审查起诉)', async () => {
    const lawyer = { cookie: await login(env, demoUsername('cc-lawfirm', 'lawyer'), DEMO_PASSWORD) };
    const reqs = (await as(env, lawyer).get('/api/defence/requests')).json().items as { status: string; caseId: string; fileReviewOpen: boolean; person: { name: string } }[];
    const rep = reqs.find((r) => r.status === 'confirmed')!;
    expect(rep).toMatchObject({ fileReviewOpen: true });
    const cases = (await as(env, lawyer).get('/api/cases')).json();
    expect(cases.items.map((c: { id: string }) => c.id)).toEqual([rep.caseId]);
    expect(cases.items[0].persons).toEqual([rep.person.name]);
    expect((await as(env, lawyer).get(`/api/cases/${rep.caseId}`)).statusCode).toBe(200);
    const other = await env.database.db.selectFrom('cases').select('id').where('id', '!=', rep.caseId).executeTakeFirstOrThrow();
    expect((await as(env, lawyer).get(`/api/cases/${other.id}`)).statusCode).toBe(404);
  });
});
