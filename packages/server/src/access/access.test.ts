import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, caseBody, createTestEnv, makeAgency, makeUser, type TTestEnv } from '../test/harness';

let env: TTestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env.close(); });

describe('the access gate', () => {
  it('a user of another agency gets 404 for a case, and the refused attempt is audited', async () => {
    const police = await makeAgency(env, { type: 'police' });
    const other = await makeAgency(env, { type: 'police', regionCode: '220102' });
    const owner = await makeUser(env, police.id);
    const outsider = await makeUser(env, other.id);
    const created = await as(env, owner).post('/api/cases', caseBody({ title: '张某某危险驾驶案' }));
    expect(created.statusCode).toBe(201);
    const id = created.json().id;

    const res = await as(env, outsider).get(`/api/cases/${id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    const denied = await env.database.db.selectFrom('audit_log').selectAll()
      .where('user_id', '=', outsider.id).where('action', '=', 'case.read').execute();
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ outcome: 'denied', target_id: id });
    // and the list does not reveal it either
    const list = await as(env, outsider).get('/api/cases');
    expect(list.json().items.map((c: { id: string }) => c.id)).not.toContain(id);
    // the owner sees it, and that read is audited too
    expect((await as(env, owner).get(`/api/cases/${id}`)).statusCode).toBe(200);
    const reads = await env.database.db.selectFrom('audit_log').select('outcome').where('user_id', '=', owner.id).where('action', '=', 'case.read').execute();
    expect(reads.map((r) => r.outcome)).toEqual(['ok']);
  });

  it('a 政法委 supervisor reads cases across the jurisdiction but cannot create them', async () => {
    const police = await makeAgency(env, { type: 'police', regionCode: '220104' });
    const plc = await makeAgency(env, { type: 'plc', level: 'city', regionCode: '220100' });
    const farPlc = await makeAgency(env, { type: 'plc', level: 'city', regionCode: '220200' });
    const owner = await makeUser(env, police.id);
    const sup = await makeUser(env, plc.id, ['supervisor']);
    const farSup = await makeUser(env, farPlc.id, ['supervisor']);
    const id = (await as(env, owner).post('/api/cases', caseBody({ title: '李某盗窃案' }))).json().id;
    expect((await as(env, sup).get(`/api/cases/${id}`)).statusCode).toBe(200);
    expect((await as(env, farSup).get(`/api/cases/${id}`)).statusCode).toBe(404);
    expect((await as(env, sup).post('/api/cases', caseBody({ title: '监督员不能立案' }))).statusCode).toBe(403);
  });

  it('a lawyer sees no case without a grant', async () => {
    const police = await makeAgency(env);
    const firm = await makeAgency(env, { type: 'lawfirm' });
    const owner = await makeUser(env, police.id);
    const lawyer = await makeUser(env, firm.id, ['lawyer']);
    const id = (await as(env, owner).post('/api/cases', caseBody({ title: '王某诈骗案' }))).json().id;
    expect((await as(env, lawyer).get(`/api/cases/${id}`)).statusCode).toBe(404);
    await env.database.db.insertInto('case_lawyer_grants').values({ case_id: id, user_id: lawyer.id, granted_by: owner.id }).execute();
    expect((await as(env, lawyer).get(`/api/cases/${id}`)).statusCode).toBe(200);
  });

  it('a case marked 涉密 is refused with a clear error', async () => {
    const police = await makeAgency(env);
    const owner = await makeUser(env, police.id);
    const res = await as(env, owner).post('/api/cases', caseBody({ title: '涉密案件', classified: true }));
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'CASE_CLASSIFIED', message: expect.stringMatching(/^涉密案件不得通过本平台流转：案件密级为“秘密”/) });
  });

  it('only administrators create users; an agency admin only in their own agency', async () => {
    const a = await makeAgency(env);
    const b = await makeAgency(env);
    const handler = await makeUser(env, a.id, ['handler']);
    const admin = await makeUser(env, a.id, ['admin']);
    const body = (agencyId: string) => ({ username: `new${Date.now()}${Math.round(Math.random() * 1e6)}`, displayName: '新用户', agencyId, roles: ['clerk'], password: 'initial-pass-1' });
    expect((await as(env, handler).post('/api/users', body(a.id))).statusCode).toBe(403);
    expect((await as(env, admin).post('/api/users', body(b.id))).statusCode).toBe(403);
    expect((await as(env, admin).post('/api/users', body(a.id))).statusCode).toBe(201);
  });
});
