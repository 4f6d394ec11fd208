/**
 * Whole-chain statistics against a small hand-computed fixture: four cases whose events carry
 * chosen times (written straight into the tables, as the demo's back-dated history is, so the
 * triggers of migration 0033 build the rollups exactly as they do for live events), then the
 * figures, stage medians and rates the API answers, the cases behind a figure through the gate,
 * the export, and one live flow through the HTTP actions.
 */
import ExcelJS from 'exceljs';
import { STAGES } from '@xietong/core/analytics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
let police: { id: string; handler: TTestUser; approver: TTestUser }, proc: { id: string; handler: TTestUser }, court: { id: string; handler: TTestUser };
let plc: TTestUser, otherPlc: TTestUser;
const ids: Record<string, string> = {};

type TEv = [process: string, action: string, toState: string, at: string, agency: 'police' | 'proc' | 'court', singleTrack?: boolean];

async function fixtureCase(key: string, registered: string, events: TEv[]) {
  const db = env.database.pool;
  const agency = { police: police.id, proc: proc.id, court: court.id };
  const c = await db.query(`INSERT INTO cases (title, region_code, created_by_agency, created_by, occurred_at, created_at, updated_at)
    VALUES ($1, '220104', $2, $3, $4, $4, $4) RETURNING id`, [`${key}某危险驾驶案`, police.id, police.handler.id, registered]);
  const caseId = c.rows[0].id as string;
  ids[key] = caseId;
  for (const a of [police.id, proc.id, court.id]) await db.query('INSERT INTO case_parties (case_id, agency_id) VALUES ($1, $2)', [caseId, a]);
  const instances: Record<string, string> = {};
  const versions: Record<string, number> = {};
  for (const [process, action, toState, at, who, single] of events) {
    instances[process] ??= (await db.query(`INSERT INTO process_instances (case_id, code, state, counters, data, initiator_agency_id, receiver_agency_id)
      VALUES ($1, $2, 'DRAFT', '{}', '{}', $3, $4) RETURNING id`, [caseId, process, process === 'public_prosecution' || process === 'judgment_execution' ? (process === 'judgment_execution' ? court.id : proc.id) : police.id, process === 'public_prosecution' ? court.id : proc.id])).rows[0].id;
    await db.query(`INSERT INTO process_events (instance_id, case_id, process, action, from_state, to_state, version, actor_name, actor_agency_id, actor_agency_name, actor_role, actor_side, input, documents, timers_started, timers_stopped, articles, at, single_track)
      VALUES ($1, $2, $3, $4, 'X', $5, $9, '测试', $6, '测试机构', 'handler', 'receiver', '{}', '[]', '[]', '[]', '[]', $7, $8)`,
    [instances[process], caseId, process, action, toState, agency[who], at, single ?? false, (versions[process] = (versions[process] ?? 0) + 1)]);
  }
}

const T = (d: string) => `${d}T10:00:00+08:00`;

