/**
 * Finality and execution through the API (CPL 230, 259, 264), who acts next, and CPL 81:
 * the judgment takes effect when the platform-computed window passes with no appeal, the court
 * then has 交付执行 with its 10 days from 生效; execution before 生效 is refused.
 */
import type { TAgencyType, TRole } from '@xietong/core';
import { civilDateInShanghai } from '@xietong/core/deadlines';
import { dayAfter, getProcess } from '@xietong/core/processes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';
import { sweepFinality } from './finality-sweep';

let env: TTestEnv;
type TOrg = { id: string; name: string; users: Record<'handler' | 'approver' | 'clerk', TTestUser> };
let police: TOrg, proc: TOrg, court: TOrg;

async function org(type: TAgencyType): Promise<TOrg> {
  const a = await makeAgency(env, { type });
  const users = {} as TOrg['users'];
  for (const r of ['handler', 'approver', 'clerk'] as const) users[r] = await makeUser(env, a.id, [r as TRole]);
  return { id: a.id, name: a.name, users };
}

beforeAll(async () => {
  env = await createTestEnv();
  police = await org('police');
  proc = await org('procuratorate');
  court = await org('court');
});
afterAll(async () => { await env.close(); });

const act = (u: TTestUser, id: string, action: string, input: Record<string, unknown> = {}, documents: string[] = []) =>
  as(env, u).post(`/api/process-instances/${id}/actions`, { action, input, documents });
const IN_30_DAYS = civilDateInShanghai(Date.now() + 30 * 86_400_000);
/** Required inputs of a P3 step filled (dates ahead, e.g. the hearing), with the given values over them. */
function filled(action: string, given: Record<string, unknown>): Record<string, unknown> {
  const t = getProcess('public_prosecution')!.transitions.find((x) => x.action === action)!;
  const out: Record<string, unknown> = {};
  for (const f of t.input ?? []) {
    if (!f.required) continue;
    out[f.name] = f.type === 'enum' ? Object.keys(f.values ?? {})[0] : f.type === 'text' ? '依法说明' : f.type === 'date' ? IN_30_DAYS : f.type === 'integer' ? (f.min ?? 1) : true;
  }
  return { ...out, ...given };
}
const today = () => civilDateInShanghai(Date.now());

/** A case indicted and judged (each step with its required documents); returns the case and P3 instance ids. */
async function judged(verdict = 'guilty'): Promise<{ caseId: string; p3: string }> {
  const c = await makeCase(env, police.users.handler, { occurredAt: '2024-11-01T22:00:00+08:00', charges: ['theft'] });
  await env.database.db.insertInto('case_parties').values([{ case_id: c.id, agency_id: proc.id }]).execute();
  const started = await as(env, proc.users.handler).post(`/api/cases/${c.id}/processes`, { code: 'public_prosecution', receiverAgencyId: court.id });
  expect(started.statusCode, started.body).toBe(201);
  const id = started.json().id as string;
  for (const [u, a, input] of [
    [proc.users.handler, 'submit', {}], [court.users.clerk, 'accept', { trialTrack: 'ordinary' }], [court.users.handler, 'schedule_hearing', {}],
    [court.users.handler, 'open_trial', {}], [court.users.approver, 'pronounce_judgment', { verdict, pronouncement: 'in_court' }],
  ] as const) {
    const r = await act(u, id, a, filled(a, input), requiredDocuments(a));
    expect(r.statusCode, `${a}: ${r.body}`).toBe(200);
  }
  return { caseId: c.id, p3: id };
}
const requiredDocuments = (action: string) => [...(getProcess('public_prosecution')!.transitions.find((x) => x.action === action)!.documents?.required ?? [])];
const serve = (p3: string, servedOn: string) =>
  act(court.users.clerk, p3, 'serve_judgment', filled('serve_judgment', { decisionForm: 'judgment', servedOn }), requiredDocuments('serve_judgment'));

/** A case indicted and judged; the judgment served on `servedOn`. Returns the P3 instance id. */
async function judgedAndServed(servedOn: string, verdict = 'guilty'): Promise<{ caseId: string; p3: string }> {
  const j = await judged(verdict);
  const r = await serve(j.p3, servedOn);
  expect(r.statusCode, `serve_judgment: ${r.body}`).toBe(200);
  return j;
}

