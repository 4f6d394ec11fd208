/**
 * 羁押期限 per person through the HTTP API: the CPL 91 request period from the recorded detention
 * time, CPL 156 from the arrest, P8 extending that same timer, the 审查起诉 stage period, 取保候审,
 * the 看守所's detainee list and fact-date checks.
 */
import type { TAgencyType, TRole } from '@xietong/core';
import { generateResidentId } from '@xietong/core/cases';
import { addDays, calculateDeadline, civilDateInShanghai, DEFAULT_CALENDAR, type TCivilDate } from '@xietong/core/deadlines';
import { formatCivilBodyDate } from '@xietong/core/dossier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPdfText } from '../documents/pdf-text';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';
import { sweepCustodyOverdue } from './sweep-custody-overdue';

let env: TTestEnv;
let seed = 4000 + (process.pid % 1000) * 50;
type TOrg = { id: string; name: string; users: Partial<Record<TRole, TTestUser>> };
let police: TOrg, proc: TOrg, cityProc: TOrg, centre: TOrg, otherCentre: TOrg, court: TOrg;

async function org(type: TAgencyType, roles: TRole[], o: { parentId?: string; level?: 'city' | 'district'; regionCode?: string } = {}): Promise<TOrg> {
  const a = await makeAgency(env, { type, level: o.level ?? 'district', regionCode: o.regionCode ?? '220104', parentId: o.parentId ?? null });
  const users: TOrg['users'] = {};
  for (const r of roles) users[r] = await makeUser(env, a.id, [r]);
  return { id: a.id, name: a.name, users };
}

beforeAll(async () => {
  env = await createTestEnv();
  cityProc = await org('procuratorate', ['handler', 'approver', 'clerk'], { level: 'city', regionCode: '220100' });
  proc = await org('procuratorate', ['handler', 'approver', 'clerk'], { parentId: cityProc.id });
  police = await org('police', ['handler', 'approver', 'clerk']);
  // 朝阳区看守所 sits under 朝阳分局 (demo-agencies.ts); the other one is unrelated
  centre = await org('detention', ['handler'], { parentId: police.id });
  otherCentre = await org('detention', ['handler'], { regionCode: '220102' });
  court = await org('court', ['handler', 'approver', 'clerk']);
});
afterAll(async () => { await env.close(); });

const act = (u: TTestUser, instanceId: string, action: string, input: Record<string, unknown> = {}) =>
  as(env, u).post(`/api/process-instances/${instanceId}/actions`, { action, input });

/** Shanghai wall time `days` days ago at 09:30, as entered in the form. */
function wallTimeDaysAgo(days: number): { at: string; day: TCivilDate } {
  const day = addDays(civilDateInShanghai(Date.now()), -days);
  return { at: `${day}T09:30`, day };
}

/** A 盗窃 case (up to 无期徒刑, so CPL 81 allows a request for arrest) with one suspect at liberty. */
async function freeSuspectCase(): Promise<{ caseId: string; personId: string }> {
  // 盗窃 (up to 无期徒刑): CPL 81 is met, the handler may request arrest
  const c = await makeCase(env, police.users.handler!, {
    charges: ['theft'],
    persons: [{ name: '李某', residentId: generateResidentId(++seed, { regionCode: '220104' }), measures: [] }],
  });
  await provideAllEvidence(env, police.users.handler!, c.id, ['theft']);
  const card = (await as(env, police.users.handler!).get(`/api/cases/${c.id}`)).json();
  return { caseId: c.id, personId: card.people[0].id };
}

async function startArrest(caseId: string): Promise<string> {
  const r = await as(env, police.users.handler!).post(`/api/cases/${caseId}/processes`, { code: 'arrest', receiverAgencyId: proc.id });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}

async function person(caseId: string, u: TTestUser = police.users.handler!) {
  const card = await as(env, u).get(`/api/cases/${caseId}`);
  expect(card.statusCode, card.body).toBe(200);
  return card.json().people[0];
}

