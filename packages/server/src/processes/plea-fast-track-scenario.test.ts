/**
 * Issue 10 acceptance, end to end through the HTTP API with demo-like agencies (朝阳区 and 长春市):
 * (a) a 认罪认罚 case through 速裁 — 值班律师 assigned by the 司法局 (P12), 具结书 sealed before him,
 * 量刑建议 with the 起诉书, 速裁 at the 基层法院, the recommendation adopted, 生效 the day after the
 * CPL 230 window, 交付执行 to the 社区矫正机构; (b) the same case appealed, 第二审 at the 中级法院,
 * 发回重审, and the first-instance period counted anew from receipt of the remanded case.
 *
 * Every period a step starts is checked against a date computed here by hand: N days after the
 * start (CPL 105 ¶1: the start day is not counted), months to the same day (the month's last day
 * where it has none); a last day on a rest day moves to the next working day, except while the
 * defendant is held (CPL 105 ¶2). makeCase records a 拘留, so the custody periods do not move.
 *
 * After remand (b): CPL 241 — 原审人民法院从收到发回的案件之日起，重新计算审理期限; CPL 239 —
 * 依照第一审程序进行审判; and 最高法解释 (2021) 第377条 (sec.) — a case tried in 速裁 and remanded
 * is retried in the ordinary first-instance procedure. So the period after remand is the ordinary
 * 2 months of CPL 208 (not 速裁's 10 days), and 速裁 cannot be chosen again.
 */
import type { TAgencyType, TRole } from '@xietong/core';
import { addDays, civilDateInShanghai, isRestDay, nextWorkday, type TCalendar, type TCivilDate } from '@xietong/core/deadlines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../deadlines/calendar-store';
import { TINY_PNG } from '../documents/test-support';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';
import { sweepFinality } from './finality-sweep';

let env: TTestEnv;
let calendar: TCalendar;
type TOrg = { id: string; name: string; users: Record<'handler' | 'approver' | 'clerk', TTestUser> };
/** 朝阳分局, 朝阳区检察院/法院/司法局/社区矫正中心; 长春市检察院 and 中级法院 one level up. */
let police: TOrg, proc: TOrg, court: TOrg, justice: TOrg, correction: TOrg, cityProc: TOrg, cityCourt: TOrg;

async function org(type: TAgencyType, name: string, o: { level?: 'district' | 'city'; regionCode: string; parentId?: string }): Promise<TOrg> {
  const a = await makeAgency(env, { type, name, level: o.level ?? 'district', regionCode: o.regionCode, parentId: o.parentId ?? null });
  const users = {} as TOrg['users'];
  for (const r of ['handler', 'approver', 'clerk'] as const) users[r] = await makeUser(env, a.id, [r as TRole]);
  return { id: a.id, name: a.name, users };
}

beforeAll(async () => {
  env = await createTestEnv();
  calendar = await loadCalendar(env.database.db);
  // a region of this file's own (the 二审 procuratorate is found by region and level)
  const city = `24${String(process.pid % 10000).padStart(4, '0')}`;
  const district = `${city.slice(0, 4)}${String((process.pid % 89) + 10)}`;
  cityProc = await org('procuratorate', '长春市人民检察院', { level: 'city', regionCode: city });
  cityCourt = await org('court', '长春市中级人民法院', { level: 'city', regionCode: city });
  proc = await org('procuratorate', '长春市朝阳区人民检察院', { regionCode: district, parentId: cityProc.id });
  court = await org('court', '长春市朝阳区人民法院', { regionCode: district, parentId: cityCourt.id });
  police = await org('police', '长春市公安局朝阳分局', { regionCode: district });
  justice = await org('justice', '长春市朝阳区司法局', { regionCode: district });
  correction = await org('correction', '长春市朝阳区社区矫正中心', { regionCode: district, parentId: justice.id });
});
afterAll(async () => { await env.close(); });

const LAWYER = { name: '钱律师', licenseNo: '12201201810123456' };
const today = () => civilDateInShanghai(Date.now()) as TCivilDate;

