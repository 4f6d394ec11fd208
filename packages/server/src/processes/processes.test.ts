/**
 * The processes through the HTTP API: the catalogue, the arrest flow from police to
 * procuratorate and back, refusals for wrong agencies and roles (no change), races (one 200,
 * one 409), retries with an Idempotency-Key (one effect), the inbox and the timeline.
 */
import type { TAgencyType, TRole } from '@xietong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
type TOrg = { id: string; users: Partial<Record<TRole, TTestUser>> };
let police: TOrg, proc: TOrg, cityProc: TOrg, otherPolice: TOrg, court: TOrg;

async function org(type: TAgencyType, roles: TRole[], o: { parentId?: string; level?: 'city' | 'district' | 'province'; regionCode?: string } = {}): Promise<TOrg> {
  const a = await makeAgency(env, { type, level: o.level ?? 'district', regionCode: o.regionCode ?? '220104', parentId: o.parentId ?? null });
  const users: TOrg['users'] = {};
  for (const r of roles) users[r] = await makeUser(env, a.id, [r]);
  return { id: a.id, users };
}

beforeAll(async () => {
  env = await createTestEnv();
  cityProc = await org('procuratorate', ['handler', 'approver', 'clerk'], { level: 'city', regionCode: '220100' });
  proc = await org('procuratorate', ['handler', 'approver', 'clerk'], { parentId: cityProc.id });
  police = await org('police', ['handler', 'approver', 'clerk']);
  otherPolice = await org('police', ['handler'], { regionCode: '220102' });
  court = await org('court', ['handler', 'approver', 'clerk']);
});
afterAll(async () => { await env.close(); });

const act = (u: TTestUser, instanceId: string, action: string, input: Record<string, unknown> = {}, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  as(env, u).post(`/api/process-instances/${instanceId}/actions`, { action, input, ...extra }, headers);

async function startArrest(): Promise<{ caseId: string; instanceId: string }> {
  // 盗窃 (up to 无期徒刑): no CPL 81 reason needed
  const c = await makeCase(env, police.users.handler!, { charges: ['theft'] });
  await provideAllEvidence(env, police.users.handler!, c.id, ['theft']);
  const res = await as(env, police.users.handler!).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.id });
  expect(res.statusCode, res.body).toBe(201);
  return { caseId: c.id, instanceId: res.json().id };
}

describe('process catalogue', () => {
  it('GET /api/processes lists the processes with states, transitions and timers; 第二审 with its articles (CPL 231–244)', async () => {
    const res = await as(env, police.users.handler!).get('/api/processes');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { code: string; name: string; states: unknown[]; transitions: { actorAgencyTypes: string[]; roles: string[] }[]; timers: unknown[] }[];
    expect(items.map((p) => p.code).sort()).toEqual([
      'arrest', 'community_assessment', 'community_correction', 'commutation_parole', 'custody_extension', 'custody_transfer', 'duty_lawyer', 'early_involvement', 'evidence_legality', 'filing_supervision', 'investigation_supervision', 'judgment_execution', 'lawyer_meeting', 'measure_change', 'prosecution_transfer', 'public_prosecution', 'second_instance', 'supervision_notice', 'temporary_release',
    ]);
    const second = items.find((p) => p.code === 'second_instance') as unknown as { ref: string; transitions: { action: string; articles: string[] }[]; timers: { id: string; articles: string[] }[] };
    expect(second.ref).toBe('P11');
    expect(second.transitions.find((t) => t.action === 'send_to_procuratorate')!.articles).toContain('CPL 235');
    expect(second.transitions.find((t) => t.action === 'remand')!.articles).toEqual(expect.arrayContaining(['CPL 236', 'CPL 239']));
    expect(second.timers.find((t) => t.id === 'second_instance_trial')!.articles).toEqual(['CPL 243']);
    const arrest = items.find((p) => p.code === 'arrest')!;
    expect(arrest.name).toContain('逮捕');
    expect(arrest.transitions.every((t) => t.actorAgencyTypes.length > 0 && t.roles.length > 0)).toBe(true);
    expect(arrest.timers.length).toBeGreaterThan(0);
  });
});

