/**
 * 上诉/抗诉 and the second instance through the HTTP API (issue 10; issue 18 point 19): who may
 * appeal (CPL 227), the window (CPL 230), the file sent up within 3 days (CPL 231), the protest
 * through the first-instance court and its withdrawal by the superior procuratorate (CPL 232), the
 * file review not counted in the trial period (CPL 235), 二审 in 2 months (CPL 243), final at once
 * (CPL 244) → 交付执行, 发回重审 with the first-instance period counted anew (CPL 239, 243 ¶2), and
 * an appeal posted in time recorded after 生效 (CPL 105 ¶3).
 */
import type { TAgencyType, TRole } from '@xietong/core';
import { addDays, calculateDeadline, civilDateInShanghai, DEFAULT_CALENDAR, type TCivilDate } from '@xietong/core/deadlines';
import { getProcess } from '@xietong/core/processes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
type TOrg = { id: string; name: string; users: Record<'handler' | 'approver' | 'clerk', TTestUser> };
/** 基层 and 中级 courts, 基层 and 市 procuratorates of one region of this run (CPL 227: 上一级; CPL 235: 同级检). */
let police: TOrg, proc: TOrg, cityProc: TOrg, court: TOrg, cityCourt: TOrg;

async function org(type: TAgencyType, o: { level?: 'district' | 'city'; regionCode: string; parentId?: string | null }): Promise<TOrg> {
  const a = await makeAgency(env, { type, level: o.level ?? 'district', regionCode: o.regionCode, parentId: o.parentId ?? null });
  const users = {} as TOrg['users'];
  for (const r of ['handler', 'approver', 'clerk'] as const) users[r] = await makeUser(env, a.id, [r as TRole]);
  return { id: a.id, name: a.name, users };
}

beforeAll(async () => {
  env = await createTestEnv();
  // a region of this file's own: the procuratorate beside the 中级法院 is found by region and level
  const city = `23${String(process.pid % 10000).padStart(4, '0')}`;
  const district = `${city.slice(0, 4)}${String((process.pid % 89) + 10)}`;
  cityProc = await org('procuratorate', { level: 'city', regionCode: city });
  cityCourt = await org('court', { level: 'city', regionCode: city });
  proc = await org('procuratorate', { regionCode: district, parentId: cityProc.id });
  court = await org('court', { regionCode: district, parentId: cityCourt.id });
  police = await org('police', { regionCode: district });
});
afterAll(async () => { await env.close(); });

const today = () => civilDateInShanghai(Date.now()) as TCivilDate;
const act = (u: TTestUser, id: string, action: string, input: Record<string, unknown> = {}, documents: string[] = []) =>
  as(env, u).post(`/api/process-instances/${id}/actions`, { action, input, documents });
const get = async (u: TTestUser, id: string) => (await as(env, u).get(`/api/process-instances/${id}`)).json();
const requiredDocs = (code: string, action: string) => [...(getProcess(code)!.transitions.find((x) => x.action === action)!.documents?.required ?? [])];
const running = (view: { timers: { timerId: string; status: string }[] }, id: string) =>
  view.timers.find((t) => t.timerId === id && (t.status === 'running' || t.status === 'paused')) as { timerId: string; status: string; startedOn: string; due: string; inCustody: boolean; pausedOn: string | null; explanation: { code: string; zh: string; article: string }[] } | undefined;
const opened = (caseId: string, code: string) =>
  env.database.db.selectFrom('process_instances').selectAll().where('case_id', '=', caseId).where('code', '=', code).orderBy('created_at').execute();

/** A 盗窃 case indicted, tried and judged by the 基层法院, the judgment served on `servedOn`. */
async function servedJudgment(servedOn: string): Promise<{ caseId: string; p3: string }> {
  const c = await makeCase(env, police.users.handler, { occurredAt: '2024-11-01T22:00:00+08:00', charges: ['theft'] });
  await env.database.db.insertInto('case_parties').values([{ case_id: c.id, agency_id: proc.id }]).execute();
  const started = await as(env, proc.users.handler).post(`/api/cases/${c.id}/processes`, { code: 'public_prosecution', receiverAgencyId: court.id });
  expect(started.statusCode, started.body).toBe(201);
  const id = started.json().id as string;
  const hearing = addDays(today(), 30);
  for (const [u, a, input] of [
    [proc.users.handler, 'submit', {}], [court.users.clerk, 'accept', {}], [court.users.handler, 'schedule_hearing', { hearingDate: hearing }],
    [court.users.handler, 'open_trial', {}], [court.users.approver, 'pronounce_judgment', { verdict: 'guilty', pronouncement: 'in_court' }],
    [court.users.clerk, 'serve_judgment', { decisionForm: 'judgment', servedOn }],
  ] as const) {
    const r = await act(u, id, a, input, requiredDocs('public_prosecution', a));
    expect(r.statusCode, `${a}: ${r.body}`).toBe(200);
  }
  return { caseId: c.id, p3: id };
}

