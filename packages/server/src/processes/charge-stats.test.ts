/**
 * Cases per charge in the statistics (案件罪名统计) come from the rollup `case_charge_daily`
 * (migration 0021), kept in the transaction that writes a case's charges and parties. These tests
 * check the figures a user sees against the cases themselves, and that a party and a charge added
 * to one case by two concurrent transactions are counted exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
let police: { id: string; handler: TTestUser; approver: TTestUser };
let proc: { id: string; clerk: TTestUser };

beforeAll(async () => {
  env = await createTestEnv();
  const pol = await makeAgency(env, { type: 'police' });
  const p = await makeAgency(env, { type: 'procuratorate' });
  police = { id: pol.id, handler: await makeUser(env, pol.id, ['handler']), approver: await makeUser(env, pol.id, ['approver']) };
  proc = { id: p.id, clerk: await makeUser(env, p.id, ['clerk']) };
});
afterAll(async () => { await env.close(); });

type TByCharge = { charge: string; count: number }[];
const byCharge = async (u: TTestUser): Promise<Record<string, number>> =>
  Object.fromEntries(((await as(env, u).get('/api/stats/flows')).json().byCharge as TByCharge).map((c) => [c.charge, c.count]));

describe('cases per charge (rollup)', () => {
  it('counts each case once per charge for the registering agency, and for a receiving agency once the flow has reached it', async () => {
    await makeCase(env, police.handler, { charges: ['theft'] });
    await makeCase(env, police.handler, { charges: ['theft', 'fraud'] });
    const sent = await makeCase(env, police.handler, { charges: ['fraud'] });
    expect(await byCharge(police.handler)).toEqual({ theft: 2, fraud: 2 });
    expect(await byCharge(proc.clerk)).toEqual({});
    // 提请批准逮捕: the procuratorate becomes a party to the case and counts its charge
    await provideAllEvidence(env, police.handler, sent.id, ['fraud']);
    const start = await as(env, police.handler).post(`/api/cases/${sent.id}/processes`, { code: 'arrest', receiverAgencyId: proc.id });
    expect(start.statusCode, start.body).toBe(201);
    const submit = await as(env, police.approver).post(`/api/process-instances/${start.json().id}/actions`, { action: 'submit', input: { custody: 'detained' } });
    expect(submit.statusCode, submit.body).toBe(200);
    expect(await byCharge(proc.clerk)).toEqual({ fraud: 1 });
    expect(await byCharge(police.handler)).toEqual({ theft: 2, fraud: 2 });
  });

  it('a party and a charge added to one case by two concurrent transactions are counted once (the later one sees the earlier)', async () => {
    const c = await makeCase(env, police.handler, { charges: ['theft'] });
    const other = await makeAgency(env, { type: 'court' });
    const t1 = await env.database.pool.connect();
    const t2 = await env.database.pool.connect();
    try {
      await t1.query('BEGIN');
      await t1.query('INSERT INTO case_parties (case_id, agency_id) VALUES ($1, $2)', [c.id, other.id]);
      await t2.query('BEGIN');
      // waits for t1's lock on the case row, then sees t1's party
      const adding = t2.query("INSERT INTO case_charges (case_id, charge_code, position) VALUES ($1, 'fraud', 1)", [c.id]);
      await new Promise((r) => setTimeout(r, 200));
      await t1.query('COMMIT');
      await adding;
      await t2.query('COMMIT');
    } finally {
      t1.release();
      t2.release();
    }
    const { rows } = await env.database.pool.query<{ charge_code: string; n: string }>(
      "SELECT charge_code, sum(n) AS n FROM case_charge_daily WHERE agency_id = $1 AND role = 'party' GROUP BY 1 ORDER BY 1", [other.id]);
    expect(rows.map((r) => [r.charge_code, Number(r.n)])).toEqual([['fraud', 1], ['theft', 1]]);
  });

  it('re-adding an agency already a party recomputes no scope keys and leaves the counts as they were; a new party does both (migration 0051)', async () => {
    const c = await makeCase(env, police.handler, { charges: ['theft'] });
    const court = await makeAgency(env, { type: 'court' });
    const counts = async (agencyId: string) => Number((await env.database.pool.query<{ n: string }>(
      "SELECT coalesce(sum(n), 0) AS n FROM case_charge_daily WHERE agency_id = $1 AND role = 'party'", [agencyId])).rows[0]!.n);
    const before = await counts(police.id);
    const t = await env.database.pool.connect();
    try {
      await t.query('BEGIN');
      // function calls of this transaction (pg_stat_xact_user_functions), counted from here on
      await t.query("SET LOCAL track_functions = 'all'");
      const refreshes = async () => Number((await t.query<{ n: string }>(
        "SELECT coalesce(sum(calls), 0) AS n FROM pg_stat_xact_user_functions WHERE funcname = 'refresh_case_party_keys'")).rows[0]!.n);
      const again = await t.query('INSERT INTO case_parties (case_id, agency_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [c.id, police.id]);
      expect(again.rowCount).toBe(0);
      expect(await refreshes()).toBe(0);
      const joined = await t.query('INSERT INTO case_parties (case_id, agency_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [c.id, court.id]);
      expect(joined.rowCount).toBe(1);
      expect(await refreshes()).toBe(1);
      await t.query('COMMIT');
    } finally {
      t.release();
    }
    expect(await counts(police.id)).toBe(before);
    expect(await counts(court.id)).toBe(1);
    const keys = (await env.database.pool.query<{ party_keys: string[] }>('SELECT party_keys FROM case_search WHERE case_id = $1', [c.id])).rows[0]!.party_keys;
    expect(keys).toContain(`a:${court.id}`);
  });

  it('a step holding its case and another transaction adding a party to that case both commit, and the search keys name both parties (migration 0052)', async () => {
    const c = await makeCase(env, police.handler, { charges: ['theft'] });
    const [x, y] = [await makeAgency(env, { type: 'court' }), await makeAgency(env, { type: 'court' })];
    const step = await env.database.pool.connect();
    const other = await env.database.pool.connect();
    try {
      // the step's first statement locks the case row (processes/act.ts)
      await step.query('BEGIN');
      await step.query('SELECT 1 FROM cases WHERE id = $1 FOR NO KEY UPDATE', [c.id]);
      // a meeting booking or a new flow adds a party without holding the case first: its triggers
      // must wait for the case before they touch the case's search row
      await other.query('BEGIN');
      const adding = other.query('INSERT INTO case_parties (case_id, agency_id) VALUES ($1, $2)', [c.id, x.id]);
      const waiting = async () => (await env.database.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows[0]!.n;
      for (let i = 0; i < 200 && (await waiting()) < 1; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await waiting()).toBe(1);
      // the step's statement of writes adds its own party (it held the search row's case all along)
      await step.query('INSERT INTO case_parties (case_id, agency_id) VALUES ($1, $2)', [c.id, y.id]);
      await step.query('COMMIT');
      await adding;
      await other.query('COMMIT');
    } finally {
      step.release();
      other.release();
    }
    const keys = (await env.database.pool.query<{ party_keys: string[] }>('SELECT party_keys FROM case_search WHERE case_id = $1', [c.id])).rows[0]!.party_keys;
    expect(keys).toEqual(expect.arrayContaining([`a:${police.id}`, `a:${x.id}`, `a:${y.id}`]));
  });

  it('the rollup equals a recount from the cases (rebuild_charge_rollup gives the same sums)', async () => {
    const sums = async () => (await env.database.pool.query<{ k: string; n: string }>(
      `SELECT agency_id || role || day || charge_code AS k, sum(n) AS n FROM case_charge_daily WHERE agency_id = ANY($1::uuid[])
        GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1`, [[police.id, proc.id]])).rows;
    const kept = await sums();
    expect(kept.length).toBeGreaterThan(0);
    await env.database.pool.query('SELECT rebuild_charge_rollup()');
    expect(await sums()).toEqual(kept);
  });
});