const get = async (u: TTestUser, id: string) => (await as(env, u).get(`/api/process-instances/${id}`)).json();
const p5Of = (caseId: string) => env.database.db.selectFrom('process_instances').selectAll().where('case_id', '=', caseId).where('code', '=', 'judgment_execution').execute();

describe('finality and execution (CPL 230, 259, 264)', () => {
  it('CPL 259/264: starting 刑事判决执行 before the judgment took effect is refused with JUDGMENT_NOT_EFFECTIVE and nothing is opened', async () => {
    const { caseId } = await judgedAndServed(today());
    const detention = await makeAgency(env, { type: 'detention' });
    const res = await as(env, court.users.handler).post(`/api/cases/${caseId}/processes`, { code: 'judgment_execution', receiverAgencyId: detention.id });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('JUDGMENT_NOT_EFFECTIVE');
    expect(res.json().error.message).toContain('判决尚未发生法律效力');
    expect(await p5Of(caseId)).toHaveLength(0);
  });

  it('CPL 230: the window runs from the service date; the court cannot declare 生效 early; after the window with no appeal the judgment takes effect and the court has the execution 待办', async () => {
    const servedOn = today();
    const { caseId, p3 } = await judgedAndServed(servedOn);
    const view = await get(court.users.clerk, p3);
    const window = view.timers.find((t: { timerId: string; status: string }) => t.timerId === 'appeal_window' && t.status === 'running');
    expect(window.startedOn).toBe(servedOn);
    // a clerk cannot make it effective while the window runs, and no date can be typed for it
    const early = await act(court.users.clerk, p3, 'record_effective');
    expect(early.statusCode, early.body).toBe(422);
    expect(early.json().error.details.guard).toBe('appeal_window_open');
    const typed = await act(court.users.clerk, p3, 'record_effective', { appealWindowLastDay: '2020-01-01' });
    expect(typed.statusCode).toBe(400);
    // the sweep on the last day changes nothing; on the day after, 生效
    const lastDayNoon = new Date(`${window.due}T12:00:00+08:00`);
    expect(await sweepFinality(env.database.db, { now: lastDayNoon })).toBe(0);
    expect((await get(court.users.clerk, p3)).state).toBe('APPEAL_WINDOW');
    const dayAfterNoon = new Date(lastDayNoon.getTime() + 86_400_000);
    expect(await sweepFinality(env.database.db, { now: dayAfterNoon })).toBeGreaterThanOrEqual(1);
    const effective = await get(court.users.clerk, p3);
    expect(effective.state).toBe('EFFECTIVE');
    const ev = effective.events.at(-1);
    expect(ev.action).toBe('record_effective');
    expect(ev.actor.userId).toBeNull(); // the platform, not a person
    // the court has 交付执行 in its 待办
    const [p5] = await p5Of(caseId);
    expect(p5?.state).toBe('EFFECTIVE');
    expect(p5?.initiator_agency_id).toBe(court.id);
    const todo = (await as(env, court.users.handler).get('/api/inbox?box=todo&pageSize=100')).json();
    expect(todo.items.map((i: { instanceId: string }) => i.instanceId)).toContain(p5!.id);
    const p5view = await get(court.users.handler, p5!.id);
    expect(p5view.availableActions.map((a: { action: string }) => a.action)).toContain('send_documents');
    expect(p5view.waitingFor).toEqual([expect.objectContaining({ agencyId: court.id, side: 'initiator' })]);
    // a second sweep fires nothing more
    expect(await sweepFinality(env.database.db, { now: dayAfterNoon })).toBe(0);
    expect(await p5Of(caseId)).toHaveLength(1);
  });

  it('CPL 264, 105 ¶2: the 交付执行 deadline is 生效 + 10 days (served 2025-01-20: window to 2025-02-05 after the Spring Festival, 生效 2025-02-06, due 2025-02-16 for a convict held)', async () => {
    const { caseId, p3 } = await judgedAndServed('2025-01-20');
    const window = (await get(court.users.clerk, p3)).timers.find((t: { timerId: string }) => t.timerId === 'appeal_window');
    // 10 days would end 2025-01-30, inside the 春节 holiday (2025-01-28 – 02-04): the first working day after (CPL 105)
    expect(window.due).toBe('2025-02-05');
    // long past: the court's clerk may record it at once, under the same computed check
    const r = await act(court.users.clerk, p3, 'record_effective');
    expect(r.statusCode, r.body).toBe(200);
    const [p5] = await p5Of(caseId);
    const p5view = await get(court.users.handler, p5!.id);
    const t = p5view.timers.find((x: { timerId: string }) => x.timerId === 'execution_documents');
    expect(t.startedOn).toBe(dayAfter('2025-02-05'));
    expect(t.startedOn).toBe('2025-02-06');
    // 2025-02-16 is a Sunday, but the convict is held (拘留 recorded on the case): CPL 105 ¶2, not moved
    expect(t.due).toBe('2025-02-16');
    expect(t.inCustody).toBe(true);
    expect(p5view.data.effectiveOn).toBe('2025-02-06');
    // now the court may also open 交付执行 itself, with the same 生效 date
    const detention = await makeAgency(env, { type: 'detention' });
    const manual = await as(env, court.users.handler).post(`/api/cases/${caseId}/processes`, { code: 'judgment_execution', receiverAgencyId: detention.id });
    expect(manual.statusCode, manual.body).toBe(201);
    expect(manual.json().timers[0].startedOn).toBe('2025-02-06');
  });

  it('社区矫正法 20: a suspended sentence opens 交付执行 with 5 days from 生效 to notify the 社区矫正机构; a prison sentence has no such period', async () => {
    const timersOf = async (verdict: string) => {
      const { caseId, p3 } = await judgedAndServed('2025-01-20', verdict);
      expect((await act(court.users.clerk, p3, 'record_effective')).statusCode).toBe(200);
      const [p5] = await p5Of(caseId);
      return { id: p5!.id, timers: (await get(court.users.handler, p5!.id)).timers as { timerId: string; status: string; startedOn: string; due: string }[] };
    };
    const suspended = await timersOf('guilty_suspended');
    // window to 2025-02-05, 生效 2025-02-06: 5 days → 2025-02-11 (a Tuesday)
    expect(suspended.timers.find((t) => t.timerId === 'community_correction_notice')).toMatchObject({ status: 'running', startedOn: '2025-02-06', due: '2025-02-11' });
    const notified = await act(court.users.handler, suspended.id, 'notify_community_correction', { correctionAgency: '朝阳区社区矫正管理局' });
    expect(notified.statusCode, notified.body).toBe(200);
    expect(notified.json().timers.find((t: { timerId: string }) => t.timerId === 'community_correction_notice').status).not.toBe('running');
    expect((await timersOf('guilty')).timers.map((t) => t.timerId)).not.toContain('community_correction_notice');
  });

  it('CPL 260: an acquittal takes effect without opening 交付执行', async () => {
    const { caseId, p3 } = await judgedAndServed('2025-01-20', 'acquitted');
    expect((await act(court.users.clerk, p3, 'record_effective')).statusCode).toBe(200);
    expect(await p5Of(caseId)).toHaveLength(0);
  });

  it('CPL 230: an appeal recorded within the window prevents 生效; no execution can start', async () => {
    const { caseId, p3 } = await judgedAndServed(today());
    const appeal = await act(court.users.clerk, p3, 'record_appeal', { appealForm: 'written', filedOn: today() }, ['appeal_petition']);
    expect(appeal.statusCode, appeal.body).toBe(200);
    expect(appeal.json().state).toBe('APPEALED');
    expect(await sweepFinality(env.database.db, { now: new Date(Date.now() + 60 * 86_400_000) })).toBeGreaterThanOrEqual(0);
    expect((await get(court.users.clerk, p3)).state).toBe('APPEALED');
    expect(await p5Of(caseId)).toHaveLength(0);
    const detention = await makeAgency(env, { type: 'detention' });
    const res = await as(env, court.users.handler).post(`/api/cases/${caseId}/processes`, { code: 'judgment_execution', receiverAgencyId: detention.id });
    expect(res.json().error.code).toBe('JUDGMENT_NOT_EFFECTIVE');
  });

  it('CPL 230, 105: an appeal dated after the last day is refused; a service date in the future is refused', async () => {
    const { p3 } = await judgedAndServed('2025-01-20');
    const late = await act(court.users.clerk, p3, 'record_appeal', { appealForm: 'written', filedOn: '2025-02-06' }, ['appeal_petition']);
    expect(late.statusCode).toBe(422);
    expect(late.json().error.details.guard).toBe('appeal_out_of_time');
    const posted = await act(court.users.clerk, p3, 'record_appeal', { appealForm: 'written', filedOn: '2025-02-05' }, ['appeal_petition']);
    expect(posted.statusCode, posted.body).toBe(200);
    const future = civilDateInShanghai(Date.now() + 3 * 86_400_000);
    const fresh = await judgedAndServedRefused(future);
    expect(fresh.statusCode).toBe(422);
    expect(fresh.json().error.details.guard).toBe('service_date_in_future');
  });
});