const appeal = (p3: string, input: Record<string, unknown>) =>
  act(court.users.clerk, p3, 'record_appeal', { appellant: 'defendant', appealForm: 'written', filedOn: today(), ...input }, ['appeal_petition']);

describe('上诉 and 抗诉 (CPL 227–232)', () => {
  it('CPL 227, 229: a victim or a third party has no standing to appeal; nothing changes', async () => {
    const { caseId, p3 } = await servedJudgment(today());
    for (const appellant of ['victim', 'other']) {
      const r = await appeal(p3, { appellant });
      expect(r.statusCode, r.body).toBe(422);
      expect(r.json().error.details.guard).toBe('appellant_without_standing');
      expect(r.json().error.message).toContain('被害人可请求人民检察院抗诉');
    }
    expect((await get(court.users.clerk, p3)).state).toBe('APPEAL_WINDOW');
    expect(await opened(caseId, 'second_instance')).toHaveLength(0);
  });

  it('CPL 227, 231: an oral appeal by the defendant is recorded without a petition and opens 第二审 for the first-instance court, addressed one level up, with 3 days to send the file', async () => {
    const { caseId, p3 } = await servedJudgment(today());
    const r = await act(court.users.clerk, p3, 'record_appeal', { appellant: 'defendant', appealForm: 'oral', appealChannel: 'second_instance', filedOn: today() });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().state).toBe('APPEALED');
    const [p11] = await opened(caseId, 'second_instance');
    expect(p11).toMatchObject({ state: 'DRAFT', initiator_agency_id: court.id, receiver_agency_id: cityCourt.id, superior_agency_id: cityProc.id });
    const view = await get(court.users.handler, p11!.id);
    const transfer = running(view, 'file_transfer')!;
    expect(transfer.startedOn).toBe(today());
    expect(transfer.due).toBe(calculateDeadline({ start: today(), amount: 3, unit: 'day', inCustody: false, calendar: DEFAULT_CALENDAR }).due);
    expect(view.availableActions.map((a: { action: string }) => a.action)).toContain('send_file');
    const card = (await as(env, court.users.handler).get(`/api/cases/${caseId}`)).json();
    expect(card.stage).toBe('court.second_instance');
  });

  it('CPL 230: a protest after the window is refused (served 2025-01-20, last day 2025-02-05)', async () => {
    const { caseId, p3 } = await servedJudgment('2025-01-20');
    const r = await act(proc.users.approver, p3, 'protest', { reason: '量刑畸轻' });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().error.details.guard).toBe('protest_out_of_time');
    expect(await opened(caseId, 'second_instance')).toHaveLength(0);
  });

  it('CPL 228, 232: a protest in time goes through the first-instance court (its draft), a copy reaches the superior procuratorate, which alone may withdraw it', async () => {
    const { caseId, p3 } = await servedJudgment(today());
    const r = await act(proc.users.approver, p3, 'protest', { reason: '适用法律错误' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().state).toBe('PROTESTED');
    const [p11] = await opened(caseId, 'second_instance');
    expect(p11).toMatchObject({ initiator_agency_id: court.id, receiver_agency_id: cityCourt.id, superior_agency_id: cityProc.id });
    expect((await act(court.users.handler, p11!.id, 'send_file')).statusCode).toBe(200);
    // the protesting 基层检察院 is no party of 第二审: it cannot withdraw; the 市检察院 can (CPL 232)
    const lower = await act(proc.users.approver, p11!.id, 'withdraw_protest', { reason: '撤回' }, ['protest_withdrawal']);
    expect([403, 404]).toContain(lower.statusCode);
    const w = await act(cityProc.users.approver, p11!.id, 'withdraw_protest', { reason: '抗诉不当' });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().state).toBe('PROTEST_WITHDRAWN');
  });

  it('CPL 232: an appeal brought by the defendant has no protest to withdraw', async () => {
    const { caseId, p3 } = await servedJudgment(today());
    expect((await appeal(p3, {})).statusCode).toBe(200);
    const [p11] = await opened(caseId, 'second_instance');
    expect((await act(court.users.handler, p11!.id, 'send_file')).statusCode).toBe(200);
    const w = await act(cityProc.users.approver, p11!.id, 'withdraw_protest', { reason: '撤回' });
    expect(w.statusCode, w.body).toBe(422);
    expect(w.json().error.details.guard).toBe('not_a_protest');
  });
});