beforeAll(async () => {
  env = await createTestEnv();
  // the single-track register (another branch) adds this column; the triggers read it when present
  await env.database.pool.query('ALTER TABLE process_events ADD COLUMN IF NOT EXISTS single_track boolean NOT NULL DEFAULT false');
  const pol = await makeAgency(env, { type: 'police' });
  const p = await makeAgency(env, { type: 'procuratorate' });
  const ct = await makeAgency(env, { type: 'court' });
  const plcAgency = await makeAgency(env, { type: 'plc', level: 'city', regionCode: '220100' });
  const otherPlcAgency = await makeAgency(env, { type: 'plc', level: 'city', regionCode: '220200' });
  police = { id: pol.id, handler: await makeUser(env, pol.id, ['handler']), approver: await makeUser(env, pol.id, ['approver']) };
  proc = { id: p.id, handler: await makeUser(env, p.id, ['handler']) };
  court = { id: ct.id, handler: await makeUser(env, ct.id, ['handler']) };
  plc = await makeUser(env, plcAgency.id, ['supervisor']);
  otherPlc = await makeUser(env, otherPlcAgency.id, ['supervisor']);

  await fixtureCase('A', T('2026-10-01'), [
    ['arrest', 'submit', 'SENT', T('2026-10-03'), 'police'], ['arrest', 'approve', 'APPROVED', T('2026-10-06'), 'proc'],
    ['prosecution_transfer', 'submit', 'SENT', T('2026-10-21'), 'police'], ['prosecution_transfer', 'indict', 'INDICTED', T('2026-11-05'), 'proc'],
    ['public_prosecution', 'accept', 'ACCEPTED', T('2026-11-07'), 'court'], ['public_prosecution', 'pronounce_judgment', 'JUDGED', T('2026-11-17'), 'court'],
    ['judgment_execution', 'send_documents', 'DOCS_SENT', T('2026-11-20'), 'court'],
  ]);
  await fixtureCase('B', T('2026-10-02'), [
    ['arrest', 'submit', 'SENT', T('2026-10-04'), 'police'], ['arrest', 'reject', 'REJECTED', T('2026-10-08'), 'proc'],
    ['prosecution_transfer', 'submit', 'SENT', T('2026-10-12'), 'police'],
    ['prosecution_transfer', 'return_for_supplementary_investigation', 'SUPPLEMENTARY_INVESTIGATION', T('2026-10-20'), 'proc'],
    // sent again after 补充侦查: the case was transferred once (its first time counts)
    ['prosecution_transfer', 'submit', 'SENT', T('2026-11-01'), 'police'],
    ['prosecution_transfer', 'indict', 'INDICTED', T('2026-11-12'), 'proc'],
  ]);
  await fixtureCase('C', T('2026-10-05'), [['prosecution_transfer', 'submit', 'SENT', T('2026-11-04'), 'police', true]]);
  // registered before the period: its later milestones count, its 立案 does not
  await fixtureCase('D', T('2026-08-01'), [
    ['prosecution_transfer', 'submit', 'SENT', T('2026-10-10'), 'police'], ['prosecution_transfer', 'indict', 'INDICTED', T('2026-10-17'), 'proc'],
    ['public_prosecution', 'accept', 'ACCEPTED', T('2026-10-20'), 'court'], ['public_prosecution', 'pronounce_judgment', 'JUDGED', T('2026-10-30'), 'court'],
  ]);
});
afterAll(async () => { await env.close(); });

const PERIOD = 'from=2026-10-01&to=2026-11-30';