// ---- the hand computation (CPL 105) ----
function daysInMonth(y: number, m: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}
/** Same day N months later; the target month's last day where the start is a month end or the day does not exist. */
function plusMonths(start: string, n: number): TCivilDate {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const idx = y * 12 + (m - 1) + n;
  const ty = Math.floor(idx / 12);
  const tm = (idx % 12) + 1;
  const day = d === daysInMonth(y, m) || d > daysInMonth(ty, tm) ? daysInMonth(ty, tm) : d;
  return `${ty}-${String(tm).padStart(2, '0')}-${String(day).padStart(2, '0')}` as TCivilDate;
}
/** The last day of a period of `amount` `unit`s from `start`; moved past rest days unless the person is held. */
function byHand(start: string, amount: number, unit: 'day' | 'month', inCustody: boolean): TCivilDate {
  const end = unit === 'day' ? addDays(start as TCivilDate, amount) : plusMonths(start, amount);
  return !inCustody && isRestDay(calendar, end) ? nextWorkday(calendar, end) : end;
}

// ---- HTTP steps ----
type TView = { state: string; terminal: boolean; data: Record<string, unknown>; timers: TTimer[]; availableActions: { action: string }[] };
type TTimer = { timerId: string; status: string; startedOn: string; due: string; inCustody: boolean; zh?: string };
async function ok(u: TTestUser, id: string, action: string, input: Record<string, unknown> = {}, documents: string[] = []): Promise<TView> {
  const r = await as(env, u).post(`/api/process-instances/${id}/actions`, { action, input, documents });
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  return r.json();
}
const act = (u: TTestUser, id: string, action: string, input: Record<string, unknown> = {}, documents: string[] = []) =>
  as(env, u).post(`/api/process-instances/${id}/actions`, { action, input, documents });
async function start(u: TTestUser, caseId: string, code: string, receiverAgencyId: string): Promise<string> {
  const r = await as(env, u).post(`/api/cases/${caseId}/processes`, { code, receiverAgencyId });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}
const view = async (u: TTestUser, id: string): Promise<TView> => (await as(env, u).get(`/api/process-instances/${id}`)).json();
const running = (v: TView, timerId: string) => {
  const t = v.timers.find((x) => x.timerId === timerId && x.status === 'running');
  expect(t, `running timer ${timerId}`).toBeDefined();
  return t!;
};
const opened = async (caseId: string, code: string) =>
  (await env.database.db.selectFrom('process_instances').select(['id', 'state', 'initiator_agency_id', 'receiver_agency_id']).where('case_id', '=', caseId).where('code', '=', code).orderBy('created_at').execute());

/**
 * Shared setup: 盗窃, 移送审查起诉 today; 认罪认罚 with the duty lawyer; 速裁 review; indicted with a
 * 量刑建议 of 6–10 months 缓刑; 速裁 at the 基层法院; tried; the recommendation adopted; judgment
 * served today. Asserts each period on the way. Returns the ids.
 */