/** 上诉 recorded and the file sent to and accepted by the 中级法院; returns the ids. */
async function appealAccepted(): Promise<{ caseId: string; p3: string; p11: string }> {
  const { caseId, p3 } = await servedJudgment(today());
  expect((await appeal(p3, {})).statusCode).toBe(200);
  const [p11] = await opened(caseId, 'second_instance');
  expect((await act(court.users.handler, p11!.id, 'send_file', {}, ['appeal_petition'])).statusCode).toBe(200);
  const acc = await act(cityCourt.users.clerk, p11!.id, 'accept');
  expect(acc.statusCode, acc.body).toBe(200);
  return { caseId, p3, p11: p11!.id };
}

describe('第二审 (CPL 235, 236, 243, 244)', () => {
  it('CPL 243: 二审 runs 2 months from acceptance; CPL 235: the procuratorate reading the file is not counted — 12 days of review move the last day by exactly 12 days', async () => {
    const { caseId, p11 } = await appealAccepted();
    const accepted = await get(cityCourt.users.handler, p11);
    const trial = running(accepted, 'second_instance_trial')!;
    expect(trial.startedOn).toBe(today());
    // CPL 105 ¶2: the flag follows the defendant held on the case (makeCase records a 拘留)
    const held = trial.inCustody;
    const twoMonths = calculateDeadline({ start: today(), amount: 2, unit: 'month', inCustody: held, calendar: DEFAULT_CALENDAR });
    expect(trial.due).toBe(twoMonths.due);
    const card = (await as(env, cityCourt.users.handler).get(`/api/cases/${caseId}`)).json();
    expect(card.numbers.court).toContain('刑终');
    // the defendant held on the case: custody now follows the 二审 period (CPL 243, 105 ¶2)
    expect(held).toBe(true);
    expect(card.people[0].custodyDeadline).toMatchObject({ kind: 'second_instance_trial', article: 'CPL 243', startedOn: today(), due: twoMonths.due });

    const sent = await act(cityCourt.users.handler, p11, 'send_to_procuratorate');
    expect(sent.statusCode, sent.body).toBe(200);
    const paused = running(sent.json(), 'second_instance_trial')!;
    expect(paused).toMatchObject({ status: 'paused', pausedOn: today() });
    expect(paused.explanation.at(-1)).toMatchObject({ code: 'PAUSED', article: 'CPL 235' });
    expect(running(sent.json(), 'procuratorate_review')!.due).toBe(calculateDeadline({ start: today(), amount: 1, unit: 'month', inCustody: false, calendar: DEFAULT_CALENDAR }).due);
    // the 市检察院 (beside the 中级法院) has it in its 待办
    const todo = (await as(env, cityProc.users.handler).get('/api/inbox?box=todo&pageSize=100')).json();
    expect(todo.items.map((i: { instanceId: string }) => i.instanceId)).toContain(p11);
    // the review began 12 days ago (the fact as the file shows it)
    const began = addDays(today(), -12);
    await env.database.db.updateTable('process_timers').set({ paused_on: began }).where('instance_id', '=', p11).where('timer_id', '=', 'second_instance_trial').where('status', '=', 'paused').execute();
    const back = await act(cityProc.users.handler, p11, 'return_file');
    expect(back.statusCode, back.body).toBe(200);
    const resumed = running(back.json(), 'second_instance_trial')!;
    expect(resumed.status).toBe('running');
    const expected = calculateDeadline({ start: twoMonths.arithmeticDue, amount: 12, unit: 'day', inCustody: held, calendar: DEFAULT_CALENDAR }).due;
    expect(resumed.due).toBe(expected);
    const step = resumed.explanation.find((s) => s.code === 'PAUSE_EXCLUDED')!;
    expect(step.article).toBe('CPL 235');
    expect(step.zh).toContain(`${began} 至 ${today()}，共 12 日`);
  });

  it('CPL 243: one two-month extension with the high court\'s approval; a second is refused', async () => {
    const { p11 } = await appealAccepted();
    const before = running(await get(cityCourt.users.handler, p11), 'second_instance_trial')!;
    const ext = await act(cityCourt.users.approver, p11, 'extend_trial', { extensionMonths: 2, reason: '附带民事诉讼' });
    expect(ext.statusCode, ext.body).toBe(200);
    expect(running(ext.json(), 'second_instance_trial')!.due).toBe(calculateDeadline({ start: before.due as TCivilDate, amount: 2, unit: 'month', inCustody: before.inCustody, calendar: DEFAULT_CALENDAR }).due);
    const again = await act(cityCourt.users.approver, p11, 'extend_trial', { extensionMonths: 2, reason: '再次' });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.details.guard).toBe('cpl243_extension_once');
  });

  it('CPL 244, 264: 维持原判 is final at once; the first-instance court finds 交付执行 with its 10 days from that day', async () => {
    const { caseId, p11 } = await appealAccepted();
    const r = await act(cityCourt.users.approver, p11, 'uphold');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().state).toBe('UPHELD');
    const [p5] = await opened(caseId, 'judgment_execution');
    expect(p5).toMatchObject({ initiator_agency_id: court.id, state: 'EFFECTIVE' });
    const p5view = await get(court.users.handler, p5!.id);
    expect(running(p5view, 'execution_documents')!.startedOn).toBe(today());
    expect(p5view.data.effectiveOn).toBe(today());
  });

  it('acceptance: a case with a 上诉 that goes to 二审 and is 发回重审 — the first-instance court receives it and its period counts anew from receipt (CPL 236, 239, 243 ¶2)', async () => {
    const { caseId, p3, p11 } = await appealAccepted();
    const firstTrial = (await get(court.users.clerk, p3)).timers.filter((t: { timerId: string }) => t.timerId === 'trial');
    // no remand yet: the first-instance court cannot reopen the case
    const early = await act(court.users.clerk, p3, 'receive_remand');
    expect(early.statusCode, early.body).toBe(422);
    expect(early.json().error.details.guard).toBe('no_remand_ordered');
    const remand = await act(cityCourt.users.approver, p11, 'remand', { reason: '事实不清、证据不足' });
    expect(remand.statusCode, remand.body).toBe(200);
    expect(remand.json().state).toBe('REMANDED');
    expect((await as(env, court.users.handler).get(`/api/cases/${caseId}`)).json().stage).toBe('court.first_instance');
    const got = await act(court.users.clerk, p3, 'receive_remand');
    expect(got.statusCode, got.body).toBe(200);
    expect(got.json()).toMatchObject({ state: 'ACCEPTED', terminal: false });
    const trial = running(got.json(), 'trial')!;
    expect(trial.startedOn).toBe(today());
    expect(trial.due).toBe(calculateDeadline({ start: today(), amount: 2, unit: 'month', inCustody: trial.inCustody, calendar: DEFAULT_CALENDAR }).due);
    // the earlier trial period is kept as history, not running
    expect(firstTrial.length).toBeGreaterThan(0);
    expect(got.json().timers.filter((t: { timerId: string; status: string }) => t.timerId === 'trial' && t.status === 'running')).toHaveLength(1);
    // the retrial goes on under the first-instance procedure (CPL 239)
    expect(got.json().availableActions ?? []).toBeDefined();
    const clerkView = await get(court.users.handler, p3);
    expect(clerkView.availableActions.map((a: { action: string }) => a.action)).toContain('schedule_hearing');
    // one remand, one reopening
    const twice = await act(court.users.clerk, p3, 'receive_remand');
    expect(twice.statusCode).toBe(409);
  });
});

