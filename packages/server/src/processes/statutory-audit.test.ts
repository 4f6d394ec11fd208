/**
 * Issue 18 through the HTTP API: the periods the law names, from the event it names, with the
 * custody flag of the person at each moment (CPL 85, 86, 91, 105 ¶2).
 */
import type { TAgencyType, TRole } from '@xietong/core';
import { generateResidentId } from '@xietong/core/cases';
import { addDays, calculateDeadline, civilDateInShanghai, DEFAULT_CALENDAR, type TCivilDate } from '@xietong/core/deadlines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
let seed = 7000 + (process.pid % 1000) * 50;
type TOrg = { id: string; users: Partial<Record<TRole, TTestUser>> };
let police: TOrg, proc: TOrg;

async function org(type: TAgencyType, roles: TRole[], parentId: string | null = null): Promise<TOrg> {
  const a = await makeAgency(env, { type, level: 'district', regionCode: '220104', parentId });
  const users: TOrg['users'] = {};
  for (const r of roles) users[r] = await makeUser(env, a.id, [r]);
  return { id: a.id, users };
}

beforeAll(async () => {
  env = await createTestEnv();
  police = await org('police', ['handler', 'approver', 'clerk']);
  await org('detention', ['handler'], police.id);
  proc = await org('procuratorate', ['handler', 'approver', 'clerk']);
});
afterAll(async () => { await env.close(); });

const act = async (u: TTestUser, id: string, action: string, input: Record<string, unknown> = {}, documents: string[] = []) => {
  const r = await as(env, u).post(`/api/process-instances/${id}/actions`, { action, input, documents });
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  return r.json();
};
const timer = (view: { timers: { timerId: string; status: string }[] }, id: string) =>
  view.timers.find((t) => t.timerId === id && t.status === 'running') as { due: string; dueInstant: string; inCustody: boolean; startedOn: string } | undefined;
const personOf = async (caseId: string) => (await as(env, police.users.handler!).get(`/api/cases/${caseId}`)).json().people[0];

/** A 盗窃 case (CPL 81 met) with one suspect, free unless `measures` say otherwise. */
async function theftCase(measures: unknown[] = []): Promise<{ caseId: string; personId: string }> {
  const c = await makeCase(env, police.users.handler!, {
    charges: ['theft'], persons: [{ name: '王某', residentId: generateResidentId(++seed, { regionCode: '220104' }), measures }],
  });
  await provideAllEvidence(env, police.users.handler!, c.id, ['theft']);
  return { caseId: c.id, personId: (await personOf(c.id)).id };
}
async function start(caseId: string, code: string): Promise<string> {
  const r = await as(env, police.users.approver!).post(`/api/cases/${caseId}/processes`, { code, receiverAgencyId: proc.id });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}
function daysAgo(n: number): TCivilDate {
  return addDays(civilDateInShanghai(Date.now()), -n);
}

