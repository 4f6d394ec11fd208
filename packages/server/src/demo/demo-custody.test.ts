/**
 * The demo's 看守所 list looks like a working agency's: cases the seed leaves stalled in the past
 * had a lawful outcome for their held persons before the limit (取保候审 through P4), so only a
 * few of the running person custody timers are overdue and some are due soon.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestEnv, login, type TTestEnv } from '../test/harness';
import { DEMO_PASSWORD, demoUsername } from './demo-agencies';
import { todayInShanghai } from '../cases/get-case';
import { custodyDeadlineView } from '../custody/custody-view';
import { verifyLedgerDatabase } from '../ledger/verify-database';
import { seedDemo } from './seed-demo';
import { seedDemoCases } from './seed-demo-cases';

const COUNT = Number(process.env.XIETONG_DEMO_TEST_CASES ?? 200);

describe('demo custody (CPL 91, 156)', () => {
  let env: TTestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
    await seedDemo(env.database.db);
    const t0 = Date.now();
    expect(await seedDemoCases(env.database.db, () => {}, COUNT)).toBe(COUNT);
    console.log(`demo seed: ${COUNT} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }, 1_200_000);
  afterAll(async () => { await env.close(); });

  it('CPL 91, 156: at most a tenth of the held persons\' running custody timers are overdue after the demo seed, and some are due soon', async () => {
    const rows = await env.database.db.selectFrom('person_measures as m')
      .innerJoin('person_custody_timers as t', (j) => j.onRef('t.person_id', '=', 'm.person_id').on('t.status', '=', 'running'))
      .select(['m.measure', 't.kind', 't.zh', 't.article', 't.in_custody', 't.started_on', 't.due', 't.due_instant', 't.extensions', 't.explanation'])
      .where('m.ended_at', 'is', null).where('m.measure', 'in', ['detention', 'arrest'])
      .execute();
    const today = todayInShanghai();
    const status = rows.map((r) => ({ measure: r.measure, kind: r.kind, status: custodyDeadlineView(r, today).status }));
    const overdue = status.filter((s) => s.status === 'overdue');
    const dueSoon = status.filter((s) => s.status === 'dueSoon');
    console.log(`demo custody: ${rows.length} held, ${overdue.length} overdue (${overdue.filter((s) => s.measure === 'detention').length} 拘留), ${dueSoon.length} dueSoon`);
    expect(rows.length).toBeGreaterThan(10);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBeLessThanOrEqual(Math.ceil(rows.length * 0.1));
    expect(dueSoon.length).toBeGreaterThan(0);
  });

  it('2014 换押 notice (sec.): the demo 看守所 list shows a few stage changes without 换押 as exceptions, most acknowledged, and 提讯 booked for tomorrow', async () => {
    const clerk = await login(env, demoUsername('cy-detention', 'clerk'), DEMO_PASSWORD);
    const list = await as(env, { cookie: clerk }).get('/api/custody');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { custodyTransfer: { status: string }; interrogations: { status: string }[] }[];
    const by = (s: string) => items.filter((i) => i.custodyTransfer.status === s).length;
    console.log(`demo 换押: ${by('acknowledged')} acknowledged, ${by('missing')} missing, ${by('not_required')} not required`);
    expect(by('missing')).toBeGreaterThan(0);
    expect(by('acknowledged')).toBeGreaterThan(by('missing'));
    expect(items.flatMap((i) => i.interrogations.map((b) => b.status)).sort()).toEqual(expect.arrayContaining(['confirmed', 'requested']));
  });

  it('issue 14: cc-plc-supervisor sees the city\'s running, 临期 and 超期 periods, and the demo 督办 waits in the responsible agency\'s 待办', async () => {
    const plc = { cookie: await login(env, 'cc-plc-supervisor', DEMO_PASSWORD) };
    const res = await as(env, plc).get('/api/supervision/deadlines?status=all&limit=200');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.items.length).toBeGreaterThan(10);
    expect(body.counts.overdue).toBeGreaterThan(0);
    expect(body.counts.dueSoon).toBeGreaterThan(0);
    const notice = await env.database.db.selectFrom('process_instances').select(['id', 'receiver_agency_id', 'state']).where('code', '=', 'supervision_notice').executeTakeFirstOrThrow();
    expect(notice.state).toBe('SENT');
    const todo = await env.database.db.selectFrom('inbox_items').select('agency_id').where('instance_id', '=', notice.id).where('done_at', 'is', null).execute();
    expect(todo.map((t) => t.agency_id)).toEqual([notice.receiver_agency_id]);
  });

  it('the seeded history verifies (ledger intact)', async () => {
    const r = await verifyLedgerDatabase(env.database.db);
    expect(r.status, JSON.stringify(r.findings.slice(0, 3))).toBe('intact');
  }, 600_000);
});