describe('CPL 105 ¶3: an appeal posted in time and recorded after 生效 (issue 18 point 19)', () => {
  it('undoes finality: P3 back to 上诉, the 交付执行 opened on 生效 voided with its clocks stopped, 第二审 opened; event and audit rows in the ledger', async () => {
    const { caseId, p3 } = await servedJudgment('2025-01-20');
    expect((await act(court.users.clerk, p3, 'record_effective')).statusCode).toBe(200);
    const [p5] = await opened(caseId, 'judgment_execution');
    expect(p5?.state).toBe('EFFECTIVE');
    // posted the day after the last day (2025-02-05): out of time, still 生效
    const late = await act(court.users.clerk, p3, 'record_posted_appeal', { appellant: 'defendant', filedOn: '2025-02-06' }, ['appeal_petition']);
    expect(late.statusCode, late.body).toBe(422);
    expect(late.json().error.details.guard).toBe('appeal_out_of_time');
    // a third party's petition, posted in time: no standing
    const stranger = await act(court.users.clerk, p3, 'record_posted_appeal', { appellant: 'other', filedOn: '2025-02-05' }, ['appeal_petition']);
    expect(stranger.json().error.details.guard).toBe('appellant_without_standing');
    expect((await get(court.users.clerk, p3)).state).toBe('EFFECTIVE');
    // posted on the last day: in time although it arrived after 生效
    const r = await act(court.users.clerk, p3, 'record_posted_appeal', { appellant: 'defendant', filedOn: '2025-02-05' }, ['appeal_petition']);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ state: 'APPEALED', terminal: true });
    expect(r.json().data.effectiveOn).toBeUndefined();
    const p5after = await get(court.users.handler, p5!.id);
    expect(p5after.terminal).toBe(true);
    expect(p5after.data.voided).toMatchObject({ byInstance: p3, byAction: 'record_posted_appeal' });
    expect(p5after.timers.filter((t: { status: string }) => t.status === 'running')).toHaveLength(0);
    expect(p5after.availableActions).toEqual([]);
    const refused = await act(court.users.handler, p5!.id, 'send_documents', {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('该流程已作废');
    const voidEvent = p5after.events.at(-1);
    expect(voidEvent.action).toBe('void');
    expect(voidEvent.actor.userId).toBeNull();
    const ledger = await env.database.db.selectFrom('ledger_entries').select('id').where('ref_table', '=', 'process_events').where('ref_id', '=', voidEvent.id).execute();
    expect(ledger).toHaveLength(1);
    const audit = await env.database.db.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', p5!.id).where('action', '=', 'process.voided').execute();
    expect(audit).toHaveLength(1);
    // the court's 交付执行 待办 is gone; execution cannot start by hand; 第二审 waits for the file
    const todo = (await as(env, court.users.handler).get('/api/inbox?box=todo&pageSize=200')).json();
    expect(todo.items.map((i: { instanceId: string }) => i.instanceId)).not.toContain(p5!.id);
    const detention = await makeAgency(env, { type: 'detention' });
    const manual = await as(env, court.users.handler).post(`/api/cases/${caseId}/processes`, { code: 'judgment_execution', receiverAgencyId: detention.id });
    expect(manual.json().error.code).toBe('JUDGMENT_NOT_EFFECTIVE');
    const [p11] = await opened(caseId, 'second_instance');
    expect(p11).toMatchObject({ state: 'DRAFT', receiver_agency_id: cityCourt.id });
    const events = await env.database.db.selectFrom('process_events').select('action').where('instance_id', '=', p3).orderBy('at').execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['record_effective', 'record_posted_appeal']));
  });
});

