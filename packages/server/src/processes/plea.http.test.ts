/**
 * 认罪认罚从宽, 值班律师, 量刑建议, 速裁/简易 through the HTTP API (issue 10 part 1, issue 18 point 20):
 * each happy path with the period it starts, each refusal named after its article. The plea, the
 * 量刑建议 and the court's level are read by the platform from stored rows, never from the request.
 */
import type { TAgencyLevel, TAgencyType, TRole } from '@xietong/core';
import { calculateDeadline, civilDateInShanghai, extendDeadline, type TCivilDate } from '@xietong/core/deadlines';
import { getProcess } from '@xietong/core/processes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../deadlines/calendar-store';
import { TINY_PNG } from '../documents/test-support';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
type TOrg = { id: string; users: Record<'handler' | 'approver' | 'clerk', TTestUser> };
let police: TOrg, proc: TOrg, basicCourt: TOrg, intermediateCourt: TOrg, legalAid: TOrg, correction: TOrg;

async function org(type: TAgencyType, level: TAgencyLevel = 'district'): Promise<TOrg> {
  const a = await makeAgency(env, { type, level, regionCode: level === 'city' ? '220100' : '220104' });
  const users = {} as TOrg['users'];
  for (const r of ['handler', 'approver', 'clerk'] as const) users[r] = await makeUser(env, a.id, [r as TRole]);
  return { id: a.id, users };
}

beforeAll(async () => {
  env = await createTestEnv();
  police = await org('police');
  proc = await org('procuratorate');
  basicCourt = await org('court');
  intermediateCourt = await org('court', 'city');
  legalAid = await org('justice');
  correction = await org('correction');
});
afterAll(async () => { await env.close(); });

const LAWYER = { name: '钱律师', licenseNo: '12201201810123456' };
const today = () => civilDateInShanghai(Date.now()) as TCivilDate;
const IN_40_DAYS = civilDateInShanghai(Date.now() + 40 * 86_400_000);

async function act(u: TTestUser, id: string, action: string, input: Record<string, unknown> = {}, documents: string[] = []) {
  return as(env, u).post(`/api/process-instances/${id}/actions`, { action, input, documents });
}
async function ok(u: TTestUser, id: string, action: string, input: Record<string, unknown> = {}, documents: string[] = []) {
  const r = await act(u, id, action, input, documents);
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  return r.json();
}
async function start(u: TTestUser, caseId: string, code: string, receiverAgencyId: string): Promise<string> {
  const r = await as(env, u).post(`/api/cases/${caseId}/processes`, { code, receiverAgencyId });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}
const guard = (r: { statusCode: number; body: string; json: () => { error: { code: string; details: { guard?: string } } } }, code: string) => {
  expect(r.statusCode, r.body).toBe(422);
  expect(r.json().error).toMatchObject({ code: 'PROCESS_GUARD_FAILED', details: { guard: code } });
};

/** The running row of a timer: its start, parts and due date. */
async function timer(instanceId: string, timerId: string) {
  return env.database.db.selectFrom('process_timers').selectAll().where('instance_id', '=', instanceId).where('timer_id', '=', timerId)
    .where('status', '=', 'running').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
}
/** The due date the CPL 105 calculator gives for the row's own start and custody flag. */
async function expectedDue(row: { started_on: unknown; in_custody: boolean }, amount: number, unit: 'day' | 'month') {
  const calendar = await loadCalendar(env.database.db);
  return calculateDeadline({ start: String(row.started_on) as TCivilDate, amount, unit, inCustody: row.in_custody, calendar }).due;
}

/** P12: the legal-aid office assigns the duty lawyer the procuratorate asked for. */
async function assignDutyLawyer(caseId: string): Promise<string> {
  const id = await start(proc.users.handler, caseId, 'duty_lawyer', legalAid.id);
  await ok(proc.users.handler, id, 'request_lawyer', { suspectName: '赵某', purpose: 'plea' }, ['duty_lawyer_request']);
  await ok(legalAid.users.clerk, id, 'assign_lawyer', { lawyerName: LAWYER.name, lawyerLicenseNo: LAWYER.licenseNo }, ['duty_lawyer_assignment']);
  return id;
}

