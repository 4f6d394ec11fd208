/**
 * 案件检索 with Chinese terms (issue 13): names and words of one or two characters, which a
 * trigram index cannot look up, are found through the character-pair index; the match is an
 * exact substring; the caller's reach still applies.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, caseBody, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
let handler: TTestUser;
let other: TTestUser;
let residentId: string;
let procId: string;
let policeId: string;

beforeAll(async () => {
  env = await createTestEnv();
  const police = await makeAgency(env, { type: 'police' });
  policeId = police.id;
  handler = await makeUser(env, police.id, ['handler']);
  other = await makeUser(env, (await makeAgency(env, { type: 'police', regionCode: '220102' })).id, ['handler']);
  procId = (await makeAgency(env, { type: 'procuratorate' })).id;
  const person = (caseBody().persons as Record<string, unknown>[])[0]!;
  residentId = person.residentId as string;
  await makeCase(env, handler, { title: '罗芳盗窃案', charges: ['theft'], persons: [{ ...person, name: '罗芳' }] });
  await makeCase(env, handler, { title: '王伟诈骗案', charges: ['fraud'], persons: [{ ...person, name: '王伟' }] });
});
afterAll(async () => { await env.close(); });

const titles = async (u: TTestUser, q: string) => {
  const r = await as(env, u).get(`/api/cases?q=${encodeURIComponent(q)}`);
  expect(r.statusCode, r.body).toBe(200);
  return { titles: (r.json().items as { title: string }[]).map((c) => c.title), total: r.json().total as number, capped: r.json().totalCapped as boolean };
};

describe('case search with Chinese terms', () => {
  it('finds a case by a one-character surname, a two-character name and a charge word; not by characters that are not adjacent', async () => {
    expect((await titles(handler, '罗')).titles).toEqual(['罗芳盗窃案']);
    expect((await titles(handler, '王伟')).titles).toEqual(['王伟诈骗案']);
    expect((await titles(handler, '盗窃')).titles).toEqual(['罗芳盗窃案']);
    const apart = await titles(handler, '罗窃');
    expect(apart.titles).toEqual([]);
    expect(apart).toMatchObject({ total: 0, capped: false });
    expect((await titles(handler, '诈骗案')).total).toBe(1);
  });

  it('finds a case by the 居民身份证号 of a person in it', async () => {
    expect(residentId).toMatch(/^\d{17}[\dX]$/);
    expect((await titles(handler, residentId)).titles).toEqual(expect.arrayContaining(['罗芳盗窃案', '王伟诈骗案']));
  });

  it('CPL 91: sorted by deadline, the case with a running detention period comes before the more recently updated one without', async () => {
    const held = await makeCase(env, handler, { title: '赵强盗窃案', charges: ['theft'] });
    const inst = (await as(env, handler).post(`/api/cases/${held.id}/processes`, { code: 'arrest', receiverAgencyId: procId })).json();
    const personId = (await as(env, handler).get(`/api/cases/${held.id}`)).json().people[0].id;
    expect((await as(env, handler).post(`/api/process-instances/${inst.id}/actions`, { action: 'record_detention', input: { personId } })).statusCode).toBe(200);
    await makeCase(env, handler, { title: '钱某诈骗案', charges: ['fraud'] });
    const list = async (sort: string) => ((await as(env, handler).get(`/api/cases?sort=${sort}`)).json().items as { title: string }[]).map((c) => c.title);
    expect((await list('updated'))[0]).toBe('钱某诈骗案');
    expect((await list('deadline'))[0]).toBe('赵强盗窃案');
  });

  it('finds nothing outside the caller\'s reach', async () => {
    expect((await titles(other, '罗芳')).titles).toEqual([]);
  });
});

describe('case search at province scale (scope keys, 0043)', () => {
  const caseIdOf = async (title: string) => (await env.database.db.selectFrom('cases').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;

  it('an agency that joins a case finds it by name; once it leaves, no longer', async () => {
    const id = await caseIdOf('罗芳盗窃案');
    expect((await titles(other, '罗芳')).titles).toEqual([]);
    await env.database.db.insertInto('case_parties').values({ case_id: id, agency_id: other.agencyId }).execute();
    expect((await titles(other, '罗芳')).titles).toEqual(['罗芳盗窃案']);
    await env.database.db.deleteFrom('case_parties').where('case_id', '=', id).where('agency_id', '=', other.agencyId).execute();
    expect((await titles(other, '罗芳')).titles).toEqual([]);
  });

  it('a supervisor finds the cases of its city by a surname, not those of another city', async () => {
    const city = await makeAgency(env, { type: 'procuratorate', level: 'city', regionCode: '220100' });
    const supervisor = await makeUser(env, city.id, ['supervisor']);
    const elsewhere = await makeUser(env, (await makeAgency(env, { type: 'police', regionCode: '220202' })).id, ['handler']);
    await makeCase(env, elsewhere, { title: '罗军故意伤害案', charges: ['intentional_injury'] });
    expect((await titles(supervisor, '罗')).titles).toEqual(['罗芳盗窃案']);
    expect((await titles(elsewhere, '罗')).titles).toEqual(['罗军故意伤害案']);
  });

  it('a term in more than 1,000 cases: a page in recency order and a total that says "1000+"', async () => {
    // 1,100 cases of the handler's agency, written in one statement (the keys follow by trigger)
    await sql`WITH c AS (
        INSERT INTO cases (title, summary, region_code, created_by_agency, created_by, created_at, updated_at, stage, search_text)
        SELECT '周' || g || '号盗窃案', '', '220104', ${policeId}, ${handler.id}, now() - g * interval '1 minute', now() - g * interval '1 minute',
               'police.investigating', '周' || g || '号盗窃案'
          FROM generate_series(1, 1100) g RETURNING id)
      INSERT INTO case_parties (case_id, agency_id) SELECT id, ${policeId} FROM c`.execute(env.database.db);
    const r = await titles(handler, '周');
    expect(r).toMatchObject({ total: 1000, capped: true });
    expect(r.titles.slice(0, 3)).toEqual(['周1号盗窃案', '周2号盗窃案', '周3号盗窃案']);
    expect(r.titles).toHaveLength(20);
    // not one of them for an agency that is not party
    expect(await titles(other, '周')).toMatchObject({ titles: [], total: 0, capped: false });
    // a rare term among them: exactly its case
    expect((await titles(handler, '周1099号')).titles).toEqual(['周1099号盗窃案']);
  });
});
