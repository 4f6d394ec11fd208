/**
 * 涉法涉诉信访 register: who may register, see and update (core `canWritePetition`), refusals
 * leave nothing behind, and a rising trend about one charge suggests a 督办 to the 政法委.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';
import { sweepSurges } from './sweep-surges';

let env: TTestEnv;
let police: { id: string; handler: TTestUser }, otherPolice: { id: string; handler: TTestUser };
let plc: TTestUser, plcAdmin: TTestUser, otherPlc: TTestUser, lawyer: TTestUser;
const body = (o: Record<string, unknown> = {}) => ({ petitioner: '王某', receivedOn: '2026-11-20', channel: 'visit', subject: 'property', handlingAgencyId: police.id, chargeCode: 'illegal_deposit_taking', ...o });
const count = async () => Number((await env.database.pool.query('SELECT count(*) FROM petitions')).rows[0].count);

beforeAll(async () => {
  env = await createTestEnv();
  const p = await makeAgency(env, { type: 'police', regionCode: '220104' });
  police = { id: p.id, handler: await makeUser(env, p.id, ['handler']) };
  const o = await makeAgency(env, { type: 'police', regionCode: '220102' });
  otherPolice = { id: o.id, handler: await makeUser(env, o.id, ['handler']) };
  const cityPlc = await makeAgency(env, { type: 'plc', level: 'city', regionCode: '220100' });
  plc = await makeUser(env, cityPlc.id, ['supervisor']);
  plcAdmin = await makeUser(env, cityPlc.id, ['admin']);
  otherPlc = await makeUser(env, (await makeAgency(env, { type: 'plc', level: 'city', regionCode: '220200' })).id, ['supervisor']);
  lawyer = await makeUser(env, (await makeAgency(env, { type: 'lawfirm', regionCode: '220104' })).id, ['lawyer']);
});
afterAll(async () => { await env.close(); });

describe('petition register (涉法涉诉信访)', () => {
  it('the handling agency registers its own petition, the 政法委 one for an agency of its city; both see it, another agency does not', async () => {
    const own = await as(env, police.handler).post('/api/petitions', body());
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ petitioner: '王某', status: 'registered', chargeName: '非法吸收公众存款罪', handlingAgencyId: police.id, version: 1 });
    const byPlc = await as(env, plc).post('/api/petitions', body({ petitioner: '李某', channel: 'letter' }));
    expect(byPlc.statusCode, byPlc.body).toBe(201);
    expect((await as(env, police.handler).get('/api/petitions')).json().total).toBe(2);
    expect((await as(env, plc).get('/api/petitions')).json().total).toBe(2);
    expect((await as(env, plcAdmin).get('/api/petitions')).json().total).toBe(2);
    expect((await as(env, otherPolice.handler).get('/api/petitions')).json().total).toBe(0);
    expect((await as(env, otherPlc).get('/api/petitions')).json().total).toBe(0);
    expect((await as(env, lawyer).get('/api/petitions')).json().total).toBe(0);
  });

  it('refusals register nothing: another agency\'s petition (404), the 政法委 administrator (403), another city (404), a lawyer (404)', async () => {
    const before = await count();
    expect((await as(env, otherPolice.handler).post('/api/petitions', body())).statusCode).toBe(404);
    expect((await as(env, plcAdmin).post('/api/petitions', body())).json().error.code).toBe('FORBIDDEN');
    expect((await as(env, otherPlc).post('/api/petitions', body())).statusCode).toBe(404);
    expect((await as(env, lawyer).post('/api/petitions', body())).statusCode).toBe(404);
    expect(await count()).toBe(before);
  });

  it('a linked case must be readable by the registrar; its charge is taken when none is named', async () => {
    const c = await makeCase(env, police.handler, { charges: ['fraud'] });
    const ok = await as(env, police.handler).post('/api/petitions', body({ caseId: c.id, chargeCode: undefined }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ caseId: c.id, chargeCode: 'fraud' });
    const before = await count();
    expect((await as(env, otherPolice.handler).post('/api/petitions', body({ caseId: c.id, handlingAgencyId: otherPolice.id }))).statusCode).toBe(404);
    expect(await count()).toBe(before);
  });

  it('updates status with optimistic concurrency; an outsider gets 404 and the row is unchanged', async () => {
    const p = (await as(env, police.handler).get('/api/petitions')).json().items[0];
    expect((await as(env, otherPolice.handler).patch(`/api/petitions/${p.id}`, { status: 'closed', version: p.version })).statusCode).toBe(404);
    const up = await as(env, plc).patch(`/api/petitions/${p.id}`, { status: 'handling', version: p.version });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ status: 'handling', version: p.version + 1 });
    const stale = await as(env, police.handler).patch(`/api/petitions/${p.id}`, { status: 'answered', version: p.version });
    expect(stale.json().error.code).toBe('CONFLICT');
    // moving it to an agency outside the caller's own reach is refused
    expect((await as(env, police.handler).patch(`/api/petitions/${p.id}`, { handlingAgencyId: otherPolice.id, version: p.version + 1 })).statusCode).toBe(404);
    const { rows } = await env.database.pool.query('SELECT status, handling_agency_id FROM petitions WHERE id = $1', [p.id]);
    expect(rows[0]).toEqual({ status: 'handling', handling_agency_id: police.id });
  });

  it('a rising trend of petitions about one charge suggests a 督办 to the city\'s 政法委, and shows in the trends', async () => {
    const NOW = new Date('2026-11-30T12:00:00+08:00');
    const weeks = Array.from({ length: 12 }, (_, i) => new Date(Date.parse('2026-11-23T02:00:00Z') - (i + 1) * 7 * 86400_000).toISOString().slice(0, 10));
    const values: string[] = [];
    const params: unknown[] = [police.id];
    const add = (day: string, charge: string) => { params.push(day, charge); values.push(`('某', $${params.length - 1}::date, 'visit', 'property', $${params.length}, $1)`); };
    for (const [i, w] of weeks.entries()) add(w, i % 2 ? 'illegal_deposit_taking' : 'fraud');
    for (let i = 0; i < 9; i++) add(`2026-11-${23 + (i % 7)}`, 'illegal_deposit_taking');
    await env.database.pool.query(`INSERT INTO petitions (petitioner, received_on, channel, subject, charge_code, handling_agency_id) VALUES ${values.join(', ')}`, params);
    expect(await sweepSurges(env.database.db, { now: NOW })).toEqual({ alerts: 0, petitionTrends: 1 });
    const note = (await as(env, plc).get('/api/notifications?kind=petition')).json().items;
    expect(note).toEqual([expect.objectContaining({ title: expect.objectContaining({ zh: '信访趋势上升，建议督办：非法吸收公众存款罪' }) })]);
    expect((await as(env, otherPlc).get('/api/notifications?kind=petition')).json().items).toEqual([]);
    // the police agency gets no 督办 suggestion about itself, and sees no petition trend alert
    expect((await as(env, police.handler).get('/api/analytics/alerts')).json().items).toEqual([]);
    expect((await as(env, plc).get('/api/analytics/alerts')).json().items).toEqual([expect.objectContaining({ scope: 'petitions', charge: 'illegal_deposit_taking', observed: 9 })]);
  });

  it('trends by charge and subject over the periods asked for', async () => {
    const res = await as(env, plc).get('/api/petitions/trends?periods=8');
    expect(res.statusCode, res.body).toBe(200);
    const t = res.json();
    expect(t.periods).toHaveLength(8);
    expect(t.byCharge.every((c: { counts: number[] }) => c.counts.length === 8)).toBe(true);
    expect(t.bySubject.map((s: { subject: string }) => s.subject)).toContain('property');
  });
});