/** The 具结书 as a sealed record: the suspect's signature and fingerprint, the lawyer's attesting signature. */
async function sealedPlea(caseId: string, counsel = LAWYER): Promise<string> {
  const draft = await as(env, proc.users.handler).post(`/api/cases/${caseId}/records`, {
    kind: 'plea_agreement', subjectName: '赵某', location: '看守所讯问室', startedAt: '2025-03-10 09:00', endedAt: '2025-03-10 09:30',
    interviewers: ['检察官甲'], recorder: '书记员乙', qa: [{ q: '对指控的犯罪事实、罪名及量刑建议是否有异议？', a: '没有异议，自愿认罪认罚。' }],
    counsel: { kind: 'duty_lawyer', ...counsel },
  });
  expect(draft.statusCode, draft.body).toBe(201);
  const png = TINY_PNG.toString('base64');
  const r = await as(env, proc.users.handler).post(`/api/records/${draft.json().id}/confirm`, { contentSm3: draft.json().contentSm3, signaturePng: png, fingerprintPng: png, counselSignaturePng: png });
  expect(r.statusCode, r.body).toBe(200);
  return draft.json().id;
}

/** A case whose P2 is in 审查起诉 (移送 today: the review runs from today). */
async function inReview(): Promise<{ caseId: string; p2: string }> {
  const c = await makeCase(env, police.users.handler, { charges: ['theft'] });
  await provideAllEvidence(env, police.users.handler, c.id, ['theft']);
  const p2 = await start(police.users.handler, c.id, 'prosecution_transfer', proc.id);
  await ok(police.users.handler, p2, 'submit', {}, ['prosecution_opinion']);
  await ok(proc.users.clerk, p2, 'accept', {}, ['case_receipt_notice']);
  await ok(proc.users.handler, p2, 'start_review');
  return { caseId: c.id, p2 };
}

/** 认罪认罚 at 审查起诉 with the assigned duty lawyer, indicted with a 量刑建议 of `months` months. */
async function pleaded(months: number): Promise<{ caseId: string; p2: string }> {
  const { caseId, p2 } = await inReview();
  await assignDutyLawyer(caseId);
  await ok(proc.users.handler, p2, 'notify_plea_rights', {}, ['plea_rights_notice']);
  const recordId = await sealedPlea(caseId);
  await ok(proc.users.handler, p2, 'sign_plea_agreement', { counselKind: 'duty_lawyer', counselName: LAWYER.name, counselLicenseNo: LAWYER.licenseNo, pleaRecordId: recordId }, ['plea_agreement']);
  await ok(proc.users.handler, p2, 'submit_opinion', { proposedDecision: 'indict', opinionReasons: '事实清楚，证据确实、充分，自愿认罪认罚' });
  await ok(proc.users.approver, p2, 'indict', { recommendedPenalty: 'fixed_term', recommendedTermMinMonths: Math.max(1, months - 2), recommendedTermMaxMonths: months, recommendedSuspended: months <= 36 }, ['indictment', 'sentencing_recommendation']);
  return { caseId, p2 };
}

/** P3 filed with `court` and accepted today. */
async function accepted(caseId: string, court: TOrg): Promise<string> {
  await env.database.db.insertInto('case_parties').values([{ case_id: caseId, agency_id: proc.id }]).onConflict((oc) => oc.doNothing()).execute();
  const p3 = await start(proc.users.handler, caseId, 'public_prosecution', court.id);
  await ok(proc.users.handler, p3, 'submit', { proposedProcedure: 'fast_track' }, ['indictment', 'sentencing_recommendation']);
  await ok(court.users.clerk, p3, 'accept');
  return p3;
}