/** P1 through to 执行逮捕 (the handler's 审查意见, then the approver's decision), with the detention and arrest times given. */
async function detainAndArrest(detainedAt: string, arrestedAt: string): Promise<{ caseId: string; personId: string; instanceId: string }> {
  const { caseId, personId } = await freeSuspectCase();
  const instanceId = await startArrest(caseId);
  const ph = police.users.handler!;
  const steps: [TTestUser, string, Record<string, unknown>][] = [
    [ph, 'record_detention', { personId, detainedAt }], [ph, 'submit', { custody: 'detained' }],
    [proc.users.clerk!, 'accept', {}], [proc.users.handler!, 'start_review', {}],
    [proc.users.handler!, 'submit_opinion', { proposedDecision: 'approve', opinionReasons: '符合逮捕条件' }], [proc.users.approver!, 'approve', {}],
    [ph, 'execute_arrest', { arrestedAt }],
  ];
  for (const [u, action, input] of steps) {
    const r = await act(u, instanceId, action, input);
    expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  }
  return { caseId, personId, instanceId };
}

describe('羁押期限 per person', () => {
  it('CPL 91: the 提请批准逮捕 deadline runs from the recorded detention time, not from the click', async () => {
    const { caseId, personId } = await freeSuspectCase();
    const instanceId = await startArrest(caseId);
    const detained = wallTimeDaysAgo(2);
    const r = await act(police.users.handler!, instanceId, 'record_detention', { personId, detainedAt: detained.at });
    expect(r.statusCode, r.body).toBe(200);
    const expected = addDays(detained.day, 3); // start day not counted; custody: no holiday move
    const timer = r.json().timers.find((t: { status: string; timerId: string }) => t.status === 'running' && t.timerId === 'detention_to_request');
    expect(timer.due).toBe(expected);
    const p = await person(caseId);
    expect(p.currentMeasure).toBe('detention');
    expect(p.inCustody).toBe(true);
    expect(p.custodyDeadline).toMatchObject({ kind: 'detention_request', article: 'CPL 91', due: expected, startedOn: detained.day, inCustody: true });
    expect(p.custodyDeadline.explanation[0].zh).toContain(detained.day);
    // 拘留 lasts at most 3 + 7 = 10 days before the procuratorate decides
    expect(p.measures[0]).toMatchObject({ measure: 'detention', legalMaxDue: addDays(detained.day, 10) });
    expect(p.measures[0].detentionCentre.id).toBe(centre.id);
  });

  it('CPL 156: after 执行逮捕 the person is 逮捕 with two months from the arrest date; a holiday expiry is not moved; the 拘留 timer ended', async () => {
    // arrested 2026-08-01: two months end on 2026-10-01 (National Day), which a custody period keeps (CPL 105 ¶2)
    const { caseId, personId } = await detainAndArrest('2026-07-29T21:00', '2026-08-01T10:00');
    const p = await person(caseId);
    expect(p.currentMeasure).toBe('arrest');
    expect(p.custodyStatus).toBe('逮捕');
    expect(p.custodyDeadline).toMatchObject({ kind: 'investigative', article: 'CPL 156', startedOn: '2026-08-01', due: '2026-10-01', inCustody: true });
    expect(p.custodyDeadline.explanation.map((s: { code: string }) => s.code)).toContain('CUSTODY_NO_MOVE');
    const detention = p.measures.find((m: { measure: string }) => m.measure === 'detention');
    expect(detention.endedAt).toBe(new Date('2026-08-01T10:00:00+08:00').toISOString());
    expect(detention.endReason).toBe('逮捕');
    const timers = await env.database.db.selectFrom('person_custody_timers').select(['kind', 'status']).where('person_id', '=', personId).orderBy('created_at').execute();
    expect(timers).toEqual([{ kind: 'detention_request', status: 'ended' }, { kind: 'investigative', status: 'running' }]);
    // P4 state machine: a person already arrested cannot be put back under 拘留
    const again = await startArrest(caseId);
    const r = await act(police.users.handler!, again, 'record_detention', { personId });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().error.message).toContain('不能由“逮捕”变更为“拘留”');
    expect((await person(caseId)).currentMeasure).toBe('arrest');
  });

  it('CPL 156/158: a P8 approved extension extends that person\'s custody deadline in place by one month', async () => {
    const arrested = wallTimeDaysAgo(5);
    const { caseId, personId } = await detainAndArrest(wallTimeDaysAgo(7).at, arrested.at);
    const before = (await person(caseId)).custodyDeadline;
    expect(before.due).toBe(calculateDeadline({ start: arrested.day, amount: 2, unit: 'month', inCustody: true, calendar: DEFAULT_CALENDAR }).due);
    const p8 = await as(env, police.users.handler!).post(`/api/cases/${caseId}/processes`, { code: 'custody_extension', receiverAgencyId: proc.id });
    expect(p8.statusCode, p8.body).toBe(201);
    const id = p8.json().id;
    // a typed expiry other than the one computed for the person is refused (no typed date moves a statutory date)
    const wrong = await act(police.users.handler!, id, 'submit', { tier: 1, currentExpiry: addDays(before.due, 5), reason: '案情复杂', personId });
    expect(wrong.statusCode, wrong.body).toBe(422);
    expect(wrong.json().error.details).toMatchObject({ guard: 'custody_expiry_mismatch', computed: before.due });
    // CPL 158 only after the CPL 156 extension: tier 2 first is refused (the person's timer carries no tier 1 yet)
    const early = await act(police.users.handler!, id, 'submit', { tier: 2, currentExpiry: before.due, reason: '重大复杂', personId });
    expect(early.statusCode, early.body).toBe(422);
    expect(early.json().error.details).toMatchObject({ guard: 'extension_tier_order', problem: 'previous_tier_missing', requires: 1 });
    const sent = await act(police.users.handler!, id, 'submit', { tier: 1, currentExpiry: before.due, reason: '案情复杂，需继续侦查', personId });
    expect(sent.statusCode, sent.body).toBe(200);
    // the 提请批准延长侦查羁押期限意见书 states the arrest date recorded on the person (not the day of the
    // click) and the running custody deadline, as body dates
    const request = sent.json().events.at(-1).documents.find((d: { type: string }) => d.type === 'custody_extension_request');
    const pdf = (await as(env, proc.users.approver!).get(`/api/documents/${request.documentId}/content`)).rawPayload;
    expect((await extractPdfText(pdf)).text.replace(/\s+/g, '')).toContain(`于${formatCivilBodyDate(arrested.day)}被依法逮捕，侦查羁押期限将于${formatCivilBodyDate(before.due)}届满`);
    const docText = async (r: { json(): { events: { documents: { type: string; documentId: string }[] }[] } }, type: string) => {
      const doc = r.json().events.at(-1)!.documents.find((d) => d.type === type)!;
      return (await extractPdfText((await as(env, police.users.handler!).get(`/api/documents/${doc.documentId}/content`)).rawPayload)).text.replace(/\s+/g, '');
    };
    const steps: Record<string, { json(): { events: { documents: { type: string; documentId: string }[] }[] } }> = {};
    for (const [u, action, input] of [
      [proc.users.approver!, 'forward', { opinion: '同意报请延长' }],
      [cityProc.users.approver!, 'approve', {}],
      [police.users.handler!, 'notify_detention_centre', {}],
    ] as const) {
      const r = await act(u, id, action, input);
      expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
      steps[action] = r;
    }
    const extendedTo = calculateDeadline({ start: before.due, amount: 1, unit: 'month', inCustody: true, calendar: DEFAULT_CALENDAR }).due;
    // CPL 156: the 批准延长侦查羁押期限决定书 states the article of the tier, one month, and the extension
    // from the day after the current expiry to the new one (found in review: both dates were unrecorded)
    const approval = await docText(steps.approve!, 'custody_extension_approval');
    expect(approval).toContain(`依照《中华人民共和国刑事诉讼法》第一百五十六条之规定，决定批准延长侦查羁押期限一个月，自${formatCivilBodyDate(addDays(before.due, 1))}至${formatCivilBodyDate(extendedTo)}。`);
    expect(approval).not.toContain('尚未登记');
    // the 延长侦查羁押期限通知书 goes to the 看守所 holding the person, with the approving procuratorate and the new expiry
    const notice = await docText(steps.notify_detention_centre!, 'custody_extension_notice');
    expect(notice).toContain(`${centre.name}：`);
    expect(notice).toContain(`经${cityProc.name}批准，依照《中华人民共和国刑事诉讼法》第一百五十六条之规定`);
    expect(notice).toContain(`延长一个月，至${formatCivilBodyDate(extendedTo)}届满`);
    const after = (await person(caseId)).custodyDeadline;
    expect(after.kind).toBe('investigative');
    expect(after.startedOn).toBe(before.startedOn);
    expect(after.extensions).toEqual([1]);
    expect(after.due).toBe(calculateDeadline({ start: before.due, amount: 1, unit: 'month', inCustody: true, calendar: DEFAULT_CALENDAR }).due);
    expect(after.explanation.some((s: { code: string; article: string }) => s.code === 'CUSTODY_EXTENSION' && s.article === 'CPL 156')).toBe(true);
    const running = await env.database.db.selectFrom('person_custody_timers').select('id').where('person_id', '=', personId).where('status', '=', 'running').execute();
    expect(running).toHaveLength(1);

    // CPL 172: once the district procuratorate receives the case for 审查起诉, the 看守所's list names
    // it as responsible, not the city procuratorate that approved the extension (found in review: the
    // superior, the last to join the case, was named, and the expiry warnings would have gone to it)
    const p2 = (await as(env, police.users.handler!).post(`/api/cases/${caseId}/processes`, { code: 'prosecution_transfer', receiverAgencyId: proc.id })).json().id;
    for (const [u, action] of [[police.users.handler!, 'submit'], [proc.users.clerk!, 'accept']] as const) {
      const r = await act(u, p2, action, {});
      expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
    }
    const listed = (await as(env, centre.users.handler!).get('/api/custody')).json().items.find((i: { personId: string }) => i.personId === personId);
    expect(listed.responsibleAgency).toMatchObject({ id: proc.id });
    expect(listed.handler).toMatchObject({ id: proc.users.clerk!.id });
  });

  it('CPL 160: another major crime found restarts the same custody timer from the discovery day; only 公 may, only on 侦查羁押', async () => {
    const { caseId, personId } = await detainAndArrest(wallTimeDaysAgo(12).at, wallTimeDaysAgo(10).at);
    const before = (await person(caseId)).custodyDeadline;
    const found = wallTimeDaysAgo(1);
    const url = `/api/cases/${caseId}/persons/${personId}/custody-recalculation`;
    // wrong agency (the procuratorate is a party) and an outsider: refused, nothing changes
    expect((await as(env, proc.users.approver!).post(url, { discoveredAt: found.at, reason: '另查明盗窃三起' })).statusCode).toBe(403);
    const stranger = await org('police', ['handler'], { regionCode: '220102' });
    expect((await as(env, stranger.users.handler!).post(url, { discoveredAt: found.at, reason: '另查明盗窃三起' })).statusCode).toBe(404);
    const future = await as(env, police.users.handler!).post(url, { discoveredAt: `${addDays(found.day, 3)}T10:00`, reason: '另查明盗窃三起' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toContain('body.discoveredAt');
    expect((await person(caseId)).custodyDeadline).toEqual(before);

    const r = await as(env, police.users.handler!).post(url, { discoveredAt: found.at, reason: '另查明盗窃三起' });
    expect(r.statusCode, r.body).toBe(200);
    const due = calculateDeadline({ start: found.day, amount: 2, unit: 'month', inCustody: true, calendar: DEFAULT_CALENDAR }).due;
    expect(r.json()).toMatchObject({ kind: 'recalculated', article: 'CPL 160', startedOn: found.day, due });
    const after = (await person(caseId)).custodyDeadline;
    expect(after.due).toBe(due);
    expect(after.explanation[0].zh).toContain(before.due);
    const rows = await env.database.db.selectFrom('person_custody_timers').select('id').where('person_id', '=', personId).where('status', '=', 'running').execute();
    expect(rows).toHaveLength(1);
    const audit = await env.database.db.selectFrom('audit_log').select(['action', 'outcome']).where('case_id', '=', caseId).where('action', '=', 'custody.recalculated').execute();
    expect(audit.map((a) => a.outcome).sort()).toEqual(['denied', 'ok']);
  });

  it('CPL 172: at 审查起诉 a held person\'s custody follows the stage period from receipt', async () => {
    const { caseId } = await detainAndArrest(wallTimeDaysAgo(9).at, wallTimeDaysAgo(6).at);
    const p2 = await as(env, police.users.handler!).post(`/api/cases/${caseId}/processes`, { code: 'prosecution_transfer', receiverAgencyId: proc.id });
    expect(p2.statusCode, p2.body).toBe(201);
    const r = await act(police.users.handler!, p2.json().id, 'submit', {});
    expect(r.statusCode, r.body).toBe(200);
    const today = civilDateInShanghai(Date.now());
    const p = await person(caseId, proc.users.handler!);
    expect(p.currentMeasure).toBe('arrest');
    expect(p.custodyDeadline).toMatchObject({
      kind: 'prosecution_review', article: 'CPL 172', startedOn: today, inCustody: true,
      due: calculateDeadline({ start: today, amount: 1, unit: 'month', inCustody: true, calendar: DEFAULT_CALENDAR }).due,
    });
  });

  it('CPL 220: at 审判 a held person\'s custody follows the trial period from the court\'s acceptance (简易程序 20 days)', async () => {
    const { caseId } = await detainAndArrest(wallTimeDaysAgo(9).at, wallTimeDaysAgo(6).at);
    const p2 = await as(env, police.users.handler!).post(`/api/cases/${caseId}/processes`, { code: 'prosecution_transfer', receiverAgencyId: proc.id });
    // 审查起诉 decides to prosecute (the handler's 审查意见, the approver's decision) and issues the 起诉书 P3 sends
    for (const [u, action, input] of [
      [police.users.handler!, 'submit', {}], [proc.users.clerk!, 'accept', {}], [proc.users.handler!, 'start_review', {}],
      [proc.users.handler!, 'submit_opinion', { proposedDecision: 'indict', opinionReasons: '犯罪事实清楚，证据确实、充分' }], [proc.users.approver!, 'indict', {}],
    ] as const) {
      const r = await act(u, p2.json().id, action, input);
      expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
    }
    const p3 = await as(env, proc.users.handler!).post(`/api/cases/${caseId}/processes`, { code: 'public_prosecution', receiverAgencyId: court.id });
    expect(p3.statusCode, p3.body).toBe(201);
    // the court decides 简易 with the defendant's consent after acceptance (CPL 214); the 20 days run from 受理
    for (const [u, action, input, documents] of [[proc.users.handler!, 'submit', {}, ['indictment']], [court.users.clerk!, 'accept', {}, []], [court.users.approver!, 'decide_procedure', { trialTrack: 'summary', defendantConsent: true }, []]] as const) {
      const r = await as(env, u).post(`/api/process-instances/${p3.json().id}/actions`, { action, input, documents });
      expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
    }
    const today = civilDateInShanghai(Date.now());
    const p = await person(caseId, court.users.clerk!);
    expect(p.currentMeasure).toBe('arrest');
    // a custody period: 20 days, the last day kept even on a holiday (CPL 105 ¶2)
    expect(p.custodyDeadline).toMatchObject({ kind: 'trial', article: 'CPL 220', startedOn: today, inCustody: true, due: addDays(today, 20) });
  });

  it('CPL 79: 取保候审 decided and executed runs 12 months from its start, and the detainee is no longer held', async () => {
    const c = await makeCase(env, police.users.handler!); // one suspect under detention since 2025-03-02
    const before = await person(c.id);
    expect(before.custodyDeadline).toMatchObject({ kind: 'detention_request', due: '2025-03-05' });
    const p4 = await as(env, police.users.approver!).post(`/api/cases/${c.id}/processes`, { code: 'measure_change', receiverAgencyId: proc.id });
    expect(p4.statusCode, p4.body).toBe(201);
    let r = await act(police.users.approver!, p4.json().id, 'decide_bail', {});
    expect(r.statusCode, r.body).toBe(200);
    r = await act(police.users.handler!, p4.json().id, 'record_execution', {});
    expect(r.statusCode, r.body).toBe(200);
    const today = civilDateInShanghai(Date.now());
    const p = await person(c.id);
    expect(p.currentMeasure).toBe('bail');
    expect(p.inCustody).toBe(false);
    const due = calculateDeadline({ start: today, amount: 12, unit: 'month', inCustody: false, calendar: DEFAULT_CALENDAR }).due;
    expect(p.custodyDeadline).toMatchObject({ kind: 'bail', article: 'CPL 79', inCustody: false, due });
    expect(p.measures.at(-1)).toMatchObject({ measure: 'bail', legalMaxDue: due, endedAt: null });
    expect(p.measures[0].endReason).toBe('变更为取保候审');
  });
});

describe('超期羁押 alert', () => {
  it('CPL 91/105: a custody period past 24:00 of its last day raises one overdue alert for the person, once', async () => {
    const c = await makeCase(env, police.users.handler!); // detained 2025-03-02 01:00: request period ends 2025-03-05
    const p = await person(c.id);
    expect(p.custodyDeadline).toMatchObject({ due: '2025-03-05', dueInstant: new Date('2025-03-06T00:00:00+08:00').toISOString(), status: 'overdue' });
    const end = new Date(p.custodyDeadline.dueInstant).getTime();
    await sweepCustodyOverdue(env.database.db, { now: new Date(end - 1000) });
    const alerts = () => env.database.db.selectFrom('audit_log').select(['target_type', 'details']).where('action', '=', 'deadline.overdue').where('case_id', '=', c.id).execute();
    expect(await alerts()).toHaveLength(0);
    await sweepCustodyOverdue(env.database.db, { now: new Date(end + 1000) });
    await sweepCustodyOverdue(env.database.db, { now: new Date(end + 2000) });
    const rows = await alerts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ target_type: 'person_custody_timer', details: { personId: p.id, article: 'CPL 91', due: '2025-03-05' } });
  });
});