describe('statistics: 上诉/抗诉 rate per first-instance court and period', () => {
  it('counts judgments served, appeals and protests of the court, seen by the court and by the prosecuting procuratorate', async () => {
    const statsOf = async (u: TTestUser) =>
      ((await as(env, u).get(`/api/stats/flows?from=${today()}&to=${today()}`)).json().appeals as { agencyId: string; judgmentsServed: number; appealed: number; protested: number; appealRate: number | null; protestRate: number | null }[])
        .find((a) => a.agencyId === court.id) ?? { judgmentsServed: 0, appealed: 0, protested: 0 };
    const before = await statsOf(court.users.approver);
    const a = await servedJudgment(today());
    expect((await appeal(a.p3, {})).statusCode).toBe(200);
    const b = await servedJudgment(today());
    expect((await act(proc.users.approver, b.p3, 'protest', { reason: '量刑不当' })).statusCode).toBe(200);
    await servedJudgment(today());
    const after = await statsOf(court.users.approver);
    expect(after.judgmentsServed - before.judgmentsServed).toBe(3);
    expect(after.appealed - before.appealed).toBe(1);
    expect(after.protested - before.protested).toBe(1);
    const served = after.judgmentsServed;
    expect((after as { appealRate: number }).appealRate).toBeCloseTo(after.appealed / served, 3);
    // the procuratorate that prosecuted sees the court's figures; an unrelated police agency does not
    expect(await statsOf(proc.users.approver)).toEqual(after);
    const other = await makeAgency(env, { type: 'police' });
    const stranger = await makeUser(env, other.id, ['approver']);
    expect((await statsOf(stranger)).judgmentsServed).toBe(0);
  });
});