describe('认罪认罚 at 审查起诉 (CPL 172–176)', () => {
  it('CPL 36, 174: the 具结书 is signed before the duty lawyer the legal-aid office assigned; another lawyer, an unsealed record or no prior notice is refused', async () => {
    const { caseId, p2 } = await inReview();
    const sign = (recordId: string, licenseNo = LAWYER.licenseNo) =>
      act(proc.users.handler, p2, 'sign_plea_agreement', { counselKind: 'duty_lawyer', counselName: LAWYER.name, counselLicenseNo: licenseNo, pleaRecordId: recordId }, ['plea_agreement']);
    const recordId = await sealedPlea(caseId);
    // CPL 173 ¶2: rights and the leniency rules explained first
    guard(await sign(recordId), 'cpl173_plea_rights_not_notified');
    await ok(proc.users.handler, p2, 'notify_plea_rights', {}, ['plea_rights_notice']);
    // no lawyer assigned on this case yet (P12)
    const refused = await sign(recordId);
    guard(refused, 'cpl174_counsel_not_present');
    expect(refused.json().error.details).toMatchObject({ problem: 'duty_lawyer_not_assigned' });
    const p11 = await assignDutyLawyer(caseId);
    // a 具结书 record never confirmed with signature and fingerprint does not count
    const draft = await as(env, proc.users.handler).post(`/api/cases/${caseId}/records`, {
      kind: 'plea_agreement', subjectName: '赵某', location: '看守所', startedAt: '2025-03-10 09:00', endedAt: '2025-03-10 09:10',
      interviewers: ['检察官甲'], recorder: '书记员乙', qa: [{ q: '是否认罪认罚？', a: '是' }], counsel: { kind: 'duty_lawyer', ...LAWYER },
    });
    expect((await sign(draft.json().id)).json().error.details).toMatchObject({ problem: 'not_sealed' });
    // the licence named in the act must be the one in the sealed record
    expect((await sign(recordId, '12201201810000000')).json().error.details).toMatchObject({ problem: 'counsel_not_in_record' });
    const signed = await ok(proc.users.handler, p2, 'sign_plea_agreement', { counselKind: 'duty_lawyer', counselName: LAWYER.name, counselLicenseNo: LAWYER.licenseNo, pleaRecordId: recordId }, ['plea_agreement']);
    expect(signed.counters).toMatchObject({ pleaNotices: 1, pleaAgreements: 1 });
    // the lawyer's assignment is a cross-agency flow with its own (configurable) deadline, stopped on assignment
    const p11Timer = await env.database.db.selectFrom('process_timers').select(['status', 'due']).where('instance_id', '=', p11).where('timer_id', '=', 'assignment').executeTakeFirstOrThrow();
    expect(p11Timer.status).toBe('stopped');
  });

  it('CPL 174: confirming a 具结书 needs the lawyer\'s attesting signature; the sealed PDF names the lawyer', async () => {
    const { caseId } = await inReview();
    const draft = await as(env, proc.users.handler).post(`/api/cases/${caseId}/records`, {
      kind: 'plea_agreement', subjectName: '赵某', location: '看守所', startedAt: '2025-03-10 09:00', endedAt: '2025-03-10 09:10',
      interviewers: ['检察官甲'], recorder: '书记员乙', qa: [{ q: '是否认罪认罚？', a: '是' }], counsel: { kind: 'duty_lawyer', ...LAWYER },
    });
    const png = TINY_PNG.toString('base64');
    const noLawyer = await as(env, proc.users.handler).post(`/api/records/${draft.json().id}/confirm`, { contentSm3: draft.json().contentSm3, signaturePng: png, fingerprintPng: png });
    expect(noLawyer.statusCode).toBe(400);
    expect(noLawyer.json().error.message).toContain('律师');
    // a 具结书 without counsel cannot even be drafted (CPL 174 ¶1)
    const noCounsel = await as(env, proc.users.handler).post(`/api/cases/${caseId}/records`, {
      kind: 'plea_agreement', subjectName: '赵某', location: '看守所', startedAt: '2025-03-10 09:00', endedAt: '2025-03-10 09:10',
      interviewers: ['检察官甲'], recorder: '书记员乙', qa: [{ q: '是否认罪认罚？', a: '是' }],
    });
    expect(noCounsel.statusCode).toBe(400);
    const confirmed = await as(env, proc.users.handler).post(`/api/records/${draft.json().id}/confirm`, { contentSm3: draft.json().contentSm3, signaturePng: png, fingerprintPng: png, counselSignaturePng: png });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const row = await env.database.db.selectFrom('verbal_records').select(['counsel_signature_sha256', 'status']).where('id', '=', draft.json().id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'confirmed' });
    expect(row.counsel_signature_sha256).toMatch(/^[0-9a-f]{64}$/);
    const text = await env.database.db.selectFrom('document_texts as t').innerJoin('document_versions as v', 'v.id', 't.version_id')
      .select('t.content').where('v.document_id', '=', confirmed.json().record.documentId).executeTakeFirstOrThrow();
    expect(text.content).toContain(`值班律师 ${LAWYER.name}（执业证号 ${LAWYER.licenseNo}）`);
    expect(text.content).toContain('见证赵某自愿签署本具结书');
  });

  it('CPL 172: the 速裁 review of 10 days needs a standing plea; it runs from receipt, and a withdrawn plea takes it back to one month', async () => {
    const { caseId, p2 } = await inReview();
    guard(await act(proc.users.approver, p2, 'apply_fast_track', { reviewTrack: 'fast_track' }), 'no_plea_recorded');
    await assignDutyLawyer(caseId);
    await ok(proc.users.handler, p2, 'notify_plea_rights', {}, ['plea_rights_notice']);
    const recordId = await sealedPlea(caseId);
    await ok(proc.users.handler, p2, 'sign_plea_agreement', { counselKind: 'duty_lawyer', counselName: LAWYER.name, counselLicenseNo: LAWYER.licenseNo, pleaRecordId: recordId }, ['plea_agreement']);
    await ok(proc.users.approver, p2, 'apply_fast_track', { reviewTrack: 'fast_track' });
    const fast = await timer(p2, 'prosecution_review');
    expect(String(fast.started_on)).toBe(today());
    expect(fast.due).toBe(await expectedDue(fast, 10, 'day'));
    // the plain withdrawal is not offered while the 速裁 period runs: the one that restores the period is
    guard(await act(proc.users.handler, p2, 'withdraw_plea', { reason: '嫌疑人反悔' }), 'fast_track_applied');
    const back = await ok(proc.users.handler, p2, 'withdraw_plea_fast_track', { reason: '嫌疑人反悔，不再认罪' });
    expect(back.counters.pleaWithdrawals).toBe(1);
    const ordinary = await timer(p2, 'prosecution_review');
    expect(String(ordinary.started_on)).toBe(today());
    expect(ordinary.due).toBe(await expectedDue(ordinary, 1, 'month'));
  });

  it('CPL 174 ¶2: a deaf-mute suspect pleads without a 具结书, the ground recorded', async () => {
    const { p2 } = await inReview();
    await ok(proc.users.handler, p2, 'notify_plea_rights', {}, ['plea_rights_notice']);
    const r = await ok(proc.users.handler, p2, 'record_plea_without_agreement', { pleaException: 'sensory_disability', reason: '犯罪嫌疑人系聋哑人，经手语翻译告知' });
    expect(r.counters.pleaExceptions).toBe(1);
    const row = await env.database.db.selectFrom('process_instances').select('data').where('id', '=', p2).executeTakeFirstOrThrow();
    expect(row.data).toMatchObject({ pleaException: 'sensory_disability' });
  });

  it('CPL 176 ¶2: with a plea the 起诉书 goes with a complete 量刑建议 (penalty, term range, 缓刑)', async () => {
    const { p2 } = await inReview();
    await ok(proc.users.handler, p2, 'notify_plea_rights', {}, ['plea_rights_notice']);
    await ok(proc.users.handler, p2, 'record_plea_without_agreement', { pleaException: 'partial_mental_illness', reason: '鉴定意见' });
    await ok(proc.users.handler, p2, 'submit_opinion', { proposedDecision: 'indict', opinionReasons: '认罪认罚' });
    guard(await act(proc.users.approver, p2, 'indict', {}, ['indictment']), 'cpl176_sentencing_recommendation_missing');
    guard(await act(proc.users.approver, p2, 'indict', { recommendedPenalty: 'fixed_term', recommendedTermMinMonths: 12, recommendedTermMaxMonths: 8 }, ['indictment']), 'sentencing_recommendation_incomplete');
    await ok(proc.users.approver, p2, 'indict', { recommendedPenalty: 'fixed_term', recommendedTermMinMonths: 8, recommendedTermMaxMonths: 12, recommendedSuspended: true }, ['indictment', 'sentencing_recommendation']);
    const issued = await env.database.db.selectFrom('process_documents').select('doc_type').where('instance_id', '=', p2).execute();
    expect(issued.map((d) => d.doc_type)).toEqual(expect.arrayContaining(['indictment', 'sentencing_recommendation']));
  });
});