describe('whole-chain statistics (全链条统计) on a hand-computed fixture', () => {
  it('the seed\'s table shape, per agency: 提请逮捕 2, 移送审查起诉 4; 批准逮捕 1, 提起公诉 3; 受理 2, 审结 2', async () => {
    const res = await as(env, plc).get(`/api/stats/chain?${PERIOD}`);
    expect(res.statusCode, res.body).toBe(200);
    const table = Object.fromEntries(res.json().table.map((r: { agencyId: string; milestone: string; count: number }) => [`${r.agencyId === police.id ? 'police' : r.agencyId === proc.id ? 'proc' : 'court'}.${r.milestone}`, r.count]));
    expect(table).toEqual({
      'police.arrest_requested': 2, 'police.transferred': 4, 'proc.arrest_approved': 1, 'proc.indicted': 3, 'court.trial_accepted': 2, 'court.trial_concluded': 2,
    });
  });

  it('the funnel 立案 → 判决 → 交付执行 counts the cases reaching each in the period: 3 → 2 → 1', async () => {
    const st = (await as(env, plc).get(`/api/stats/chain?${PERIOD}`)).json();
    expect(st.funnel.map((f: { count: number }) => f.count)).toEqual([3, 2, 1]);
  });

  it('days per stage, nearest-rank median and p90, overall', async () => {
    const st = (await as(env, plc).get(`/api/stats/chain?${PERIOD}`)).json();
    const overall = Object.fromEntries(st.stages.filter((s: { agencyId: string | null }) => s.agencyId === null)
      .map((s: { stage: string; cases: number; medianDays: number; p90Days: number }) => [s.stage, [s.cases, s.medianDays, s.p90Days]]));
    expect(overall).toEqual({
      investigation: [4, 20, 70],        // 20, 10, 30, 70 days: 2nd of 4 → 20; 4th → 70
      arrest_review: [1, 3, 3],          // A: 10-03 → 10-06
      prosecution_review: [3, 15, 31],   // A 15, B 31 (from its first transfer), D 7
      trial: [2, 10, 10],                // A and D: 10 days each
      execution_handover: [1, 3, 3],     // A: judged 11-17, delivered 11-20
    });
    expect(Object.keys(STAGES)).toEqual(Object.keys(overall));
  });

  it('rates: 退回补充侦查 1 of 4 transferred, 不批准逮捕 1 of 2 decided, no override; single-track 1 of 17 flows', async () => {
    const st = (await as(env, plc).get(`/api/stats/chain?${PERIOD}`)).json();
    const rates = Object.fromEntries(st.rates.map((r: { rate: string; part: number; whole: number; value: number }) => [r.rate, [r.part, r.whole, r.value]]));
    expect(rates).toEqual({ supplementary_return_rate: [1, 4, 0.25], arrest_refusal_rate: [1, 2, 0.5], override_rate: [0, 6, 0] });
    expect(st.singleTrack).toEqual({ singleTrack: 1, total: 17, rate: 0.0588 });
  });

  it('a period boundary is a Shanghai calendar day: October alone', async () => {
    const st = (await as(env, plc).get('/api/stats/chain?from=2026-10-01&to=2026-10-31')).json();
    expect(st.funnel.map((f: { count: number }) => f.count)).toEqual([3, 1, 0]);
  });

  it('an agency sees its own figures only; another agency or a region outside the jurisdiction is a 404', async () => {
    const own = (await as(env, police.handler).get(`/api/stats/chain?${PERIOD}`)).json();
    expect(own.table.map((r: { agencyId: string }) => r.agencyId)).toEqual([police.id, police.id]);
    expect((await as(env, police.handler).get(`/api/stats/chain?${PERIOD}&agencyId=${proc.id}`)).statusCode).toBe(404);
    expect((await as(env, otherPlc).get(`/api/stats/chain?${PERIOD}&region=220104`)).statusCode).toBe(404);
    expect((await as(env, otherPlc).get(`/api/stats/chain?${PERIOD}&agencyId=${police.id}`)).statusCode).toBe(404);
    const narrowed = (await as(env, plc).get(`/api/stats/chain?${PERIOD}&region=220104&agencyId=${proc.id}`)).json();
    expect(narrowed.table.map((r: { milestone: string; count: number }) => `${r.milestone}:${r.count}`)).toEqual(['arrest_approved:1', 'indicted:3']);
  });

  it('every figure lists the cases behind it, only those the caller may read', async () => {
    const res = await as(env, plc).get(`/api/stats/chain/cases?${PERIOD}&milestone=transferred&figureAgencyId=${police.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((c: { caseId: string }) => c.caseId).sort()).toEqual([ids.A, ids.B, ids.C, ids.D].sort());
    const single = (await as(env, plc).get(`/api/stats/chain/cases?${PERIOD}&milestone=transferred&singleTrack=true`)).json();
    expect(single.items.map((c: { caseId: string }) => c.caseId)).toEqual([ids.C]);
    // another city's 政法委 reads none of these cases
    expect((await as(env, otherPlc).get(`/api/stats/chain/cases?${PERIOD}&milestone=transferred&region=220200`)).json().items).toEqual([]);
    // a court sees its own figures' cases only
    expect((await as(env, court.handler).get(`/api/stats/chain/cases?${PERIOD}&milestone=transferred`)).json().items).toEqual([]);
    expect((await as(env, court.handler).get(`/api/stats/chain/cases?${PERIOD}&milestone=judged`)).json().total).toBe(2);
  });

  it('exports the figures as CSV and XLSX', async () => {
    const csv = await as(env, plc).get(`/api/stats/chain/export?${PERIOD}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('移送审查起诉,4');
    const xlsx = await as(env, plc).get(`/api/stats/chain/export?${PERIOD}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const rows = wb.worksheets[0]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows).toContainEqual([expect.any(String), 'police', '移送审查起诉', 4]);
  });

  it('a live 提请批准逮捕 through the actions counts as the police agency\'s 提请逮捕', async () => {
    const c = await makeCase(env, police.handler, { charges: ['theft'] });
    await provideAllEvidence(env, police.handler, c.id, ['theft']);
    const start = await as(env, police.handler).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.id });
    expect(start.statusCode, start.body).toBe(201);
    const submit = await as(env, police.approver).post(`/api/process-instances/${start.json().id}/actions`, { action: 'submit', input: { custody: 'detained' } });
    expect(submit.statusCode, submit.body).toBe(200);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const st = (await as(env, police.handler).get(`/api/stats/chain?from=${today}&to=${today}`)).json();
    expect(st.table).toEqual([expect.objectContaining({ milestone: 'arrest_requested', count: 1 })]);
    expect(st.funnel[0].count).toBe(1);
  });
});
