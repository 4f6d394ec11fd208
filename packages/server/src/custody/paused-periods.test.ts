/**
 * Custody periods that pause or run from a later fact, through the HTTP API: CPL 149 (精神病鉴定
 * not counted: pause and resume with both dates recorded, the last day moved by the days paused)
 * and CPL 160 ¶2 (identity unknown: 侦查羁押 runs from the day the identity is established).
 */
import crypto from 'node:crypto';
import type { TAgencyType, TRole } from '@xietong/core';
import { generateResidentId } from '@xietong/core/cases';
import { addDays, calculateDeadline, civilDateInShanghai, DEFAULT_CALENDAR, type TCivilDate } from '@xietong/core/deadlines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
let seed = 7000 + (process.pid % 1000) * 40;
type TOrg = { id: string; users: Partial<Record<TRole, TTestUser>> };
let police: TOrg, proc: TOrg, centre: TOrg, outsider: TOrg;

async function org(type: TAgencyType, roles: TRole[]): Promise<TOrg> {
  const a = await makeAgency(env, { type });
  const users: TOrg['users'] = {};
  for (const r of roles) users[r] = await makeUser(env, a.id, [r]);
  return { id: a.id, users };
}

beforeAll(async () => {
  env = await createTestEnv();
  police = await org('police', ['handler', 'approver', 'clerk']);
  proc = await org('procuratorate', ['handler', 'approver', 'clerk']);
  centre = await org('detention', ['handler']);
  outsider = await org('police', ['handler']);
});
afterAll(async () => { await env.close(); });

const today = () => civilDateInShanghai(Date.now()) as TCivilDate;
const ARRESTED_ON = () => addDays(today(), -40);

/**
 * A 盗窃 case whose suspect was detained 43 and arrested 40 days ago through P1 (CPL 91, 156):
 * 侦查羁押 runs two months from the arrest.
 */
async function arrestedSuspect(identityKnown = true): Promise<{ caseId: string; personId: string }> {
  const c = await makeCase(env, police.users.handler!, {
    charges: ['theft'],
    persons: [identityKnown
      ? { name: '王某', residentId: generateResidentId(++seed, { regionCode: '220104' }), measures: [] }
      : { name: '无名氏（自称"阿强"）', sex: 'male', measures: [] }],
  });
  await provideAllEvidence(env, police.users.handler!, c.id, ['theft']);
  const card = (await as(env, police.users.handler!).get(`/api/cases/${c.id}`)).json();
  const personId = card.people[0].id as string;
  const started = await as(env, police.users.handler!).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.id });
  expect(started.statusCode, started.body).toBe(201);
  const id = started.json().id as string;
  const ph = police.users.handler!;
  for (const [u, action, input] of [
    [ph, 'record_detention', { personId, detainedAt: `${addDays(today(), -43)}T09:30` }], [ph, 'submit', { custody: 'detained' }],
    [proc.users.clerk!, 'accept', {}], [proc.users.handler!, 'start_review', {}],
    [proc.users.handler!, 'submit_opinion', { proposedDecision: 'approve', opinionReasons: '符合逮捕条件' }], [proc.users.approver!, 'approve', {}],
    [ph, 'execute_arrest', { arrestedAt: `${ARRESTED_ON()}T10:00` }],
  ] as const) {
    const r = await as(env, u).post(`/api/process-instances/${id}/actions`, { action, input, documents: [] });
    expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  }
  return { caseId: c.id, personId };
}

const post = (u: TTestUser, caseId: string, personId: string, what: string, body: Record<string, unknown>) =>
  as(env, u).post(`/api/cases/${caseId}/persons/${personId}/${what}`, body);
const deadlineOf = async (caseId: string, personId: string) =>
  (await as(env, police.users.handler!).get(`/api/cases/${caseId}`)).json().people.find((p: { id: string }) => p.id === personId).custodyDeadline;