describe('速裁 and 简易 decided by the court with consent (CPL 214, 220–226; issue 18 point 20)', () => {
  it('issue 18 point 20: the intake clerk no longer picks the procedure at 受理; the period runs 2 months until the court decides', async () => {
    const { caseId } = await pleaded(10);
    const p3 = await start(proc.users.handler, caseId, 'public_prosecution', basicCourt.id);
    await ok(proc.users.handler, p3, 'submit', { proposedProcedure: 'fast_track' }, ['indictment']);
    const typed = await act(basicCourt.users.clerk, p3, 'accept', { trialTrack: 'fast_track' });
    expect(typed.statusCode).toBe(400);
    await ok(basicCourt.users.clerk, p3, 'accept');
    const trial = await timer(p3, 'trial');
    expect(trial.due).toBe(await expectedDue(trial, 2, 'month'));
    expect((await act(basicCourt.users.clerk, p3, 'decide_procedure', { trialTrack: 'fast_track', defendantConsent: true })).statusCode).toBe(403);
  });

  it('CPL 222, 225: 速裁 at a 基层法院 with the plea and the defendant\'s consent: 10 days from 受理 (recommended ≤ 1 year)', async () => {
    const { caseId } = await pleaded(10);
    const p3 = await accepted(caseId, basicCourt);
    await ok(basicCourt.users.approver, p3, 'decide_procedure', { trialTrack: 'fast_track', defendantConsent: true });
    const trial = await timer(p3, 'trial');
    expect(String(trial.started_on)).toBe(today());
    expect(trial.due).toBe(await expectedDue(trial, 10, 'day'));
    expect(trial.zh).toContain('速裁');
    // decided once; a change goes through conversion (CPL 226)
    guard(await act(basicCourt.users.approver, p3, 'decide_procedure', { trialTrack: 'fast_track', defendantConsent: true }), 'procedure_already_decided');
  });

  it('CPL 225: a recommended term over one year gives 15 days; choosing the 10-day period is refused', async () => {
    const { caseId } = await pleaded(18);
    const p3 = await accepted(caseId, basicCourt);
    const wrong = await act(basicCourt.users.approver, p3, 'decide_procedure', { trialTrack: 'fast_track', defendantConsent: true });
    guard(wrong, 'cpl220_225_period_by_term');
    expect(wrong.json().error.details).toMatchObject({ recommendedTermMonths: 18, expected: 'fast_track_over_1y' });
    await ok(basicCourt.users.approver, p3, 'decide_procedure', { trialTrack: 'fast_track_over_1y', defendantConsent: true });
    const trial = await timer(p3, 'trial');
    expect(trial.due).toBe(await expectedDue(trial, 15, 'day'));
  });

  it('CPL 222: 速裁 is refused at an 中级法院', async () => {
    const { caseId } = await pleaded(10);
    const p3 = await accepted(caseId, intermediateCourt);
    const r = await act(intermediateCourt.users.approver, p3, 'decide_procedure', { trialTrack: 'fast_track', defendantConsent: true });
    guard(r, 'cpl214_222_basic_court_only');
    expect(r.json().error.details).toMatchObject({ courtLevel: 'city' });
    const trial = await timer(p3, 'trial');
    expect(trial.due).toBe(await expectedDue(trial, 2, 'month'));
  });

  it('CPL 222: 速裁 is refused where the recommended term exceeds three years', async () => {
    const { caseId } = await pleaded(48);
    const p3 = await accepted(caseId, basicCourt);
    const r = await act(basicCourt.users.approver, p3, 'decide_procedure', { trialTrack: 'fast_track_over_1y', defendantConsent: true });
    guard(r, 'cpl222_fast_track_term');
    expect(r.json().error.details).toMatchObject({ recommendedTermMonths: 48, maxMonths: 36 });
  });

  it('CPL 222: 速裁 is refused without the defendant\'s consent, and without a plea', async () => {
    const { caseId } = await pleaded(10);
    const p3 = await accepted(caseId, basicCourt);
    guard(await act(basicCourt.users.approver, p3, 'decide_procedure', { trialTrack: 'fast_track', defendantConsent: false }), 'cpl214_222_defendant_consent');
    const plain = await makeCase(env, police.users.handler, { charges: ['theft'] });
    const noPlea = await accepted(plain.id, basicCourt);
    guard(await act(basicCourt.users.approver, noPlea, 'decide_procedure', { trialTrack: 'fast_track', defendantConsent: true }), 'cpl222_fast_track_needs_plea');
  });

  it('CPL 220: 简易 with consent at a 基层法院 — 20 days, 1.5 months where the recommended term exceeds three years', async () => {
    const { caseId } = await pleaded(48);
    const p3 = await accepted(caseId, basicCourt);
    guard(await act(basicCourt.users.approver, p3, 'decide_procedure', { trialTrack: 'summary', defendantConsent: true }), 'cpl220_225_period_by_term');
    await ok(basicCourt.users.approver, p3, 'decide_procedure', { trialTrack: 'summary_over_3y', defendantConsent: true });
    const trial = await timer(p3, 'trial');
    const calendar = await loadCalendar(env.database.db);
    const month = calculateDeadline({ start: String(trial.started_on) as TCivilDate, amount: 1, unit: 'month', inCustody: trial.in_custody, calendar });
    expect(trial.parts).toEqual([{ amount: 1, unit: 'month' }, { amount: 15, unit: 'day' }]);
    // one month, then 15 days on from its arithmetic end (half a month is 15 days)
    expect(trial.due).toBe(extendDeadline({ previousDue: month.arithmeticDue, amount: 15, unit: 'day', inCustody: trial.in_custody, calendar }).due);
  });

  it('CPL 226: a defendant withdrawing the plea in a 速裁 trial: judgment is refused until the court converts; the ordinary period runs from the conversion', async () => {
    const { caseId } = await pleaded(10);
    const p3 = await accepted(caseId, basicCourt);
    await ok(basicCourt.users.approver, p3, 'decide_procedure', { trialTrack: 'fast_track', defendantConsent: true });
    await ok(basicCourt.users.handler, p3, 'schedule_hearing', { hearingDate: IN_40_DAYS }, ['court_appearance_notice']);
    await ok(basicCourt.users.handler, p3, 'open_trial');
    const w = await ok(basicCourt.users.handler, p3, 'withdraw_plea', { reason: '被告人当庭翻供' });
    expect(w.counters.pleaWithdrawals).toBe(1);
    guard(await act(basicCourt.users.handler, p3, 'withdraw_plea', { reason: '再次' }), 'no_plea_to_withdraw');
    guard(await act(basicCourt.users.approver, p3, 'pronounce_judgment', { verdict: 'guilty', pronouncement: 'in_court', sentencingOutcome: 'not_adopted' }, ['criminal_judgment']), 'cpl201_226_judgment_plea');
    // back to 速裁 is no conversion (CPL 221, 226)
    expect((await act(basicCourt.users.approver, p3, 'change_procedure', { trialTrack: 'fast_track', reason: 'x' })).statusCode).toBe(400);
    await ok(basicCourt.users.approver, p3, 'change_procedure', { trialTrack: 'ordinary', reason: '被告人撤回认罪认罚' });
    const trial = await timer(p3, 'trial');
    expect(String(trial.started_on)).toBe(today());
    expect(trial.due).toBe(await expectedDue(trial, 2, 'month'));
    const restarted = await env.database.db.selectFrom('process_timers').select('status').where('instance_id', '=', p3).where('timer_id', '=', 'trial').where('status', '=', 'restarted').execute();
    expect(restarted.length).toBeGreaterThan(0);
    guard(await act(basicCourt.users.approver, p3, 'change_procedure', { trialTrack: 'summary', defendantConsent: true, reason: 'x' }), 'cpl221_226_conversion_direction');
    await ok(basicCourt.users.approver, p3, 'pronounce_judgment', { verdict: 'guilty', pronouncement: 'in_court', sentencingOutcome: 'not_adopted' }, ['criminal_judgment']);
  });
});

