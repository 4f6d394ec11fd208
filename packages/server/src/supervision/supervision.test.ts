/**
 * 全程监督 through HTTP with the demo agencies and accounts (issue 14): the Changchun 政法委
 * supervisor lists the city's running, 临期 and 超期 periods, held persons first; sends a 督办 over
 * an overdue custody period to the 朝阳分局, which finds it in its 待办 and 站内信 and answers; the
 * answer flows back to the supervisor. Outsiders and other roles are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { as, createTestEnv, login, makeAgency, makeCase, makeUser, type TTestEnv } from '../test/harness';
import { todayInShanghai } from '../cases/get-case';
import { DEMO_PASSWORD } from '../demo/demo-agencies';
import { seedDemo } from '../demo/seed-demo';

let env: TTestEnv;
let ids: Record<string, string>;
const cookies = new Map<string, string>();
async function demo(username: string): Promise<{ cookie: string }> {
  if (!cookies.has(username)) cookies.set(username, await login(env, username, DEMO_PASSWORD));
  return { cookie: cookies.get(username)! };
}

type TItem = { kind: string; id: string; caseId: string; process: string | null; status: string; responsibleAgency: { id: string } | null; openNoticeId: string | null; personName: string | null; deadlineName: string };

let caseId: string;
let custodyTimerId: string;
let p7: string;

beforeAll(async () => {
  env = await createTestEnv();
  ids = (await seedDemo(env.database.db)).agencyIds;
  const police = await demo('cy-police-handler');
  // a suspect detained on 2025-03-02: the CPL 91 period to request arrest ran out long ago
  caseId = (await makeCase(env, police)).id;
  custodyTimerId = (await env.database.db.selectFrom('person_custody_timers').select('id').where('case_id', '=', caseId).where('status', '=', 'running').executeTakeFirstOrThrow()).id;
  // P7 立案监督 of the same case by the 朝阳区检察院 (a party of the case)
  await env.database.db.insertInto('case_parties').values({ case_id: caseId, agency_id: ids['cy-proc']! }).execute();
  const proc = await demo('cy-proc-handler');
  const started = await as(env, proc).post(`/api/cases/${caseId}/processes`, { code: 'filing_supervision', receiverAgencyId: ids['cy-police'] });
  expect(started.statusCode, started.body).toBe(201);
  p7 = started.json().id;
  const asked = await as(env, proc).post(`/api/process-instances/${p7}/actions`, { action: 'request_explanation', input: { source: 'victim_complaint' }, documents: ['non_filing_explanation_request'] });
  expect(asked.statusCode, asked.body).toBe(200);
}, 120_000);
afterAll(async () => { await env.close(); });

async function list(user: { cookie: string }, query = ''): Promise<{ items: TItem[]; next: string | null; counts: { overdue: number; dueSoon: number; custodyOverdue: number } }> {
  const res = await as(env, user).get(`/api/supervision/deadlines${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('GET /api/supervision/deadlines', () => {
  it('CPL 91: the city 政法委 supervisor sees the overdue custody period of a 朝阳分局 case first, naming the person and the agency responsible', async () => {
    const plc = await demo('cc-plc-supervisor');
    const r = await list(plc, '?status=overdue');
    const row = r.items.find((i) => i.id === custodyTimerId);
    expect(row).toMatchObject({ kind: 'custody', caseId, status: 'overdue', responsibleAgency: { id: ids['cy-police'] } });
    expect(row!.personName).toMatch(/某$/);
    expect(r.items[0]!.kind).toBe('custody');
    expect(r.counts.custodyOverdue).toBeGreaterThanOrEqual(1);
    expect(r.counts.overdue).toBeGreaterThanOrEqual(r.counts.custodyOverdue);
  });

  it('SPP rules 560: a P7 立案监督 appears with its reply period, and under 临期 once it is in its warning days', async () => {
    const plc = await demo('cc-plc-supervisor');
    const all = await list(plc, '?process=filing_supervision');
    expect(all.items.map((i) => i.id)).toContain(p7);
    expect(all.items.find((i) => i.id === p7)!.deadlineName).toBe('说明不立案理由');
    expect(all.items.every((i) => i.kind === 'process')).toBe(true);
    // the police's 7 days end tomorrow
    const tomorrow = new Date(Date.parse(`${todayInShanghai()}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
    await sql`UPDATE process_timers SET due = ${tomorrow}::date WHERE instance_id = ${p7} AND status = 'running'`.execute(env.database.db);
    const soon = await list(plc, '?status=dueSoon');
    expect(soon.items.find((i) => i.id === p7)).toMatchObject({ status: 'dueSoon', responsibleAgency: { id: ids['cy-police'] } });
    expect((await list(plc, '?status=overdue')).items.map((i) => i.id)).not.toContain(p7);
  });

  it('filters by agency and kind; the keyset pages cover the list once, custody first', async () => {
    const plc = await demo('cc-plc-supervisor');
    const whole = await list(plc, '?limit=200');
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await list(plc, `?limit=1${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      after = page.next;
    } while (after && seen.length < 500);
    expect(seen).toEqual(whole.items.map((i) => i.id));
    const kinds = whole.items.map((i) => i.kind);
    // custody first: no held person's period after the first process period
    expect(kinds.slice(Math.max(0, kinds.indexOf('process')))).not.toContain(kinds.includes('process') ? 'custody' : 'none');
    expect((await list(plc, '?kind=custody')).items.every((i) => i.kind === 'custody')).toBe(true);
    expect((await list(plc, `?agencyId=${ids['cc-court']}`)).items.map((i) => i.caseId)).not.toContain(caseId);
  });

  it('another city\'s 政法委 sees none of Changchun\'s periods; a handler, an administrator and a 政法委 admin are refused with FORBIDDEN', async () => {
    const jilinPlc = await makeAgency(env, { type: 'plc', level: 'city', regionCode: '220200', parentId: null });
    const other = await makeUser(env, jilinPlc.id, ['supervisor']);
    expect((await list(other)).items.map((i) => i.caseId)).not.toContain(caseId);
    for (const u of ['cy-police-handler', 'cc-plc-admin', 'cy-proc-approver']) {
      const res = await as(env, await demo(u)).get('/api/supervision/deadlines');
      expect(res.statusCode, u).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  });

  it('a procuratorate supervisor (检察监督, CPL 8) sees the periods of its region', async () => {
    const r = await list(await demo('cc-proc-supervisor'), '?status=overdue');
    expect(r.items.map((i) => i.id)).toContain(custodyTimerId);
  });
});

describe('督办 (P15 supervision_notice)', () => {
  it('refuses a period still in time (SUPERVISION_NOT_OVERDUE) and one outside the jurisdiction (404)', async () => {
    const plc = await demo('cc-plc-supervisor');
    const early = await as(env, plc).post('/api/supervision/notices', { deadline: { kind: 'process', id: p7 }, reason: '请说明' });
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().error.code).toBe('SUPERVISION_NOT_OVERDUE');
    const far = await makeAgency(env, { type: 'plc', level: 'city', regionCode: '220300', parentId: null });
    const outsider = await makeUser(env, far.id, ['supervisor']);
    const res = await as(env, outsider).post('/api/supervision/notices', { deadline: { kind: 'custody', id: custodyTimerId }, reason: '请说明' });
    expect(res.statusCode).toBe(404);
    const handler = await as(env, await demo('cy-police-handler')).post('/api/supervision/notices', { deadline: { kind: 'custody', id: custodyTimerId }, reason: '请说明' });
    expect(handler.statusCode).toBe(403);
  });

  it('CPL 91: a 督办 over overdue custody reaches the 朝阳分局\'s 待办 and 站内信; its answer flows back to the 政法委', async () => {
    const plc = await demo('cc-plc-supervisor');
    const sent = await as(env, plc).post('/api/supervision/notices', { deadline: { kind: 'custody', id: custodyTimerId }, reason: '犯罪嫌疑人拘留已超过提请批准逮捕期限，请立即依法处理并书面回复' });
    expect(sent.statusCode, sent.body).toBe(201);
    const notice = sent.json();
    expect(notice).toMatchObject({ code: 'supervision_notice', state: 'SENT', receiver: { agencyId: ids['cy-police'] }, initiator: { agencyId: ids['cc-plc'] } });
    expect(notice.timers.map((t: { zh: string }) => t.zh)).toContain('督办回复期限');
    // one open 督办 per period
    const again = await as(env, plc).post('/api/supervision/notices', { deadline: { kind: 'custody', id: custodyTimerId }, reason: '再发' });
    expect(again.statusCode).toBe(409);
    expect((await list(plc, '?status=overdue')).items.find((i) => i.id === custodyTimerId)!.openNoticeId).toBe(notice.id);

    const police = await demo('cy-police-approver');
    const todo = (await as(env, police).get('/api/inbox?box=todo&process=supervision_notice')).json();
    expect(todo.items.map((i: { instanceId: string }) => i.instanceId)).toContain(notice.id);
    const inbox = (await as(env, police).get('/api/notifications')).json();
    expect(JSON.stringify(inbox)).toContain('督办');

    const answered = await as(env, police).post(`/api/process-instances/${notice.id}/actions`, { action: 'answer', input: { reason: '已于当日提请批准逮捕，超期原因系内勤漏报，已整改' } });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().state).toBe('ANSWERED');

    const back = (await as(env, plc).get('/api/inbox?box=todo')).json();
    expect(back.items.map((i: { instanceId: string }) => i.instanceId)).toContain(notice.id);
    const view = (await as(env, plc).get(`/api/process-instances/${notice.id}`)).json();
    expect(view.events.at(-1)).toMatchObject({ action: 'answer', input: { reason: expect.stringContaining('已整改') } });
    expect(view.availableActions.map((a: { action: string }) => a.action).sort()).toEqual(['close', 'press_again']);
    const closed = await as(env, plc).post(`/api/process-instances/${notice.id}/actions`, { action: 'close', input: { note: '整改到位' } });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().state).toBe('CLOSED');
  });

  it('the supervisor opens the case read-only, and the read is audited', async () => {
    const plc = await demo('cc-plc-supervisor');
    expect((await as(env, plc).get(`/api/cases/${caseId}`)).statusCode).toBe(200);
    const read = await env.database.db.selectFrom('audit_log').select(['action', 'outcome']).where('case_id', '=', caseId).where('username', '=', 'cc-plc-supervisor').where('action', '=', 'case.read').execute();
    expect(read.length).toBeGreaterThan(0);
    const write = await as(env, plc).post(`/api/cases/${caseId}/processes`, { code: 'arrest', receiverAgencyId: ids['cy-proc'] });
    expect([403, 404]).toContain(write.statusCode);
  });
});