/** Drive to JUDGED and try to serve on `servedOn`; returns the serve answer. */
async function judgedAndServedRefused(servedOn: string) {
  return serve((await judged()).p3, servedOn);
}

describe('who acts next (waitingFor)', () => {
  it('after 提请批准逮捕 the instance names the receiving procuratorate\'s 内勤 and 受理', async () => {
    const c = await makeCase(env, police.users.handler, { charges: ['theft'] });
    await provideAllEvidence(env, police.users.handler, c.id, ['theft']);
    const inst = (await as(env, police.users.handler).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.id })).json();
    expect(inst.waitingFor).toEqual([expect.objectContaining({ agencyId: police.id, side: 'initiator' })]);
    const sent = await act(police.users.handler, inst.id, 'submit', { custody: 'detained' }, ['arrest_request']);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().waitingFor).toEqual([
      { agencyId: proc.id, agencyName: proc.name, side: 'receiver', roles: [{ role: 'clerk', zh: '内勤' }], actions: expect.arrayContaining([expect.objectContaining({ zh: '受理' })]) },
    ]);
    // the police see it too, without being able to act
    const seen = await get(police.users.handler, inst.id);
    expect(seen.availableActions).toEqual([]);
    expect(seen.waitingFor[0].agencyName).toBe(proc.name);
  });
});