describe('P1 after detention (issue 18 points 2–4)', () => {
  it('CPL 85 ¶2, 86: 送押, family notice and first interrogation are due 24 hours from the detention time entered (next full hour, CPL 105)', async () => {
    const { caseId, personId } = await theftCase();
    const id = await start(caseId, 'arrest');
    const day = daysAgo(3);
    const view = await act(police.users.handler!, id, 'record_detention', { personId, detainedAt: `${day}T21:40` });
    for (const t of ['detention_delivery', 'detention_family_notice', 'detention_interrogation']) {
      // 21:40 → the hour is not counted → from 22:00, 24 hours → 22:00 the next day (Beijing)
      expect(new Date(timer(view, t)!.dueInstant).toISOString()).toBe(new Date(`${addDays(day, 1)}T22:00:00+08:00`).toISOString());
      expect(timer(view, t)!.due).toBe(addDays(day, 1));
    }
    const done = await act(police.users.handler!, id, 'confirm_custody_steps', { note: '已送押、已通知家属、已讯问' });
    expect(timer(done, 'detention_interrogation')).toBeUndefined();
  });

  it('CPL 91 ¶1: an approved extension of 4 days moves the request deadline and the 拘留 maximum by exactly 4 days', async () => {
    const { caseId, personId } = await theftCase();
    const id = await start(caseId, 'arrest');
    const day = daysAgo(1);
    await act(police.users.handler!, id, 'record_detention', { personId, detainedAt: `${day}T09:00` });
    const view = await act(police.users.approver!, id, 'extend_detention', { extensionGround: 'special', extensionDays: 4 }, ['detention_extension_notice']);
    expect(timer(view, 'detention_to_request')).toMatchObject({ startedOn: day, due: addDays(day, 7) });
    const p = await personOf(caseId);
    expect(p.custodyDeadline).toMatchObject({ kind: 'detention_request', due: addDays(day, 7), inCustody: true });
    expect(p.measures.at(-1)).toMatchObject({ measure: 'detention', legalMaxDue: addDays(day, 14) });
  });

  it('CPL 91 ¶3, 92: on 不批准逮捕 the detainee\'s custody limit becomes the day of the refusal (立即释放)', async () => {
    const { caseId, personId } = await theftCase();
    const id = await start(caseId, 'arrest');
    await act(police.users.handler!, id, 'record_detention', { personId, detainedAt: `${daysAgo(1)}T09:00` });
    await act(police.users.handler!, id, 'submit', { custody: 'detained' });
    await act(proc.users.clerk!, id, 'accept');
    await act(proc.users.handler!, id, 'start_review');
    await act(proc.users.handler!, id, 'submit_opinion', { proposedDecision: 'reject', opinionReasons: '证据不足' });
    const view = await act(proc.users.approver!, id, 'reject', { ground: 'insufficient_evidence', reason: '证据不足' });
    const today = civilDateInShanghai(Date.now());
    expect(timer(view, 'release_on_refusal')).toMatchObject({ due: today, inCustody: true });
    expect((await personOf(caseId)).custodyDeadline).toMatchObject({ due: today });
  });
});

describe('custody flag from the person (issue 18 point 11)', () => {
  it('CPL 105 ¶2: the 审查起诉 period is a custody period while the suspect is held and stops being one when 取保候审 is executed', async () => {
    const { caseId } = await theftCase([{ measure: 'detention', startedAt: `${daysAgo(2)}T08:00:00+08:00` }]);
    const p2 = await start(caseId, 'prosecution_transfer');
    const sent = await act(police.users.handler!, p2, 'submit', {});
    const review = timer(sent, 'prosecution_review')!;
    const today = civilDateInShanghai(Date.now());
    expect(review).toMatchObject({ inCustody: true, startedOn: today, due: calculateDeadline({ start: today, amount: 1, unit: 'month', inCustody: true, calendar: DEFAULT_CALENDAR }).due });
    const p4 = await start(caseId, 'measure_change');
    await act(police.users.approver!, p4, 'decide_bail');
    await act(police.users.handler!, p4, 'record_execution');
    const after = (await as(env, proc.users.clerk!).get(`/api/process-instances/${p2}`)).json();
    expect(timer(after, 'prosecution_review')).toMatchObject({
      inCustody: false, startedOn: today, due: calculateDeadline({ start: today, amount: 1, unit: 'month', inCustody: false, calendar: DEFAULT_CALENDAR }).due,
    });
  });
});

describe('two steps on one case at once (custody read with the platform facts)', () => {
  it('CPL 172, 79: 移送审查起诉 and the execution of 取保候审 racing on one case both succeed, one after the other: the person ends on bail with one running period, the review period not a custody period', async () => {
    const { caseId } = await theftCase([{ measure: 'detention', startedAt: `${daysAgo(2)}T08:00:00+08:00` }]);
    const p2 = await start(caseId, 'prosecution_transfer');
    const p4 = await start(caseId, 'measure_change');
    await act(police.users.approver!, p4, 'decide_bail');
    // another transaction holds the case row: both steps are in flight before either can write
    const holder = await env.database.pool.connect();
    let both: Promise<unknown[]>;
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
      both = Promise.all([act(police.users.handler!, p2, 'submit', {}), act(police.users.handler!, p4, 'record_execution')]);
      // both steps are waiting on a lock before the holder lets go (however slow the machine)
      const waiting = async () => (await env.database.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows[0]!.n;
      for (let i = 0; i < 200 && (await waiting()) < 2; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await waiting()).toBeGreaterThanOrEqual(2);
      await holder.query('COMMIT');
    } finally {
      holder.release();
    }
    await both;
    const { rows: running } = await env.database.pool.query<{ kind: string }>(`SELECT kind FROM person_custody_timers WHERE case_id = $1 AND status = 'running'`, [caseId]);
    expect(running.map((r) => r.kind)).toEqual(['bail']);
    const { rows: open } = await env.database.pool.query<{ measure: string }>(`SELECT measure FROM person_measures WHERE case_id = $1 AND ended_at IS NULL`, [caseId]);
    expect(open.map((m) => m.measure)).toEqual(['bail']);
    const after = (await as(env, proc.users.clerk!).get(`/api/process-instances/${p2}`)).json();
    expect(timer(after, 'prosecution_review')).toMatchObject({ inCustody: false });
  });
});