async function fastTrackJudgmentServed(): Promise<{ caseId: string; p2: string; p3: string }> {
  const c = await makeCase(env, police.users.handler, { charges: ['theft'], occurredAt: '2024-11-01T22:00:00+08:00' });
  await provideAllEvidence(env, police.users.handler, c.id, ['theft']);

  // CPL 172: 审查起诉 runs from receipt of the case — one month, held: not moved
  const p2 = await start(police.users.handler, c.id, 'prosecution_transfer', proc.id);
  const sent = await ok(police.users.handler, p2, 'submit', {}, ['prosecution_opinion']);
  const review = running(sent, 'prosecution_review');
  expect(review).toMatchObject({ startedOn: today(), inCustody: true, due: byHand(today(), 1, 'month', true) });
  await ok(proc.users.clerk, p2, 'accept', {}, ['case_receipt_notice']);
  await ok(proc.users.handler, p2, 'start_review');

  // CPL 36, 173 ¶3: the procuratorate asks the 司法局's legal-aid office for a 值班律师; it assigns one
  const p12 = await start(proc.users.handler, c.id, 'duty_lawyer', justice.id);
  await ok(proc.users.handler, p12, 'request_lawyer', { suspectName: '赵某', purpose: 'plea' }, ['duty_lawyer_request']);
  await ok(justice.users.clerk, p12, 'assign_lawyer', { lawyerName: LAWYER.name, lawyerLicenseNo: LAWYER.licenseNo }, ['duty_lawyer_assignment']);

  // CPL 173 ¶2, 174: rights explained, 具结书 signed with fingerprint before the duty lawyer, who attests
  await ok(proc.users.handler, p2, 'notify_plea_rights', {}, ['plea_rights_notice']);
  const draft = await as(env, proc.users.handler).post(`/api/cases/${c.id}/records`, {
    kind: 'plea_agreement', subjectName: '赵某', location: '看守所讯问室', startedAt: '2025-03-10 09:00', endedAt: '2025-03-10 09:30',
    interviewers: ['检察官甲'], recorder: '书记员乙', qa: [{ q: '对指控的犯罪事实、罪名及量刑建议是否有异议？', a: '没有异议，自愿认罪认罚。' }],
    counsel: { kind: 'duty_lawyer', ...LAWYER },
  });
  expect(draft.statusCode, draft.body).toBe(201);
  const png = TINY_PNG.toString('base64');
  const sealed = await as(env, proc.users.handler).post(`/api/records/${draft.json().id}/confirm`, { contentSm3: draft.json().contentSm3, signaturePng: png, fingerprintPng: png, counselSignaturePng: png });
  expect(sealed.statusCode, sealed.body).toBe(200);
  const signed = await ok(proc.users.handler, p2, 'sign_plea_agreement', { counselKind: 'duty_lawyer', counselName: LAWYER.name, counselLicenseNo: LAWYER.licenseNo, pleaRecordId: draft.json().id }, ['plea_agreement']);
  expect(signed.data).toMatchObject({ counselKind: 'duty_lawyer' });

  // CPL 172: 速裁-eligible plea, possible term ≤ 1 year → 10 days from the same receipt
  const fast = running(await ok(proc.users.approver, p2, 'apply_fast_track', { reviewTrack: 'fast_track' }), 'prosecution_review');
  expect(fast).toMatchObject({ startedOn: today(), due: byHand(today(), 10, 'day', true) });

  // CPL 176 ¶2: the 起诉书 with the 量刑建议 (principal penalty, term range, 缓刑)
  await ok(proc.users.handler, p2, 'submit_opinion', { proposedDecision: 'indict', opinionReasons: '事实清楚，证据确实、充分，自愿认罪认罚' });
  const indicted = await ok(proc.users.approver, p2, 'indict', { recommendedPenalty: 'fixed_term', recommendedTermMinMonths: 6, recommendedTermMaxMonths: 10, recommendedSuspended: true }, ['indictment', 'sentencing_recommendation']);
  expect(indicted.state).toBe('INDICTED');
  expect(indicted.timers.filter((t) => t.status === 'running' && t.timerId === 'prosecution_review')).toHaveLength(0);

  // CPL 222–223: 速裁 proposed on 起诉; the 基层法院 accepts (2 months until it decides), then decides 速裁 with consent
  await env.database.db.insertInto('case_parties').values([{ case_id: c.id, agency_id: proc.id }]).onConflict((oc) => oc.doNothing()).execute();
  const p3 = await start(proc.users.handler, c.id, 'public_prosecution', court.id);
  await ok(proc.users.handler, p3, 'submit', { proposedProcedure: 'fast_track' }, ['indictment', 'sentencing_recommendation', 'plea_agreement']);
  const acc = await ok(court.users.clerk, p3, 'accept');
  expect(running(acc, 'trial')).toMatchObject({ startedOn: today(), due: byHand(today(), 2, 'month', true) });
  // CPL 34: the defendant told of the right to counsel within 3 days (not a custody period: moved past rest days)
  expect(running(acc, 'rights_notice').due).toBe(byHand(today(), 3, 'day', false));
  // CPL 225: 速裁, recommended term ≤ 1 year → 10 days from 受理
  const decided = await ok(court.users.approver, p3, 'decide_procedure', { trialTrack: 'fast_track', defendantConsent: true });
  expect(running(decided, 'trial')).toMatchObject({ startedOn: today(), due: byHand(today(), 10, 'day', true) });

  // CPL 224: no 10-day lead for the 起诉书副本 in 速裁 — a hearing in 5 days is fine
  await ok(court.users.handler, p3, 'schedule_hearing', { hearingDate: addDays(today(), 5) }, ['court_appearance_notice']);
  await ok(court.users.handler, p3, 'open_trial');
  // CPL 201 ¶1: the court adopts the 量刑建议; CPL 202: judgment pronounced in court, served within 5 days
  const judged = await ok(court.users.approver, p3, 'pronounce_judgment', { verdict: 'guilty_suspended', pronouncement: 'in_court', sentencingOutcome: 'adopted' }, ['criminal_judgment']);
  expect(judged).toMatchObject({ state: 'JUDGED', data: { sentencingOutcome: 'adopted' } });
  expect(running(judged, 'judgment_service').due).toBe(byHand(today(), 5, 'day', false));
  expect(judged.timers.filter((t) => t.timerId === 'trial' && t.status === 'running')).toHaveLength(0);

  // CPL 230: the appeal window — 10 days from the day after service
  const served = await ok(court.users.clerk, p3, 'serve_judgment', { decisionForm: 'judgment', servedOn: today() });
  expect(running(served, 'appeal_window')).toMatchObject({ startedOn: today(), due: byHand(today(), 10, 'day', false) });
  return { caseId: c.id, p2, p3 };
}

