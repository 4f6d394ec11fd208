/**
 * What reaches whom (issue 16): a 临期 statutory timer notifies the agency that must act once per
 * timer and level; each user gets it by the channels they chose — 站内信 by default, SMS through
 * the configured provider (here the recording test adapter) when chosen, nothing when switched off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';
import { sweepDeadlineWarnings } from '../deadlines/deadline-notices';
import { sweepOverdue } from '../deadlines/overdue-sweep';
import { RecordingAdapter } from './channels';
import { deliverNotifications } from './deliver-notifications';
import { sweepTodoNotices } from './sweep-todo-notices';

let env: TTestEnv;
let plain: TTestUser, smsUser: TTestUser, optedOut: TTestUser, proc: TTestUser;

beforeAll(async () => {
  env = await createTestEnv();
  const police = await makeAgency(env, { type: 'police' });
  plain = await makeUser(env, police.id, ['handler']);
  smsUser = await makeUser(env, police.id, ['approver']);
  optedOut = await makeUser(env, police.id, ['handler']);
  proc = await makeUser(env, (await makeAgency(env, { type: 'procuratorate' })).id, ['clerk']);
});
afterAll(async () => { await env.close(); });

type TList = { items: { kind: string; title: { zh: string } }[]; unread: number };
const titles = async (u: TTestUser, kind: string) => ((await as(env, u).get(`/api/notifications?kind=${kind}`)).json() as TList).items.map((i) => i.title.zh);

describe('notification channels and preferences', () => {
  it('CPL 91: a 拘留→提请批捕 period entering its warning day gives one 站内信 per user choice; the SMS test adapter records it for the user who chose SMS; the user who opted out gets none', async () => {
    // preferences: defaults (站内信 only) · SMS chosen with a phone · 期限 switched off entirely
    const prefs = await as(env, smsUser).put('/api/me/notification-preferences', { items: [{ kind: 'deadline', channel: 'sms', enabled: true }], phone: '13800138000' });
    expect(prefs.statusCode, prefs.body).toBe(200);
    expect(prefs.json().items).toContainEqual({ kind: 'deadline', channel: 'sms', enabled: true });
    expect(prefs.json().items).toContainEqual({ kind: 'deadline', channel: 'inbox', enabled: true });
    expect(prefs.json().phone).toBe('13800138000');
    expect((await as(env, optedOut).put('/api/me/notification-preferences', { items: [{ kind: 'deadline', channel: 'inbox', enabled: false }] })).statusCode).toBe(200);
    expect((await as(env, plain).put('/api/me/notification-preferences', { items: [], phone: '12ab' })).statusCode).toBe(400);

    const c = await makeCase(env, plain);
    const inst = (await as(env, plain).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.agencyId })).json();
    const r = await as(env, plain).post(`/api/process-instances/${inst.id}/actions`, { action: 'record_detention', input: {} });
    expect(r.statusCode, r.body).toBe(200);
    const timer = r.json().timers.find((t: { status: string; timerId: string }) => t.status === 'running' && t.timerId === 'detention_to_request');
    // CPL 91 ¶1: 3 days, warned 1 day ahead — the clock stands on the last day's morning
    const lastMorning = new Date(new Date(timer.dueInstant).getTime() - 12 * 3600_000);
    expect(await sweepDeadlineWarnings(env.database.db, { now: lastMorning })).toBeGreaterThanOrEqual(1);
    expect(await sweepDeadlineWarnings(env.database.db, { now: lastMorning })).toBe(0);

    expect((await titles(plain, 'deadline')).filter((t) => t.startsWith('期限临近：拘留后提请批准逮捕'))).toHaveLength(1);
    expect((await titles(smsUser, 'deadline')).filter((t) => t.startsWith('期限临近：拘留后提请批准逮捕'))).toHaveLength(1);
    expect(await titles(optedOut, 'deadline')).toEqual([]);
    expect(await titles(proc, 'deadline')).toEqual([]);

    const note = await env.database.db.selectFrom('notifications').select('id').where('source_type', '=', 'timer_warn').where('source_id', '=', timer.id).executeTakeFirstOrThrow();
    const deliveries = async () => (await env.database.db.selectFrom('notification_deliveries').select(['user_id', 'channel', 'status', 'address'])
      .where('notification_id', '=', note.id).execute()).map((d) => `${d.user_id === plain.id ? 'plain' : d.user_id === smsUser.id ? 'sms' : 'optedOut'}:${d.channel}:${d.status}`).sort();
    expect(await deliveries()).toEqual(['plain:inbox:delivered', 'sms:inbox:delivered', 'sms:sms:pending']);

    // sent after commit by the delivery sweep through the configured SMS provider
    const smsAdapter = new RecordingAdapter('sms');
    expect(await deliverNotifications(env.database.db, { sms: smsAdapter })).toEqual({ sent: 1, failed: 0 });
    expect(smsAdapter.sent).toEqual([expect.objectContaining({ to: '13800138000', subject: expect.stringMatching(/^期限临近：拘留后提请批准逮捕/) })]);
    expect(await deliveries()).toEqual(['plain:inbox:delivered', 'sms:inbox:delivered', 'sms:sms:sent']);
    expect(await deliverNotifications(env.database.db, { sms: smsAdapter })).toEqual({ sent: 0, failed: 0 });

    // the deadline passing is the next level: one more notice, again not for the user who opted out
    expect(await sweepOverdue(env.database.db, { now: new Date(new Date(timer.dueInstant).getTime() + 1000) })).toBeGreaterThanOrEqual(1);
    expect((await titles(plain, 'deadline')).filter((t) => t.startsWith('期限已超：拘留后提请批准逮捕'))).toHaveLength(1);
    expect(await titles(optedOut, 'deadline')).toEqual([]);
  });

  it('a new 待办 becomes a 站内信 for the agency that must act, once', async () => {
    const c = await makeCase(env, plain);
    await as(env, plain).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.agencyId });
    expect(await sweepTodoNotices(env.database.db)).toBeGreaterThanOrEqual(1);
    expect(await sweepTodoNotices(env.database.db)).toBe(0);
    expect((await titles(plain, 'todo')).filter((t) => t.includes(String(c.title)))).toHaveLength(1);
    expect((await titles(proc, 'todo')).filter((t) => t.includes(String(c.title)))).toEqual([]);
  });

  it('an SMS provider that refuses is retried, and the delivery records its answer', async () => {
    const failing = { channel: 'sms' as const, name: 'down', send: async () => { throw new Error('gateway 503'); } };
    const c = await makeCase(env, plain);
    await as(env, smsUser).put('/api/me/notification-preferences', { items: [{ kind: 'todo', channel: 'sms', enabled: true }], phone: '13800138000' });
    await as(env, plain).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.agencyId });
    await sweepTodoNotices(env.database.db);
    await deliverNotifications(env.database.db, { sms: failing });
    const d = await env.database.db.selectFrom('notification_deliveries as d').innerJoin('notifications as n', 'n.id', 'd.notification_id')
      .select(['d.status', 'd.attempts', 'd.last_error']).where('d.user_id', '=', smsUser.id).where('d.channel', '=', 'sms').where('n.case_id', '=', c.id).execute();
    expect(d).toEqual([{ status: 'pending', attempts: 1, last_error: 'gateway 503' }]);
  });
});
