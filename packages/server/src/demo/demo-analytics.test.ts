/**
 * The demo reproduces the pilot's analytic results (issue 14): as the 政法委 supervisor
 * `cc-plc-supervisor` the city's alerts include the 危险驾驶 surge of the last weeks; the
 * 交警支队 account has it in its 站内信; the 非法吸收公众存款 petition trend suggests a 督办.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestEnv, login, type TTestEnv } from '../test/harness';
import { DEMO_PASSWORD } from './demo-agencies';
import { seedDemo } from './seed-demo';
import { seedDemoCases } from './seed-demo-cases';

let env: TTestEnv;
const user = async (username: string) => ({ cookie: await login(env, username, DEMO_PASSWORD) });

beforeAll(async () => {
  env = await createTestEnv();
  await seedDemo(env.database.db);
  // a small demo: the surge is the 交警支队's extra cases over the seed's own 危险驾驶 flow
  await seedDemoCases(env.database.db, () => {}, 120);
}, 600_000);
afterAll(async () => { await env.close(); });

describe('demo: surge alert and petition trend', () => {
  it('cc-plc-supervisor sees the city\'s alerts, the 危险驾驶 surge among them', async () => {
    const res = await as(env, await user('cc-plc-supervisor')).get('/api/analytics/alerts');
    expect(res.statusCode, res.body).toBe(200);
    const surge = res.json().items.find((a: { scope: string; charge: string }) => a.scope === 'cases' && a.charge === 'dangerous_driving');
    expect(surge).toMatchObject({ regionCode: '220100', routedTo: [expect.objectContaining({ agencyName: '长春市公安局交通警察支队' })] });
    expect(surge.observed).toBeGreaterThan(surge.expected);
    expect(res.json().items.every((a: { regionCode: string }) => a.regionCode.startsWith('2201'))).toBe(true);
  });

  it('the 交警支队 account has the 危险驾驶 alert in its 站内信', async () => {
    const items = (await as(env, await user('cc-traffic-handler')).get('/api/notifications?kind=alert')).json().items;
    expect(items).toEqual([expect.objectContaining({ title: expect.objectContaining({ zh: expect.stringContaining('危险驾驶') }) })]);
  });

  it('the 非法吸收公众存款 petition trend suggests a 督办 to the 政法委', async () => {
    const plc = await user('cc-plc-supervisor');
    const items = (await as(env, plc).get('/api/notifications?kind=petition')).json().items;
    expect(items.map((n: { title: { zh: string } }) => n.title.zh)).toContain('信访趋势上升，建议督办：非法吸收公众存款罪');
    const trends = (await as(env, plc).get('/api/petitions/trends')).json();
    expect(trends.byCharge.find((c: { chargeCode: string }) => c.chargeCode === 'illegal_deposit_taking')?.rising).toBe(true);
  });
});