describe('CPL 81: arrest needs a possible sentence of 有期徒刑 or more', () => {
  it('CPL 81: 危险驾驶 (maximum 拘役) warns on the card, a handler\'s 提请逮捕 is refused, an approver\'s with a recorded reason goes', async () => {
    const c = await makeCase(env, police.users.handler); // 危险驾驶
    await provideAllEvidence(env, police.users.handler, c.id, ['dangerous_driving']);
    const inst = (await as(env, police.users.handler).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.id })).json();
    const submit = inst.availableActions.find((a: { action: string }) => a.action === 'submit');
    expect(submit.warnings).toEqual([expect.objectContaining({ code: 'cpl81_penalty_below_fixed_term', articles: ['CPL 81'] })]);
    expect(submit.warnings[0].zh).toContain('第八十一条');
    const byHandler = await act(police.users.handler, inst.id, 'submit', { custody: 'detained', cpl81Reason: '理由' }, ['arrest_request']);
    expect(byHandler.statusCode).toBe(422);
    expect(byHandler.json().error.details).toMatchObject({ guard: 'cpl81_penalty_below_fixed_term', problem: 'approver_required' });
    const noReason = await act(police.users.approver, inst.id, 'submit', { custody: 'detained' }, ['arrest_request']);
    expect(noReason.json().error.details).toMatchObject({ problem: 'reason_required' });
    expect((await get(police.users.handler, inst.id)).state).toBe('DRAFT');
    const ok = await act(police.users.approver, inst.id, 'submit', { custody: 'detained', cpl81Reason: '另有盗窃事实待查证，可能判处有期徒刑' }, ['arrest_request']);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().events.at(-1).input.cpl81Reason).toContain('有期徒刑');
  });
});