describe('逮捕 (P1) through the API', () => {
  it('CPL 87/90/91: police requests approval, the procuratorate accepts and approves, the decision flows back and the arrest is executed', async () => {
    const { caseId, instanceId } = await startArrest();
    const ph = police.users.handler!;
    // a draft is not visible to the receiver (PEERS #11353)
    expect((await as(env, proc.users.handler!).get(`/api/cases/${caseId}`)).statusCode).toBe(404);
    let r = await act(ph, instanceId, 'record_detention', {});
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().timers.find((t: { status: string }) => t.status === 'running').explanation.length).toBeGreaterThan(0);
    r = await act(ph, instanceId, 'submit', { custody: 'detained' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().state).toBe('SENT');

    // the flow is in the procuratorate's 待办 within the same request cycle, and the case card is filled
    const inbox = await as(env, proc.users.clerk!).get('/api/inbox?box=todo');
    expect(inbox.json().items.map((i: { instanceId: string }) => i.instanceId)).toContain(instanceId);
    expect(inbox.json().counts.todo).toBeGreaterThanOrEqual(1);
    const card = await as(env, proc.users.clerk!).get(`/api/cases/${caseId}`);
    expect(card.statusCode).toBe(200);
    // the receiver reads the same person: masked on the card, whole on the (audited) person detail
    expect(card.json().people[0].residentId).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    const person = await as(env, proc.users.clerk!).get(`/api/cases/${caseId}/persons/${card.json().people[0].id}`);
    expect(person.json().residentId).toMatch(/^\d{17}[\dX]$/);

    r = await act(proc.users.clerk!, instanceId, 'accept');
    expect(r.statusCode, r.body).toBe(200);
    expect((await as(env, proc.users.clerk!).get(`/api/cases/${caseId}`)).json().numbers.procuratorate).toMatch(/检刑捕受\[\d{4}\]220104\d{6}号$/);
    r = await act(proc.users.handler!, instanceId, 'start_review');
    expect(r.statusCode, r.body).toBe(200);
    r = await act(proc.users.handler!, instanceId, 'submit_opinion', { proposedDecision: 'approve', opinionReasons: '有证据证明有犯罪事实，可能判处徒刑以上刑罚' });
    expect(r.statusCode, r.body).toBe(200);
    // the handler may not decide: only the approver (检察长) does
    const denied = await act(proc.users.handler!, instanceId, 'approve');
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('PROCESS_ACTOR_FORBIDDEN');
    r = await act(proc.users.approver!, instanceId, 'approve');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().state).toBe('APPROVED');

    // 文书回流: police sees the decision document on the case timeline
    const tl = await as(env, ph).get(`/api/cases/${caseId}/timeline`);
    const approve = tl.json().items.find((e: { action: string }) => e.action === 'approve');
    expect(approve.documents.map((d: { name: string }) => d.name)).toContain('批准逮捕决定书');
    expect(approve.documents[0].number).toMatch(/〔\d{4}〕\d+号$/);
    expect(approve.actor.agencyId).toBe(proc.id);
    r = await act(ph, instanceId, 'execute_arrest');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ state: 'ARRESTED', terminal: false });
    r = await act(ph, instanceId, 'confirm_arrest_steps', { note: '已通知家属、已讯问' });
    expect(r.statusCode, r.body).toBe(200);
    r = await act(ph, instanceId, 'return_execution_receipt');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ state: 'EXECUTED', terminal: true });
    expect(r.json().timers.every((t: { status: string }) => t.status !== 'running')).toBe(true);
    // 已办 for the approver, 已发 for the police
    expect((await as(env, proc.users.approver!).get('/api/inbox?box=done')).json().items.map((i: { instanceId: string }) => i.instanceId)).toContain(instanceId);
    expect((await as(env, ph).get('/api/inbox?box=sent')).json().items.map((i: { instanceId: string }) => i.instanceId)).toContain(instanceId);
  });

  it('a user of another agency gets 404 and nothing changes; a wrong role gets 403 and nothing changes', async () => {
    const { instanceId } = await startArrest();
    await act(police.users.handler!, instanceId, 'submit', { custody: 'detained' });
    const before = (await as(env, police.users.handler!).get(`/api/process-instances/${instanceId}`)).json();
    const outsider = await act(otherPolice.users.handler!, instanceId, 'accept');
    expect(outsider.statusCode).toBe(404);
    expect((await as(env, otherPolice.users.handler!).get(`/api/process-instances/${instanceId}`)).statusCode).toBe(404);
    const courtUser = await act(court.users.clerk!, instanceId, 'accept');
    expect(courtUser.statusCode).toBe(404);
    const wrongRole = await act(police.users.handler!, instanceId, 'accept');
    expect(wrongRole.statusCode).toBe(403);
    const after = (await as(env, police.users.handler!).get(`/api/process-instances/${instanceId}`)).json();
    expect(after.version).toBe(before.version);
    expect(after.state).toBe('SENT');
    expect(after.events.length).toBe(before.events.length);
  });

  it('two approvals at once: one 200, one 409, one event', async () => {
    const { instanceId } = await startArrest();
    await act(police.users.handler!, instanceId, 'submit', { custody: 'detained' });
    await act(proc.users.clerk!, instanceId, 'accept');
    await act(proc.users.handler!, instanceId, 'start_review');
    await act(proc.users.handler!, instanceId, 'submit_opinion', { proposedDecision: 'approve', opinionReasons: '符合逮捕条件' });
    const approver2 = await makeUser(env, proc.id, ['approver']);
    const [a, b] = await Promise.all([act(proc.users.approver!, instanceId, 'approve'), act(approver2, instanceId, 'reject', { reason: '证据不足', ground: 'no_crime' })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const view = (await as(env, police.users.handler!).get(`/api/process-instances/${instanceId}`)).json();
    expect(view.events.filter((e: { action: string }) => ['approve', 'reject'].includes(e.action))).toHaveLength(1);
  });

  it('a stale expectedVersion answers 409 CONFLICT-style and changes nothing', async () => {
    const { instanceId } = await startArrest();
    const r = await act(police.users.handler!, instanceId, 'submit', { custody: 'detained' }, { expectedVersion: 99 });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('PROCESS_STATE_CONFLICT');
  });

  it('a retried request with the same Idempotency-Key acts once and replays the answer', async () => {
    const { instanceId } = await startArrest();
    const h = { 'idempotency-key': `retry-${instanceId}` };
    const [a, b] = await Promise.all([act(police.users.handler!, instanceId, 'submit', { custody: 'detained' }, {}, h), act(police.users.handler!, instanceId, 'submit', { custody: 'detained' }, {}, h)]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(b.json().version).toBe(a.json().version);
    const c = await act(police.users.handler!, instanceId, 'submit', { custody: 'detained' }, {}, h);
    expect(c.statusCode).toBe(200);
    const view = (await as(env, police.users.handler!).get(`/api/process-instances/${instanceId}`)).json();
    expect(view.events.filter((e: { action: string }) => e.action === 'submit')).toHaveLength(1);
    const reused = await act(police.users.handler!, instanceId, 'record_detention', {}, {}, h);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('CPL 92: 复核 goes to the superior procuratorate, which the case reaches as a party', async () => {
    const { caseId, instanceId } = await startArrest();
    const ph = police.users.handler!;
    for (const [u, a, i] of [
      [ph, 'record_detention', {}], [ph, 'submit', { custody: 'detained' }], [proc.users.clerk!, 'accept', {}],
      [proc.users.handler!, 'start_review', {}], [proc.users.handler!, 'submit_opinion', { proposedDecision: 'reject', opinionReasons: '证据不足' }], [proc.users.approver!, 'reject', { reason: '证据不足', ground: 'no_crime' }],
    ] as const) {
      const r = await act(u, instanceId, a, i as Record<string, unknown>);
      expect(r.statusCode, `${a}: ${r.body}`).toBe(200);
    }
    const view = (await as(env, ph).get(`/api/process-instances/${instanceId}`)).json();
    expect(view.superior.agencyId).toBe(cityProc.id);
    expect(view.availableActions.map((x: { action: string }) => x.action)).toContain('return_rejection_receipt');
    expect((await as(env, cityProc.users.handler!).get(`/api/cases/${caseId}`)).statusCode).toBe(404);
  });
});

describe('flow statistics', () => {
  it('counts flows sent, received and decided per agency and process', async () => {
    const { instanceId } = await startArrest();
    for (const [u, a, i] of [
      [police.users.handler!, 'submit', { custody: 'detained' }], [proc.users.clerk!, 'accept', {}],
      [proc.users.handler!, 'start_review', {}], [proc.users.handler!, 'submit_opinion', { proposedDecision: 'approve', opinionReasons: '符合逮捕条件' }], [proc.users.approver!, 'approve', {}],
    ] as const) expect((await act(u, instanceId, a, i as Record<string, unknown>)).statusCode).toBe(200);
    const mine = (await as(env, police.users.handler!).get('/api/stats/flows')).json();
    const policeRow = mine.rows.find((r: { agencyId: string; process: string }) => r.agencyId === police.id && r.process === 'arrest');
    expect(policeRow.sent).toBeGreaterThanOrEqual(1);
    const procView = (await as(env, proc.users.approver!).get('/api/stats/flows')).json();
    const procRow = procView.rows.find((r: { agencyId: string; process: string }) => r.agencyId === proc.id && r.process === 'arrest');
    expect(procRow.received).toBeGreaterThanOrEqual(1);
    expect(procRow.decided).toBeGreaterThanOrEqual(1);
    // a police user sees only its own agency's rows
    expect(mine.rows.every((r: { agencyId: string }) => r.agencyId === police.id)).toBe(true);
    expect(mine.byCharge.find((c: { charge: string }) => c.charge === 'theft').count).toBeGreaterThanOrEqual(1);
    const bad = await as(env, police.users.handler!).get('/api/stats/flows?from=yesterday');
    expect(bad.statusCode).toBe(400);
  });
});

describe('证据指引 at the send (issue #4)', () => {
  it('刑法 133之一: a 醉驾 case without the blood-alcohol report is refused 移送审查起诉 unless an approver overrides with a reason; with the report it goes', async () => {
    const ph = police.users.handler!;
    const start = async () => {
      const c = await makeCase(env, ph);
      await provideAllEvidence(env, ph, c.id, ['dangerous_driving'], { except: ['dangerous_driving.blood_alcohol_opinion'] });
      const inst = (await as(env, ph).post(`/api/cases/${c.id}/processes`, { code: 'prosecution_transfer', receiverAgencyId: proc.id })).json();
      return { caseId: c.id, id: inst.id as string };
    };
    const a = await start();
    const refused = await act(ph, a.id, 'submit', {});
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.code).toBe('EVIDENCE_INCOMPLETE');
    expect(refused.json().error.message).toContain('血液酒精含量鉴定意见');
    expect((await as(env, ph).get(`/api/process-instances/${a.id}`)).json().state).toBe('DRAFT');
    // a handler cannot override; an approver can, and the reason is recorded
    expect((await act(ph, a.id, 'submit', {}, { evidenceOverrideReason: '血检报告在途，先行移送' })).statusCode).toBe(403);
    const over = await act(police.users.approver!, a.id, 'submit', {}, { evidenceOverrideReason: '血检报告在途，先行移送' });
    expect(over.statusCode, over.body).toBe(200);
    const rows = await env.database.db.selectFrom('audit_log').select(['outcome', 'details']).where('action', '=', 'evidence.override').where('case_id', '=', a.caseId).execute();
    expect(rows.map((r) => r.outcome)).toEqual(['denied', 'ok']);
    // with the report tagged (BAC 152 mg/100ml) the handler sends without any override
    const b = await start();
    await provideAllEvidence(env, ph, b.caseId, ['dangerous_driving']);
    const ok = await act(ph, b.id, 'submit', {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().state).toBe('SENT');
  });
});
