/**
 * 站内信: a notice reaches the users of the agency it is addressed to (or the one user named),
 * never another agency's; each user marks it read for themself; a sweep that notifies the same
 * source twice writes one notice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from './notify';
import { as, createTestEnv, makeAgency, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
let a1: TTestUser, a2: TTestUser, other: TTestUser;
let agencyA: string;

beforeAll(async () => {
  env = await createTestEnv();
  agencyA = (await makeAgency(env, { type: 'police' })).id;
  a1 = await makeUser(env, agencyA, ['handler']);
  a2 = await makeUser(env, agencyA, ['clerk']);
  other = await makeUser(env, (await makeAgency(env, { type: 'police' })).id, ['handler']);
});
afterAll(async () => { await env.close(); });

type TList = { items: { id: string; title: { zh: string }; readAt: string | null }[]; unread: number };

describe('站内信 notifications', () => {
  it('an agency-wide notice reaches every user of that agency and no one else; a personal one only its user', async () => {
    const db = env.database.db;
    expect(await notify(db, { agencyId: agencyA, kind: 'alert', title: { zh: '危险驾驶案件激增', en: 'Surge of dangerous driving' }, source: { type: 'test', id: 'surge-1' } })).toBe(true);
    expect(await notify(db, { agencyId: agencyA, kind: 'alert', title: { zh: '危险驾驶案件激增', en: 'Surge of dangerous driving' }, source: { type: 'test', id: 'surge-1' } })).toBe(false);
    await notify(db, { agencyId: agencyA, userId: a2.id, kind: 'deadline', title: { zh: '羁押期限临近', en: 'Custody deadline near' } });

    const l1 = (await as(env, a1).get('/api/notifications')).json() as TList;
    const l2 = (await as(env, a2).get('/api/notifications')).json() as TList;
    const lo = (await as(env, other).get('/api/notifications')).json() as TList;
    expect(l1.items.map((i) => i.title.zh)).toEqual(['危险驾驶案件激增']);
    expect(l2.items.map((i) => i.title.zh).sort()).toEqual(['危险驾驶案件激增', '羁押期限临近'].sort());
    expect(lo.items).toEqual([]);
    expect(l1.unread).toBe(1);

    const id = l1.items[0]!.id;
    expect((await as(env, other).post(`/api/notifications/${id}/read`)).statusCode).toBe(404);
    expect((await as(env, a1).post(`/api/notifications/${id}/read`)).statusCode).toBe(200);
    expect((await as(env, a1).post(`/api/notifications/${id}/read`)).statusCode).toBe(200);
    const after1 = (await as(env, a1).get('/api/notifications?unread=true')).json() as TList;
    const after2 = (await as(env, a2).get('/api/notifications')).json() as TList;
    expect(after1.items).toEqual([]);
    expect(after1.unread).toBe(0);
    expect(after2.unread).toBe(2);
  });
});