describe('量刑建议 before the court (CPL 201)', () => {
  it('CPL 201 ¶2: the court asks to adjust, the adjusted recommendation is recorded and the judgment states it was adopted', async () => {
    const { caseId } = await pleaded(10);
    const p3 = await accepted(caseId, basicCourt);
    await ok(basicCourt.users.approver, p3, 'decide_procedure', { trialTrack: 'fast_track', defendantConsent: true });
    await ok(basicCourt.users.handler, p3, 'schedule_hearing', { hearingDate: IN_40_DAYS }, ['court_appearance_notice']);
    await ok(basicCourt.users.handler, p3, 'open_trial');
    await ok(basicCourt.users.approver, p3, 'request_sentencing_adjustment', { reason: '量刑建议明显偏重' }, ['sentencing_adjustment_request']);
    // only the procuratorate adjusts; the court cannot
    expect((await act(basicCourt.users.handler, p3, 'adjust_sentencing_recommendation', { recommendedPenalty: 'fixed_term', recommendedTermMinMonths: 6, recommendedTermMaxMonths: 8, reason: 'x' }, ['sentencing_recommendation'])).statusCode).toBe(403);
    guard(await act(proc.users.handler, p3, 'adjust_sentencing_recommendation', { reason: '未写刑期' }, ['sentencing_recommendation']), 'cpl201_adjustment_incomplete');
    const adjusted = await ok(proc.users.handler, p3, 'adjust_sentencing_recommendation', { recommendedPenalty: 'fixed_term', recommendedTermMinMonths: 6, recommendedTermMaxMonths: 8, recommendedSuspended: true, reason: '采纳法院意见' }, ['sentencing_recommendation']);
    expect(adjusted.state).toBe('TRIAL');
    const row = await env.database.db.selectFrom('process_instances').select(['data', 'counters']).where('id', '=', p3).executeTakeFirstOrThrow();
    expect(row.data).toMatchObject({ recommendedTermMinMonths: 6, recommendedTermMaxMonths: 8, recommendedSuspended: true });
    expect(row.counters).toMatchObject({ sentencingAdjustmentRequests: 1, sentencingAdjustments: 1 });
    // with a recommendation before it, the judgment says what became of it
    guard(await act(basicCourt.users.approver, p3, 'pronounce_judgment', { verdict: 'guilty_suspended', pronouncement: 'in_court' }, ['criminal_judgment']), 'cpl201_226_judgment_plea');
    const judged = await ok(basicCourt.users.approver, p3, 'pronounce_judgment', { verdict: 'guilty_suspended', pronouncement: 'in_court', sentencingOutcome: 'adopted_after_adjustment' }, ['criminal_judgment']);
    expect(judged.state).toBe('JUDGED');
  });

  it('CPL 201: a case without a 量刑建议 has nothing to adjust', async () => {
    const plain = await makeCase(env, police.users.handler, { charges: ['theft'] });
    const p3 = await accepted(plain.id, basicCourt);
    await ok(basicCourt.users.handler, p3, 'schedule_hearing', { hearingDate: IN_40_DAYS }, ['court_appearance_notice']);
    await ok(basicCourt.users.handler, p3, 'open_trial');
    guard(await act(basicCourt.users.approver, p3, 'request_sentencing_adjustment', { reason: 'x' }, ['sentencing_adjustment_request']), 'cpl201_no_sentencing_recommendation');
  });
});