describe('GET /api/custody', () => {
  it('CPL 156: the responsible 看守所 lists a detainee arrested in the test with the custody deadline; an unrelated 看守所 does not', async () => {
    const arrested = wallTimeDaysAgo(3);
    const { caseId, personId } = await detainAndArrest(wallTimeDaysAgo(4).at, arrested.at);
    const due = calculateDeadline({ start: arrested.day, amount: 2, unit: 'month', inCustody: true, calendar: DEFAULT_CALENDAR }).due;
    const mine = await as(env, centre.users.handler!).get('/api/custody');
    expect(mine.statusCode, mine.body).toBe(200);
    const item = mine.json().items.find((i: { personId: string }) => i.personId === personId);
    expect(item).toMatchObject({
      caseId, personName: '李某', measure: 'arrest', measureName: '逮捕', detentionCentre: { id: centre.id },
      responsibleAgency: { id: police.id }, deadline: { kind: 'investigative', due, article: 'CPL 156' },
    });
    expect(item.handler?.id).toBe(police.users.handler!.id);
    // soonest first
    const dues = mine.json().items.map((i: { deadline: { due: string } | null }) => i.deadline?.due ?? '9999');
    expect([...dues].sort()).toEqual(dues);
    // the case agency sees its own detainees; an unrelated 看守所 sees nothing of them
    expect((await as(env, police.users.handler!).get('/api/custody')).json().items.map((i: { personId: string }) => i.personId)).toContain(personId);
    const other = await as(env, otherCentre.users.handler!).get('/api/custody');
    expect(other.statusCode).toBe(200);
    expect(other.json().items.map((i: { personId: string }) => i.personId)).not.toContain(personId);
    // an agency outside the case sees nothing of it; no session, no list
    const stranger = await org('police', ['handler'], { regionCode: '220102' });
    expect((await as(env, stranger.users.handler!).get('/api/custody')).json().items.map((i: { caseId: string }) => i.caseId)).not.toContain(caseId);
    expect((await env.app.inject({ method: 'GET', url: '/api/custody' })).statusCode).toBe(401);
  });
});

