/**
 * Surge alerts end to end: weekly 危险驾驶 counts of a city with a planted surge in the last
 * complete week are detected by the sweep, stored once, routed by the alert rule to the
 * 交通警察支队's 站内信, and listed for the city's 政法委 — not for another city.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestEnv, makeAgency, makeUser, type TTestEnv, type TTestUser } from '../test/harness';
import { sweepSurges } from './sweep-surges';

let env: TTestEnv;
let registrar: { id: string; user: TTestUser };
let traffic: TTestUser, plc: TTestUser, otherPlc: TTestUser, otherPolice: TTestUser;
const NOW = new Date('2026-11-30T12:00:00+08:00'); // a Monday: the week 11-23..11-29 is the last complete one

async function registerCases(charge: string, weekMonday: string, count: number) {
  const base = Date.parse(`${weekMonday}T09:00:00+08:00`);
  for (let i = 0; i < count; i++) {
    const at = new Date(base + (i % 7) * 86400_000 + i * 60_000);
    const c = await env.database.pool.query(`INSERT INTO cases (title, region_code, created_by_agency, created_by, occurred_at, created_at, updated_at)
      VALUES ('某危险驾驶案', '220104', $1, $2, $3, $3, $3) RETURNING id`, [registrar.id, registrar.user.id, at]);
    await env.database.pool.query('INSERT INTO case_parties (case_id, agency_id) VALUES ($1, $2)', [c.rows[0].id, registrar.id]);
    await env.database.pool.query('INSERT INTO case_charges (case_id, charge_code, position) VALUES ($1, $2, 0)', [c.rows[0].id, charge]);
  }
}

const monday = (weeksBeforeLast: number) => new Date(Date.parse('2026-11-23T00:00:00Z') - weeksBeforeLast * 7 * 86400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  env = await createTestEnv();
  const police = await makeAgency(env, { type: 'police', level: 'district', regionCode: '220104' });
  registrar = { id: police.id, user: await makeUser(env, police.id, ['handler'], { login: false }) };
  const trafficAgency = await makeAgency(env, { type: 'police', level: 'city', regionCode: '220100' });
  traffic = await makeUser(env, trafficAgency.id, ['handler']);
  plc = await makeUser(env, (await makeAgency(env, { type: 'plc', level: 'city', regionCode: '220100' })).id, ['supervisor']);
  otherPlc = await makeUser(env, (await makeAgency(env, { type: 'plc', level: 'city', regionCode: '220200' })).id, ['supervisor']);
  otherPolice = await makeUser(env, (await makeAgency(env, { type: 'police', level: 'city', regionCode: '220100' })).id, ['handler']);
  await env.database.pool.query(`INSERT INTO alert_rules (charge_code, region_prefix, agency_id) VALUES ('dangerous_driving', '2201', $1)`, [trafficAgency.id]);
  // 14 ordinary weeks of 8–12 危险驾驶 cases, then 30 in the last complete week
  for (let w = 14; w >= 1; w--) await registerCases('dangerous_driving', monday(w), 8 + (w % 5));
  await registerCases('dangerous_driving', monday(0), 30);
});
afterAll(async () => { await env.close(); });

describe('surge alerts (激增预警)', () => {
  it('detects the planted surge in its week, stores observed vs expected and the series, and routes it to the subscribed 交警支队', async () => {
    expect(await sweepSurges(env.database.db, { now: NOW })).toEqual({ alerts: 1, petitionTrends: 0 });
    const res = await as(env, plc).get('/api/analytics/alerts');
    expect(res.statusCode, res.body).toBe(200);
    const [alert, ...rest] = res.json().items;
    expect(rest).toEqual([]);
    // baseline: weeks 11-02 back to 08-24 (12 weeks, one guard week): 8 + w % 5 for w = 2..13
    const expected = Math.round(([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].reduce((s, w) => s + 8 + (w % 5), 0) / 12) * 100) / 100;
    expect(alert).toMatchObject({ scope: 'cases', charge: 'dangerous_driving', chargeName: '危险驾驶罪', regionCode: '220100', periodFrom: '2026-11-23', periodTo: '2026-11-29', observed: 30, expected });
    expect(alert.series.at(-1)).toEqual({ from: '2026-11-23', observed: 30, expected });
    expect(alert.series.length).toBe(16); // the chart: the alert week and the 15 before it
    expect(alert.routedTo.map((r: { agencyId: string }) => r.agencyId)).toEqual([traffic.agencyId]);
    const inbox = (await as(env, traffic).get('/api/notifications')).json();
    expect(inbox.items).toEqual([expect.objectContaining({ kind: 'alert', title: expect.objectContaining({ zh: expect.stringContaining('危险驾驶罪') }) })]);
  });

  it('another city\'s 政法委 and an agency the rule does not name see no alert', async () => {
    expect((await as(env, otherPlc).get('/api/analytics/alerts')).json().items).toEqual([]);
    expect((await as(env, otherPolice).get('/api/analytics/alerts')).json().items).toEqual([]);
    expect((await as(env, otherPolice).get('/api/notifications')).json().items).toEqual([]);
    expect((await as(env, traffic).get('/api/analytics/alerts')).json().items).toHaveLength(1);
  });

  it('a second sweep, or two nodes sweeping at once, raise nothing twice', async () => {
    await registerCases('theft', monday(0), 25);
    for (let w = 14; w >= 1; w--) await registerCases('theft', monday(w), 2);
    const both = await Promise.all([sweepSurges(env.database.db, { now: NOW }), sweepSurges(env.database.db, { now: NOW })]);
    const raised = both.reduce((s, r) => s + (r?.alerts ?? 0), 0);
    expect(raised).toBe(1);
    expect(await sweepSurges(env.database.db, { now: NOW })).toEqual({ alerts: 0, petitionTrends: 0 });
    const { rows } = await env.database.pool.query('SELECT charge_code, count(*)::int AS n FROM surge_alerts GROUP BY 1 ORDER BY 1');
    expect(rows).toEqual([{ charge_code: 'dangerous_driving', n: 1 }, { charge_code: 'theft', n: 1 }]);
    expect((await as(env, traffic).get('/api/notifications')).json().items).toHaveLength(1);
  });
});