describe('statistics (issue 10)', () => {
  type TBranchRow = { indicted: number; pleaIndicted: number; pleaRate: number | null; trialsAccepted: number; fastTrack: number; fastTrackShare: number | null; recommendationsDecided: number; recommendationsAdopted: number };
  const branchOf = async (u: TTestUser, agencyId: string): Promise<TBranchRow> => {
    const r = await as(env, u).get('/api/stats/flows');
    expect(r.statusCode, r.body).toBe(200);
    const b = (r.json().branches as (TBranchRow & { agencyId: string })[]).find((x) => x.agencyId === agencyId);
    return b ?? { indicted: 0, pleaIndicted: 0, pleaRate: null, trialsAccepted: 0, fastTrack: 0, fastTrackShare: null, recommendationsDecided: 0, recommendationsAdopted: 0 };
  };


  it('counts the 认罪认罚 rate at 起诉, the 速裁 share of accepted cases and the 量刑建议 adoption rate per agency', async () => {
    const procBefore = await branchOf(proc.users.handler, proc.id);
    const courtBefore = await branchOf(basicCourt.users.handler, basicCourt.id);
    // one case indicted with a plea, one without
    const { caseId } = await pleaded(10);
    const { p2: plain } = await inReview();
    await ok(proc.users.handler, plain, 'submit_opinion', { proposedDecision: 'indict', opinionReasons: '事实清楚' });
    await ok(proc.users.approver, plain, 'indict', {}, ['indictment']);
    // the pleaded case through 速裁 with the recommendation adopted; another accepted in ordinary procedure
    const p3 = await accepted(caseId, basicCourt);
    await ok(basicCourt.users.approver, p3, 'decide_procedure', { trialTrack: 'fast_track', defendantConsent: true });
    await ok(basicCourt.users.handler, p3, 'schedule_hearing', { hearingDate: IN_40_DAYS }, ['court_appearance_notice']);
    await ok(basicCourt.users.handler, p3, 'open_trial');
    await ok(basicCourt.users.approver, p3, 'pronounce_judgment', { verdict: 'guilty_suspended', pronouncement: 'in_court', sentencingOutcome: 'adopted' }, ['criminal_judgment']);
    const other = await makeCase(env, police.users.handler, { charges: ['theft'] });
    await accepted(other.id, basicCourt);

    const procAfter = await branchOf(proc.users.handler, proc.id);
    expect(procAfter.indicted - procBefore.indicted).toBe(2);
    expect(procAfter.pleaIndicted - procBefore.pleaIndicted).toBe(1);
    expect(procAfter.pleaRate).toBe(Math.round((procAfter.pleaIndicted / procAfter.indicted) * 10_000) / 10_000);
    const courtAfter = await branchOf(basicCourt.users.handler, basicCourt.id);
    expect(courtAfter.trialsAccepted - courtBefore.trialsAccepted).toBe(2);
    expect(courtAfter.fastTrack - courtBefore.fastTrack).toBe(1);
    expect(courtAfter.recommendationsDecided - courtBefore.recommendationsDecided).toBe(1);
    expect(courtAfter.recommendationsAdopted - courtBefore.recommendationsAdopted).toBe(1);
    expect(courtAfter.fastTrackShare).toBe(Math.round((courtAfter.fastTrack / courtAfter.trialsAccepted) * 10_000) / 10_000);
  });
});