describe('issue 10 acceptance: 认罪认罚 through 速裁', () => {
  it('CPL 172, 174, 176, 201, 222–225, 230, 264: 具结书 before the 值班律师, 量刑建议 adopted in 速裁, 生效 the day after the window, 交付执行 to the 社区矫正机构', async () => {
    const { caseId, p3 } = await fastTrackJudgmentServed();
    const lastDay = byHand(today(), 10, 'day', false);

    // CPL 230: no 生效 on the window's last day; on the day after, the platform records it
    const lastDayNoon = new Date(`${lastDay}T12:00:00+08:00`);
    await sweepFinality(env.database.db, { now: lastDayNoon });
    expect((await view(court.users.clerk, p3)).state).toBe('APPEAL_WINDOW');
    expect(await sweepFinality(env.database.db, { now: new Date(lastDayNoon.getTime() + 86_400_000) })).toBeGreaterThanOrEqual(1);
    const effective = await view(court.users.clerk, p3);
    expect(effective.state).toBe('EFFECTIVE');

    // CPL 264: 交付执行 opened for the 基层法院 with 10 days from 生效; 社区矫正法 20: the 社区矫正机构 told within 5 days
    const [p5] = await opened(caseId, 'judgment_execution');
    expect(p5).toMatchObject({ state: 'EFFECTIVE', initiator_agency_id: court.id });
    const effectiveOn = addDays(lastDay, 1);
    const p5view = await view(court.users.handler, p5!.id);
    expect(p5view.data.effectiveOn).toBe(effectiveOn);
    const docs = running(p5view, 'execution_documents');
    expect(docs).toMatchObject({ startedOn: effectiveOn, due: byHand(effectiveOn, 10, 'day', docs.inCustody) });
    expect(running(p5view, 'community_correction_notice')).toMatchObject({ startedOn: effectiveOn, due: byHand(effectiveOn, 5, 'day', false) });
    expect(await opened(caseId, 'second_instance')).toHaveLength(0);

    // 缓刑: the court notifies the 社区矫正机构 first, then sends the documents (copies to 检 and 公); the 社区矫正中心 receives
    await ok(court.users.handler, p5!.id, 'notify_community_correction', { correctionAgency: correction.name }, ['community_correction_notice']);
    const sentDocs = await ok(court.users.handler, p5!.id, 'send_documents', {
      executor: 'community_correction', executorAgencyId: correction.id, copiesSentTo: `${proc.name}、${police.name}`,
    }, ['criminal_judgment', 'indictment_copy', 'execution_notice', 'case_closure_form']);
    expect(sentDocs.state).toBe('DOCS_SENT');
    expect(sentDocs.timers.filter((t) => t.status === 'running')).toHaveLength(0);
    const done = await ok(correction.users.clerk, p5!.id, 'receive_for_execution', { familyNotifiedOn: today() }, ['criminal_judgment', 'execution_notice', 'execution_receipt']);
    expect(done.state).toBe('IN_EXECUTION');
  });

  it('CPL 231, 236, 243, 244, 241: the same case appealed — file sent up in 3 days, 二审 2 months, 发回重审; the first-instance period counts anew from receipt, in ordinary procedure (CPL 239; 最高法解释 377)', async () => {
    const { caseId, p3 } = await fastTrackJudgmentServed();

    // CPL 227, 230, 231: the defendant appeals through the first-instance court inside the window
    const appealed = await ok(court.users.clerk, p3, 'record_appeal', { appellant: 'defendant', appealForm: 'written', filedOn: today() }, ['appeal_petition']);
    expect(appealed.state).toBe('APPEALED');
    const [p11] = await opened(caseId, 'second_instance');
    expect(p11).toMatchObject({ state: 'DRAFT', initiator_agency_id: court.id, receiver_agency_id: cityCourt.id });
    // CPL 231: the file goes to the 中级法院 within 3 days (not a custody period)
    expect(running(await view(court.users.handler, p11!.id), 'file_transfer')).toMatchObject({ startedOn: today(), due: byHand(today(), 3, 'day', false) });
    // no 生效 while the appeal stands, whatever the date
    await sweepFinality(env.database.db, { now: new Date(Date.now() + 60 * 86_400_000) });
    expect((await view(court.users.clerk, p3)).state).toBe('APPEALED');
    expect(await opened(caseId, 'judgment_execution')).toHaveLength(0);

    await ok(court.users.handler, p11!.id, 'send_file', {}, ['appeal_petition']);
    // CPL 243: 二审 within 2 months of acceptance; the defendant held: not moved
    const accepted = await ok(cityCourt.users.clerk, p11!.id, 'accept');
    expect(running(accepted, 'second_instance_trial')).toMatchObject({ startedOn: today(), inCustody: true, due: byHand(today(), 2, 'month', true) });

    // CPL 236 ¶1 (3): 事实不清 → 发回重审; only the first-instance court receives it, once
    const remanded = await ok(cityCourt.users.approver, p11!.id, 'remand', { reason: '原判事实不清、证据不足' }, ['criminal_ruling']);
    // CPL 244: the second-instance ruling is final — 第二审 ends there, nothing to appeal or act on
    expect(remanded).toMatchObject({ state: 'REMANDED', terminal: true });
    expect(remanded.availableActions).toEqual([]);
    expect(remanded.timers.filter((t) => t.status === 'running')).toHaveLength(0);
    const received = await ok(court.users.clerk, p3, 'receive_remand');
    expect(received.state).toBe('ACCEPTED');
    // CPL 241: counted anew from receipt; CPL 239 + 最高法解释 377: ordinary procedure — 2 months (CPL 208), not 速裁's 10 days
    const trial = running(received, 'trial');
    expect(trial).toMatchObject({ startedOn: today(), inCustody: true, due: byHand(today(), 2, 'month', true) });
    expect(trial.due).not.toBe(byHand(today(), 10, 'day', true));
    expect(received.timers.filter((t) => t.timerId === 'trial' && t.status === 'running')).toHaveLength(1);
    expect(received.data.trialTrack).toBeUndefined();
    // CPL 34: the right-to-counsel notice again within 3 days
    expect(running(received, 'rights_notice').due).toBe(byHand(today(), 3, 'day', false));
    expect((await act(court.users.clerk, p3, 'receive_remand')).statusCode).toBe(409);
  });

  it('最高法解释 377 (sec.): a 速裁 case remanded on appeal cannot be put back into 速裁; the retrial period stays the ordinary one', async () => {
    const { caseId, p3 } = await fastTrackJudgmentServed();
    await ok(court.users.clerk, p3, 'record_appeal', { appellant: 'defendant', appealForm: 'oral', filedOn: today() });
    const [p11] = await opened(caseId, 'second_instance');
    await ok(court.users.handler, p11!.id, 'send_file');
    await ok(cityCourt.users.clerk, p11!.id, 'accept');
    await ok(cityCourt.users.approver, p11!.id, 'remand', { reason: '违反法定诉讼程序' }, ['criminal_ruling']);
    await ok(court.users.clerk, p3, 'receive_remand');
    const again = await act(court.users.approver, p3, 'decide_procedure', { trialTrack: 'fast_track', defendantConsent: true });
    expect(again.statusCode, again.body).toBe(422);
    expect(again.json().error.details.guard).toBe('spc377_remand_ordinary_procedure');
    expect(running(await view(court.users.clerk, p3), 'trial').due).toBe(byHand(today(), 2, 'month', true));
  });
});
