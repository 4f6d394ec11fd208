/**
 * 单轨例外 (single-track.md §3): a step that happened on paper during an outage is registered
 * with its real legal time, then backfilled (补录) — replayed through the engine as an appended
 * event flagged single_track/backfilled, with every statutory clock running from the real time
 * and no earlier event or ledger entry changed; the reconciliation report lists what is still
 * missing and cases keyed twice; an overdue backfill is escalated once to the agency and its superior.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateResidentId } from '@xietong/core/cases';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';
import { chinesePdf, upload } from '../documents/test-support';
import { sweepBackfillOverdue } from './sweep-backfill-overdue';

let env: TTestEnv;
let police: { id: string; parentId: string; approver: TTestUser; handler: TTestUser };
let proc: { id: string; clerk: TTestUser };
let admin: TTestUser;

beforeAll(async () => {
  env = await createTestEnv();
  const city = await makeAgency(env, { type: 'police', level: 'city', regionCode: '220100' });
  const pol = await makeAgency(env, { type: 'police', parentId: city.id });
  const p = await makeAgency(env, { type: 'procuratorate' });
  police = { id: pol.id, parentId: city.id, approver: await makeUser(env, pol.id, ['approver']), handler: await makeUser(env, pol.id, ['handler']) };
  proc = { id: p.id, clerk: await makeUser(env, p.id, ['clerk']) };
  admin = await makeUser(env, city.id, ['admin']);
  await env.database.db.updateTable('users').set({ platform_admin: true }).where('id', '=', admin.id).execute();
});
afterAll(async () => { await env.close(); });

/** YYYY-MM-DD of an instant in Beijing time, plus `days` (by hand: UTC+8, no DST). */
function beijingDay(at: Date, days = 0): string {
  return new Date(at.getTime() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

async function snapshot(caseId: string) {
  const db = env.database.db;
  const events = await db.selectFrom('process_events').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
  const ledger = await db.selectFrom('ledger_entries').select(['id', 'ref_table', 'ref_id', 'entry', 'leaf_hash']).orderBy('id').execute();
  return { events, ledger };
}

describe('单轨例外 register and 补录', () => {
  it('CPL 91 ¶3 / CPL 105: a 提请批准逮捕 sent on paper during an outage is backfilled at its real time — the 7-day review runs from it, history only grows', async () => {
    const c = await makeCase(env, police.handler, { charges: ['theft'] });
    await provideAllEvidence(env, police.handler, c.id, ['theft']);
    const inst = (await as(env, police.handler).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.id })).json();
    // the paper hand-off happened five days ago at 10:00 Beijing time (power outage, reason 2)
    const occurredAt = new Date(`${beijingDay(new Date(), -5)}T10:00:00+08:00`);
    const reg = await as(env, police.approver).post('/api/single-track/flows', {
      instanceId: inst.id, action: 'submit', occurredAt: `${beijingDay(occurredAt)}T10:00:00+08:00`, reasonCode: 2, approvedBy: '王局长', reasonNote: '辖区停电',
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const flow = reg.json();
    expect(flow).toMatchObject({ action: 'submit', reason: { code: 2, zh: '停电' }, toAgency: { id: proc.id }, backfilledAt: null, occurredAt: occurredAt.toISOString() });

    // not yet backfilled: the reconciliation report lists it
    const rec1 = (await as(env, police.handler).get('/api/single-track/reconciliation')).json();
    expect(rec1.notBackfilled.map((f: { id: string }) => f.id)).toContain(flow.id);

    // scans of the paper documents go into the dossier first
    const scan = await upload(env, police.handler, `/api/cases/${c.id}/documents?docType=arrest_request_scan&title=${encodeURIComponent('提请批准逮捕书（纸质扫描件）')}`, await chinesePdf(['提请批准逮捕书', '纸质原件扫描']));
    expect(scan.statusCode, scan.body).toBe(201);

    const before = await snapshot(c.id);
    const back = await as(env, police.approver).post(`/api/single-track/flows/${flow.id}/backfill`, { input: { custody: 'detained' }, scanDocumentIds: [scan.json().id] });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().backfilledAt).not.toBeNull();
    const after = await snapshot(c.id);

    // history is appended, never rewritten: every earlier event and ledger entry is byte-for-byte the same
    expect(after.events.slice(0, before.events.length)).toEqual(before.events);
    expect(after.ledger.slice(0, before.ledger.length)).toEqual(before.ledger);
    const added = after.events.slice(before.events.length);
    expect(added).toHaveLength(1);
    const ev = added[0]!;
    expect(ev).toMatchObject({ action: 'submit', single_track: true, backfilled: true });
    expect(ev.at.toISOString()).toBe(occurredAt.toISOString());
    expect(ev.entered_at!.getTime()).toBeGreaterThan(occurredAt.getTime());
    expect(String(back.json().eventId)).toBe(String(ev.id));
    // the appended event is in the ledger too
    expect(after.ledger.some((e) => e.ref_table === 'process_events' && e.ref_id === String(ev.id))).toBe(true);
    // the statistics can count it (单轨例外): the flag on process_events
    const counted = await env.database.db.selectFrom('process_events').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('actor_agency_id', '=', police.id).where('single_track', '=', true).executeTakeFirstOrThrow();
    expect(Number(counted.n)).toBe(1);

    // CPL 91 ¶3: the procuratorate decides within 7 days of receipt; custody periods are not
    // extended over holidays (CPL 105 ¶2) — counted from the real paper day, not the entry day
    const timer = await env.database.db.selectFrom('process_timers').selectAll().where('instance_id', '=', inst.id).where('timer_id', '=', 'arrest_review').executeTakeFirstOrThrow();
    expect(timer.in_custody).toBe(true);
    expect(String(timer.started_on)).toBe(beijingDay(occurredAt));
    expect(String(timer.due)).toBe(beijingDay(occurredAt, 7));

    // the procuratorate now sees the flow as received; the report no longer lists it
    const rec2 = (await as(env, police.handler).get('/api/single-track/reconciliation')).json();
    expect(rec2.notBackfilled.map((f: { id: string }) => f.id)).not.toContain(flow.id);
    // a second backfill is refused
    const again = await as(env, police.approver).post(`/api/single-track/flows/${flow.id}/backfill`, { input: { custody: 'detained' }, scanDocumentIds: [scan.json().id] });
    expect(again.statusCode).toBe(409);
  });

  it('refuses a paper time in the future, a reason not in the table, a step the caller may not fire, and hides other agencies\' flows', async () => {
    const c = await makeCase(env, police.handler);
    const inst = (await as(env, police.handler).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.id })).json();
    const base = { instanceId: inst.id, action: 'submit', occurredAt: '2026-01-05T10:00:00+08:00', reasonCode: 3, approvedBy: '李所长' };
    const future = await as(env, police.approver).post('/api/single-track/flows', { ...base, occurredAt: '2099-01-01T00:00:00+08:00' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toContain('不能晚于当前时间');
    const badReason = await as(env, police.approver).post('/api/single-track/flows', { ...base, reasonCode: 42 });
    expect(badReason.statusCode).toBe(400);
    const noOffset = await as(env, police.approver).post('/api/single-track/flows', { ...base, occurredAt: '2026-01-05 10:00' });
    expect(noOffset.statusCode).toBe(400);
    // the procuratorate cannot register the police's step; an outsider does not see the case
    expect((await as(env, proc.clerk).post('/api/single-track/flows', base)).statusCode).toBe(404);
    const ok = await as(env, police.approver).post('/api/single-track/flows', base);
    expect(ok.statusCode, ok.body).toBe(201);
    const outsider = await makeUser(env, (await makeAgency(env, { type: 'police' })).id, ['approver']);
    expect((await as(env, outsider).post(`/api/single-track/flows/${ok.json().id}/backfill`, { input: {}, scanDocumentIds: [inst.id] })).statusCode).toBe(404);
    expect((await as(env, outsider).get('/api/single-track/flows')).json().items).toEqual([]);
    // a scan that is not in the case's dossier is refused
    const wrongScan = await as(env, police.approver).post(`/api/single-track/flows/${ok.json().id}/backfill`, { input: { custody: 'detained' }, scanDocumentIds: [inst.id] });
    expect(wrongScan.statusCode).toBe(400);
  });

  it('the reasons are data an administrator edits; the backfill deadline is a setting; an overdue backfill is escalated once to the agency and its superior', async () => {
    const reasons = (await as(env, police.handler).get('/api/single-track/reasons')).json().items;
    expect(reasons).toHaveLength(9);
    expect((await as(env, police.handler).put('/api/single-track/reasons/9', { zh: 'x', en: 'x', active: false })).statusCode).toBe(403);
    const edited = await as(env, admin).put('/api/single-track/reasons/4', { zh: '重大疫情（封控）', en: 'Major epidemic (lockdown)', active: true });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await as(env, admin).put('/api/single-track/settings', { backfillDays: 5 })).statusCode).toBe(200);

    const c = await makeCase(env, police.handler);
    const inst = (await as(env, police.handler).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.id })).json();
    const reg = (await as(env, police.approver).post('/api/single-track/flows', { instanceId: inst.id, action: 'submit', occurredAt: '2026-02-01T09:00:00+08:00', reasonCode: 4, approvedBy: '赵局长' })).json();
    expect(new Date(reg.backfillDue).getTime() - new Date(reg.registeredAt).getTime()).toBe(5 * 86_400_000);
    expect(reg.reason.zh).toBe('重大疫情（封控）');

    const late = new Date(new Date(reg.backfillDue).getTime() + 1000);
    const notesOf = () => env.database.db.selectFrom('notifications').select(['recipient_agency_id', 'kind']).where('source_type', '=', 'single_track_overdue').where('source_id', '=', reg.id).execute();
    await sweepBackfillOverdue(env.database.db, { now: new Date(new Date(reg.backfillDue).getTime() - 1000) });
    expect(await notesOf()).toEqual([]);
    expect(await sweepBackfillOverdue(env.database.db, { now: late })).toBeGreaterThanOrEqual(1);
    expect(await sweepBackfillOverdue(env.database.db, { now: late })).toBe(0);
    const notes = await notesOf();
    expect(notes.map((n) => n.recipient_agency_id).sort()).toEqual([police.id, police.parentId].sort());
    const superiorSees = (await as(env, admin).get('/api/notifications')).json().items;
    expect(superiorSees.some((n: { title: { zh: string } }) => n.title.zh.startsWith('纸质流转补录已超期'))).toBe(true);
  });

  it('the reconciliation report lists cases keyed twice: the same 身份证号 with the same charge in one agency', async () => {
    const rid = generateResidentId(777_001, { regionCode: '220104' });
    const person = { name: '孙某', residentId: rid, measures: [] };
    const a = await makeCase(env, police.handler, { charges: ['theft'], persons: [person] });
    const b = await makeCase(env, police.handler, { charges: ['theft'], persons: [person] });
    const rec = (await as(env, police.handler).get('/api/single-track/reconciliation')).json();
    const dup = rec.duplicates.find((d: { key: string; value: string }) => d.key === 'resident_charge' && d.value.startsWith(rid));
    expect(dup?.cases.map((x: { id: string }) => x.id).sort()).toEqual([a.id, b.id].sort());
    expect((await as(env, proc.clerk).get('/api/single-track/reconciliation')).json().duplicates.some((d: { value: string }) => d.value.startsWith(rid))).toBe(false);
  });
});