describe('CPL 149: 精神病鉴定 is not counted', () => {
  it('acceptance: a 20-day pause moves the 侦查羁押 last day by exactly 20 days; both dates are recorded and the explanation says so', async () => {
    const { caseId, personId } = await arrestedSuspect();
    const before = await deadlineOf(caseId, personId);
    expect(before).toMatchObject({ kind: 'investigative', startedOn: ARRESTED_ON(), pausedOn: null });
    expect(before.due).toBe(calculateDeadline({ start: ARRESTED_ON(), amount: 2, unit: 'month', inCustody: true, calendar: DEFAULT_CALENDAR }).due);

    const pausedOn = addDays(today(), -25);
    const resumedOn = addDays(pausedOn, 20);
    const p = await post(police.users.handler!, caseId, personId, 'custody-pause', { pausedOn, reason: '对犯罪嫌疑人作精神病鉴定' });
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json()).toMatchObject({ pausedOn, due: before.due, status: 'ok' });
    expect(p.json().explanation.at(-1)).toMatchObject({ code: 'PAUSED', article: 'CPL 149', date: pausedOn });
    // paused twice: refused
    const again = await post(police.users.handler!, caseId, personId, 'custody-pause', { pausedOn, reason: '再次' });
    expect(again.statusCode).toBe(422);

    const r = await post(police.users.handler!, caseId, personId, 'custody-resume', { resumedOn });
    expect(r.statusCode, r.body).toBe(200);
    const after = r.json();
    // 在押期间 never moves for holidays (CPL 105 ¶2): exactly 20 days later
    expect(after.due).toBe(addDays(before.due, 20));
    expect(after.pausedOn).toBeNull();
    const step = after.explanation.find((s: { code: string }) => s.code === 'PAUSE_EXCLUDED');
    expect(step).toMatchObject({ article: 'CPL 149', date: resumedOn });
    expect(step.zh).toContain(`${pausedOn} 至 ${resumedOn}，共 20 日`);
    expect(step.zh).toContain('期限顺延 20 日');
    expect(await deadlineOf(caseId, personId)).toMatchObject({ due: after.due, pausedOn: null });
    const audit = await env.database.db.selectFrom('audit_log').select('action').where('case_id', '=', caseId)
      .where('action', 'in', ['custody.paused', 'custody.resumed']).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['custody.paused', 'custody.resumed']);
  });

  it('CPL 149: resuming a period that is not paused, a pause date in the future, or before the arrest is refused', async () => {
    const { caseId, personId } = await arrestedSuspect();
    const r = await post(police.users.handler!, caseId, personId, 'custody-resume', { resumedOn: today() });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.details.reason).toBe('not_paused');
    const future = await post(police.users.handler!, caseId, personId, 'custody-pause', { pausedOn: addDays(today(), 3), reason: '鉴定' });
    expect(future.statusCode).toBe(400);
    const early = await post(police.users.handler!, caseId, personId, 'custody-pause', { pausedOn: addDays(ARRESTED_ON(), -1), reason: '鉴定' });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.details.reason).toBe('before_start');
  });

  it('CPL 149: a 看守所 or a clerk cannot pause a custody period; an outsider does not see the case; nothing changes', async () => {
    const { caseId, personId } = await arrestedSuspect();
    const before = await deadlineOf(caseId, personId);
    const clerk = await post(police.users.clerk!, caseId, personId, 'custody-pause', { pausedOn: today(), reason: '鉴定' });
    expect(clerk.statusCode).toBe(403);
    const out = await post(outsider.users.handler!, caseId, personId, 'custody-pause', { pausedOn: today(), reason: '鉴定' });
    expect(out.statusCode).toBe(404);
    const c = await post(centre.users.handler!, caseId, personId, 'custody-pause', { pausedOn: today(), reason: '鉴定' });
    expect([403, 404]).toContain(c.statusCode);
    expect(await deadlineOf(caseId, personId)).toEqual(before);
  });
});

describe('CPL 160 ¶2: identity unknown', () => {
  it('the 侦查羁押 period runs from the day the identity is established, with the reason in its explanation', async () => {
    const { caseId, personId } = await arrestedSuspect(false);
    const identifiedOn = addDays(today(), -10);
    const r = await post(police.users.handler!, caseId, personId, 'custody-identification', { identifiedAt: `${identifiedOn}T15:00`, basis: '指纹比对查清身份' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ kind: 'identified', article: 'CPL 160 ¶2', startedOn: identifiedOn });
    expect(r.json().due).toBe(calculateDeadline({ start: identifiedOn, amount: 2, unit: 'month', inCustody: true, calendar: DEFAULT_CALENDAR }).due);
    expect(r.json().explanation[0]).toMatchObject({ code: 'CUSTODY_IDENTIFIED', article: 'CPL 160 ¶2', date: identifiedOn });
  });

  it('CPL 160 ¶2 does not apply to a suspect whose identity was recorded', async () => {
    const { caseId, personId } = await arrestedSuspect(true);
    const before = await deadlineOf(caseId, personId);
    const r = await post(police.users.handler!, caseId, personId, 'custody-identification', { identifiedAt: today(), basis: '核查' });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.details.reason).toBe('identity_known');
    expect(await deadlineOf(caseId, personId)).toEqual(before);
  });

  it('an outsider learns nothing of the case or its person: the same 404 for a real person with a 身份证号 as for made-up ids, and the attempt is audited (found in review)', async () => {
    const { caseId, personId } = await arrestedSuspect(true);
    const real = await post(outsider.users.handler!, caseId, personId, 'custody-identification', { identifiedAt: today(), basis: '核查' });
    const made = await post(outsider.users.handler!, crypto.randomUUID(), crypto.randomUUID(), 'custody-identification', { identifiedAt: today(), basis: '核查' });
    expect(real.statusCode, real.body).toBe(404);
    expect(real.json().error.code).toBe(made.json().error.code);
    // the denial names the case only as its target (an outsider's row does not join the case's trail)
    const denied = await env.database.db.selectFrom('audit_log').select(['outcome', 'details']).where('target_id', '=', caseId).where('action', '=', 'custody.identified').execute();
    expect(denied).toEqual([{ outcome: 'denied', details: { reason: 'out_of_scope', caseId } }]);
  });
});