describe('fact dates', () => {
  it('CPL 91: a detention time in the future or before 案发时间 is refused with 400 naming the field, nothing changes', async () => {
    const { caseId, personId } = await freeSuspectCase();
    const instanceId = await startArrest(caseId);
    const tomorrow = addDays(civilDateInShanghai(Date.now()), 1);
    for (const detainedAt of [`${tomorrow}T09:00`, '2025-02-28T09:00', '昨天']) {
      const r = await act(police.users.handler!, instanceId, 'record_detention', { personId, detainedAt });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION_FAILED');
      expect(r.json().error.message).toContain('拘留时间(input.detainedAt)');
    }
    const view = (await as(env, police.users.handler!).get(`/api/process-instances/${instanceId}`)).json();
    expect(view.state).toBe('DRAFT');
    expect((await person(caseId)).currentMeasure).toBe('free');
  });

  it('a measure start at 立案 before the offence is refused naming the field', async () => {
    const r = await as(env, police.users.handler!).post('/api/cases', {
      title: '测试案件', summary: '事实', occurredAt: '2025-03-01T22:30:00+08:00', regionCode: '220104', charges: ['dangerous_driving'],
      persons: [{ name: '王某', residentId: generateResidentId(++seed, { regionCode: '220104' }), measures: [{ measure: 'detention', startedAt: '2025-02-01T01:00:00+08:00' }] }],
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().error.message).toContain('body.persons.0.measures.0.startedAt');
    expect(r.json().error.message).toContain('案发时间');
  });
});

describe('电子换押 (P16) in the 看守所 list', () => {
  it('2014 换押 notice (sec.): a suspect moved from 侦查 to 审查起诉 without 换押 is an exception in the 看守所 list; with the signed 换押证 taken over and acknowledged it is not', async () => {
    const { caseId, personId } = await detainAndArrest(wallTimeDaysAgo(9).at, wallTimeDaysAgo(6).at);
    const centreClerk = await makeUser(env, centre.id, ['clerk']);
    const transferOf = async () => {
      const list = await as(env, centreClerk).get('/api/custody');
      expect(list.statusCode, list.body).toBe(200);
      return list.json().items.find((i: { personId: string }) => i.personId === personId)?.custodyTransfer;
    };
    // 侦查羁押: the police hold the person, no 换押 is due
    expect(await transferOf()).toEqual({ status: 'not_required', instanceId: null });

    // 移送审查起诉 (CPL 172): the stage period runs, the 看守所 has no 换押 — an exception
    const p2 = await as(env, police.users.handler!).post(`/api/cases/${caseId}/processes`, { code: 'prosecution_transfer', receiverAgencyId: proc.id });
    expect((await act(police.users.handler!, p2.json().id, 'submit', {})).statusCode).toBe(200);
    expect((await transferOf()).status).toBe('missing');

    // the police fill and sign the 换押证 for the procuratorate
    const started = await as(env, police.users.handler!).post(`/api/cases/${caseId}/processes`, { code: 'custody_transfer', receiverAgencyId: proc.id });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().id as string;
    const url = `/api/process-instances/${id}/actions`;
    const issue = { action: 'issue_certificate', input: { personId, transferKind: 'to_prosecution_review' }, documents: ['custody_transfer_certificate'] };
    // refusals: the receiver cannot issue the sender's 换押证; an outsider cannot see the instance
    expect((await as(env, proc.users.handler!).post(url, issue)).statusCode).toBe(403);
    expect((await as(env, otherCentre.users.handler!).post(url, issue)).statusCode).toBe(404);
    const issued = await as(env, police.users.handler!).post(url, issue);
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json().state).toBe('ISSUED');
    expect(await transferOf()).toEqual({ status: 'pending', instanceId: id });
    // the 换押证 is a signed, numbered 法律文书 in the 换押字 series
    const doc = await env.database.db.selectFrom('process_documents').select(['doc_type', 'number', 'document_id']).where('instance_id', '=', id).executeTakeFirstOrThrow();
    expect(doc.doc_type).toBe('custody_transfer_certificate');
    expect(doc.number).toContain('换押字');
    expect(doc.document_id).not.toBeNull();

    // the 看守所 cannot acknowledge before the receiver took over
    expect([403, 404, 409]).toContain((await as(env, centreClerk).post(url, { action: 'acknowledge_transfer' })).statusCode);
    const today = civilDateInShanghai(Date.now());
    // a takeover date in the future is refused
    const future = await as(env, proc.users.handler!).post(url, { action: 'take_over', input: { takenOverOn: addDays(today, 3), detentionCentreId: centre.id } });
    expect(future.statusCode, future.body).toBe(422);
    const taken = await as(env, proc.users.handler!).post(url, { action: 'take_over', input: { takenOverOn: today, detentionCentreId: centre.id } });
    expect(taken.statusCode, taken.body).toBe(200);
    expect((await transferOf()).status).toBe('pending');
    // only the 看守所's intake acknowledges
    expect((await as(env, proc.users.clerk!).post(url, { action: 'acknowledge_transfer' })).statusCode).toBe(403);
    const ack = await as(env, centreClerk).post(url, { action: 'acknowledge_transfer' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().state).toBe('ACKNOWLEDGED');
    expect(await transferOf()).toEqual({ status: 'acknowledged', instanceId: id });
  });
});

describe('提讯 booking', () => {
  it('an investigator books a remote 提讯 slot at the 看守所 holding the suspect; the 看守所 confirms; the slot shows on both sides; refusals change nothing', async () => {
    const { caseId, personId } = await detainAndArrest(wallTimeDaysAgo(5).at, wallTimeDaysAgo(2).at);
    const centreClerk = await makeUser(env, centre.id, ['clerk']);
    const tomorrow = addDays(civilDateInShanghai(Date.now()), 1);
    const url = `/api/cases/${caseId}/persons/${personId}/interrogations`;
    const slot = { startsAt: `${tomorrow}T09:00`, minutes: 90, mode: 'remote', purpose: '核实作案经过' };
    // refusals: an agency outside the case does not see it; a clerk of the case agency may not book; a slot in the past is refused
    const stranger = await org('police', ['handler'], { regionCode: '220102' });
    expect((await as(env, stranger.users.handler!).post(url, slot)).statusCode).toBe(404);
    expect((await as(env, police.users.clerk!).post(url, slot)).statusCode).toBe(403);
    const past = await as(env, police.users.handler!).post(url, { ...slot, startsAt: `${addDays(tomorrow, -3)}T09:00` });
    expect(past.statusCode, past.body).toBe(400);
    expect((await as(env, police.users.handler!).post(url, { ...slot, mode: 'phone' })).statusCode).toBe(400);
    expect(await env.database.db.selectFrom('interrogation_bookings').select('id').where('person_id', '=', personId).execute()).toEqual([]);

    const booked = await as(env, police.users.handler!).post(url, slot);
    expect(booked.statusCode, booked.body).toBe(201);
    const b = booked.json();
    expect(b).toMatchObject({ personId, status: 'requested', mode: 'remote', detentionCentre: { id: centre.id }, bookedBy: { agencyId: police.id } });
    expect(b.startsAt).toBe(new Date(`${tomorrow}T09:00:00+08:00`).toISOString());
    expect(b.endsAt).toBe(new Date(`${tomorrow}T10:30:00+08:00`).toISOString());
    // the same person at an overlapping time: the slot is taken
    const clash = await as(env, police.users.handler!).post(url, { ...slot, startsAt: `${tomorrow}T10:00` });
    expect(clash.statusCode, clash.body).toBe(409);

    // only the 看守所 holding the person decides; others do not find the booking
    const decision = `/api/interrogations/${b.id}/decision`;
    expect((await as(env, otherCentre.users.handler!).post(decision, { decision: 'confirm' })).statusCode).toBe(404);
    expect((await as(env, police.users.handler!).post(decision, { decision: 'confirm' })).statusCode).toBe(404);
    expect((await as(env, centreClerk).post(decision, { decision: 'decline' })).statusCode).toBe(400);
    const ok = await as(env, centreClerk).post(decision, { decision: 'confirm', room: '远程提讯室2' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'confirmed', room: '远程提讯室2' });
    expect((await as(env, centreClerk).post(decision, { decision: 'decline', reason: '重复' })).statusCode).toBe(409);

    // both sides see the confirmed slot: in their booking lists and on the detainee in the custody list
    for (const u of [centreClerk, police.users.handler!]) {
      const list = await as(env, u).get('/api/interrogations');
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().items.find((i: { id: string }) => i.id === b.id)).toMatchObject({ status: 'confirmed', room: '远程提讯室2' });
      const custody = (await as(env, u).get('/api/custody')).json().items.find((i: { personId: string }) => i.personId === personId);
      expect(custody.interrogations.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([[b.id, 'confirmed']]);
    }
    expect((await as(env, otherCentre.users.handler!).get('/api/interrogations')).json().items.map((i: { id: string }) => i.id)).not.toContain(b.id);
  });

  it('a person not held in a 看守所 cannot be booked for 提讯', async () => {
    const { caseId, personId } = await freeSuspectCase();
    const tomorrow = addDays(civilDateInShanghai(Date.now()), 1);
    const r = await as(env, police.users.handler!).post(`/api/cases/${caseId}/persons/${personId}/interrogations`, { startsAt: `${tomorrow}T09:00`, minutes: 60, mode: 'in_person', purpose: '讯问' });
    expect(r.statusCode, r.body).toBe(422);
  });
});
