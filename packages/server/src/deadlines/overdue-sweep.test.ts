import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv } from '../test/harness';
import { sweepOverdue } from './overdue-sweep';

let env: TTestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env.close(); });

describe('overdue sweep', () => {
  it('CPL 91: a 拘留→提请批捕 period past its last day raises one overdue alert, once, and shows in 临期/超期', async () => {
    const police = await makeAgency(env, { type: 'police' });
    const proc = await makeAgency(env, { type: 'procuratorate' });
    const u = await makeUser(env, police.id);
    const c = await makeCase(env, u);
    const inst = (await as(env, u).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.id })).json();
    const r = await as(env, u).post(`/api/process-instances/${inst.id}/actions`, { action: 'record_detention', input: {} });
    expect(r.statusCode).toBe(200);
    const timer = r.json().timers.find((t: { status: string; timerId: string }) => t.status === 'running' && t.timerId === 'detention_to_request');
    expect(timer.inCustody).toBe(true);
    // the clock moves past the deadline: 24:00 of the last day (one instant for display and expiry)
    const later = new Date(new Date(timer.dueInstant).getTime() + 1000);
    expect(await sweepOverdue(env.database.db, { now: new Date(new Date(timer.dueInstant).getTime() - 1000) })).toBe(0);
    expect(await sweepOverdue(env.database.db, { now: later })).toBe(1);
    expect(await sweepOverdue(env.database.db, { now: later })).toBe(0);
    const alerts = await env.database.db.selectFrom('audit_log').select(['action', 'case_id']).where('action', '=', 'deadline.overdue').where('case_id', '=', c.id).execute();
    expect(alerts).toHaveLength(1);
    // seen by the inbox as overdue once the stored due date is in the past
    await env.database.db.updateTable('process_timers').set({ due: sql`current_date - 1` }).where('id', '=', timer.id).execute();
    const box = (await as(env, u).get('/api/inbox?box=due')).json();
    expect(box.items.find((i: { instanceId: string }) => i.instanceId === inst.id)?.deadlineStatus).toBe('overdue');
    expect(box.counts.overdue).toBeGreaterThanOrEqual(1);
  });
});