describe('调查评估 and the catalogue', () => {
  it('社区矫正法 18: the court asks the 社区矫正机构 for a 调查评估 — 10 days, 5 in a 速裁 case (实施办法 14, sec.)', async () => {
    const { caseId } = await pleaded(10);
    await env.database.db.insertInto('case_parties').values([{ case_id: caseId, agency_id: basicCourt.id }]).onConflict((oc) => oc.doNothing()).execute();
    const id = await start(basicCourt.users.handler, caseId, 'community_assessment', correction.id);
    await ok(basicCourt.users.handler, id, 'request_assessment', { personName: '赵某', assessmentTrack: 'fast_track' }, ['assessment_request']);
    const t = await timer(id, 'assessment');
    expect(t.due).toBe(await expectedDue(t, 5, 'day'));
    const done = await ok(correction.users.handler, id, 'deliver_opinion', { assessment: 'suitable' }, ['assessment_opinion']);
    expect(done.state).toBe('REPORTED');
  });

  it('GET /api/processes lists 值班律师 and 调查评估 with their statute articles', async () => {
    const r = await as(env, proc.users.handler).get('/api/processes');
    expect(r.statusCode).toBe(200);
    const items = r.json().items as { code: string; ref: string; articles: string[]; transitions: { action: string; articles: string[] }[] }[];
    const duty = items.find((p) => p.code === 'duty_lawyer')!;
    expect(duty).toMatchObject({ ref: 'P12' });
    expect(duty.articles).toEqual(expect.arrayContaining(['CPL 36', 'CPL 174']));
    const assessment = items.find((p) => p.code === 'community_assessment')!;
    expect(assessment.articles.some((a) => a.includes('社区矫正法') && a.includes('18'))).toBe(true);
    const p3 = items.find((p) => p.code === 'public_prosecution')!;
    expect(p3.transitions.find((t) => t.action === 'decide_procedure')!.articles).toEqual(expect.arrayContaining(['CPL 214', 'CPL 222']));
    expect(getProcess('public_prosecution')!.transitions.some((t) => t.action === 'decide_procedure')).toBe(true);
  });
});