describe('P1 after arrest and P6 (issue 18 points 4, 17, 22)', () => {
  async function approvedArrest(): Promise<{ caseId: string; personId: string; id: string }> {
    const { caseId, personId } = await theftCase();
    const id = await start(caseId, 'arrest');
    await act(police.users.handler!, id, 'submit', { custody: 'not_detained' });
    await act(proc.users.clerk!, id, 'accept');
    await act(proc.users.handler!, id, 'start_review');
    await act(proc.users.handler!, id, 'submit_opinion', { proposedDecision: 'approve', opinionReasons: '符合逮捕条件' });
    await act(proc.users.approver!, id, 'approve');
    return { caseId, personId, id };
  }

  it('CPL 93, 94: family notice and first interrogation are due 24 hours from the arrest time entered; the 执行回执 clock runs from 执行逮捕', async () => {
    const { id } = await approvedArrest();
    const day = daysAgo(1);
    const view = await act(police.users.handler!, id, 'execute_arrest', { arrestedAt: `${day}T06:10` });
    expect(view.state).toBe('ARRESTED');
    for (const t of ['arrest_family_notice', 'arrest_interrogation'])
      expect(new Date(timer(view, t)!.dueInstant).toISOString()).toBe(new Date(`${addDays(day, 1)}T07:00:00+08:00`).toISOString());
    const today = civilDateInShanghai(Date.now());
    expect(timer(view, 'arrest_execution_receipt')).toMatchObject({ startedOn: today, inCustody: false });
    await act(police.users.handler!, id, 'confirm_arrest_steps', { note: '已通知家属、已讯问' });
    const done = await act(police.users.handler!, id, 'return_execution_receipt');
    expect(done).toMatchObject({ state: 'EXECUTED', terminal: true });
  });

  it('CPL 56, 57; 2017 规定 §14: with a legality check at ILLEGALITY_FOUND the platform refuses 提请批准逮捕 until the police confirm the exclusion', async () => {
    const { caseId } = await theftCase();
    const p6 = await start(caseId, 'evidence_legality');
    await act(police.users.handler!, p6, 'notify', {}, ['legality_check_notice']);
    await act(proc.users.handler!, p6, 'start_check');
    await act(proc.users.approver!, p6, 'conclude_illegality_found', { reason: '疲劳审讯取得的供述' });
    const p1 = await start(caseId, 'arrest');
    // the request says nothing about P6: the fact is read from the stored instance
    const refused = await as(env, police.users.handler!).post(`/api/process-instances/${p1}/actions`, { action: 'submit', input: { custody: 'not_detained' }, documents: [] });
    expect(refused.statusCode, refused.body).toBeGreaterThanOrEqual(400);
    expect(refused.json().error).toMatchObject({ code: 'PROCESS_GUARD_FAILED', details: { guard: 'illegal_evidence_not_excluded' } });
    expect((await as(env, police.users.handler!).get(`/api/process-instances/${p1}`)).json().state).toBe('DRAFT');
    await act(police.users.approver!, p6, 'confirm_exclusion', { excludedEvidence: '第二次讯问笔录' });
    expect((await act(police.users.handler!, p1, 'submit', { custody: 'not_detained' })).state).toBe('SENT');
  });
});