describe('审查意见 and approval levels', () => {
  async function inReview(): Promise<string> {
    const c = await makeCase(env, police.users.handler, { charges: ['theft'] });
    await provideAllEvidence(env, police.users.handler, c.id, ['theft']);
    const inst = (await as(env, police.users.handler).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.id })).json();
    for (const [u, a, input, docs] of [
      [police.users.handler, 'submit', { custody: 'detained' }, ['arrest_request']], [proc.users.clerk, 'accept', {}, []], [proc.users.handler, 'start_review', {}, []],
    ] as const) expect((await act(u, inst.id, a, input, [...docs])).statusCode).toBe(200);
    return inst.id as string;
  }
  const todoOf = async (u: TTestUser) => ((await as(env, u).get('/api/inbox?box=todo&pageSize=100')).json().items as { instanceId: string }[]).map((i) => i.instanceId);

  it('CPL 90: the handler\'s 审查意见 (proposed decision and reasons) puts the decision into the approver\'s 待办, not before', async () => {
    const id = await inReview();
    expect(await todoOf(proc.users.handler)).toContain(id);
    expect(await todoOf(proc.users.approver)).not.toContain(id);
    const early = await act(proc.users.approver, id, 'approve', {}, ['arrest_approval']);
    expect(early.statusCode).toBe(409);
    const op = await act(proc.users.handler, id, 'submit_opinion', { proposedDecision: 'approve', opinionReasons: '有证据证明有犯罪事实，可能判处徒刑以上刑罚，有逮捕必要' });
    expect(op.statusCode, op.body).toBe(200);
    expect(op.json().state).toBe('AWAITING_APPROVAL');
    expect(op.json().data).toMatchObject({ proposedDecision: 'approve', opinionReasons: expect.stringContaining('逮捕必要') });
    expect(op.json().waitingFor).toEqual([expect.objectContaining({ agencyId: proc.id, roles: [{ role: 'approver', zh: '审批人' }] })]);
    expect(await todoOf(proc.users.approver)).toContain(id);
    expect(await todoOf(proc.users.handler)).not.toContain(id);
    const r = await act(proc.users.approver, id, 'approve', {}, ['arrest_approval']);
    expect(r.statusCode, r.body).toBe(200);
  });

  it('approval levels are data per agency: with two levels the first approver endorses, the second decides', async () => {
    const id = await inReview();
    await env.database.db.insertInto('agency_review_levels').values({ agency_id: proc.id, approval_levels: 2 }).execute();
    try {
      expect((await act(proc.users.handler, id, 'submit_opinion', { proposedDecision: 'approve', opinionReasons: '符合逮捕条件' })).statusCode).toBe(200);
      const view = await get(proc.users.approver, id);
      expect(view.availableActions.find((a: { action: string }) => a.action === 'approve').blocked.code).toBe('approval_level_pending');
      const tooEarly = await act(proc.users.approver, id, 'approve', {}, ['arrest_approval']);
      expect(tooEarly.statusCode).toBe(422);
      expect(tooEarly.json().error.details.guard).toBe('approval_level_pending');
      const endorsed = await act(proc.users.approver, id, 'endorse_opinion', { note: '部门负责人审核同意' });
      expect(endorsed.statusCode, endorsed.body).toBe(200);
      expect(endorsed.json().state).toBe('AWAITING_APPROVAL');
      // each level is another person: the one who endorsed cannot also decide
      const again = await act(proc.users.approver, id, 'approve', {}, ['arrest_approval']);
      expect(again.statusCode).toBe(422);
      expect(again.json().error.details).toMatchObject({ guard: 'approver_already_endorsed', problem: 'same_approver' });
      const chief = await makeUser(env, proc.id, ['approver']);
      const decided = await act(chief, id, 'approve', {}, ['arrest_approval']);
      expect(decided.statusCode, decided.body).toBe(200);
      expect(decided.json().state).toBe('APPROVED');
    } finally {
      await env.database.db.deleteFrom('agency_review_levels').where('agency_id', '=', proc.id).execute();
    }
  });
});
