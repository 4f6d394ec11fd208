/**
 * Keyset paging of the inbox (issue 13): walking a box page by page with `after = next` returns
 * every row exactly once, in the box's order, whatever the page size, although many rows share
 * one timestamp or due date and new rows arrive between pages.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestEnv, makeAgency, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
let handler: TTestUser;
let policeId: string;
let procId: string;
const N = 57;

/** n flows the police agency sent, whose updated_at take only 5 distinct values; the running ones with a due date among 3. */
async function sendFlows(n: number, at: string): Promise<void> {
  await sql`WITH c AS (
      INSERT INTO cases (title, summary, region_code, created_by_agency, created_by, stage, search_text)
      SELECT '翻页' || g || '号案', '', '220104', ${policeId}, ${handler.id}, 'police.investigating', '翻页' || g || '号案'
        FROM generate_series(1, ${n}::int) g RETURNING id),
    i AS (
      INSERT INTO process_instances (case_id, code, state, version, initiator_agency_id, receiver_agency_id, started_by, terminal, created_at, updated_at)
      SELECT c.id, 'arrest', 'IN_REVIEW', 4, ${policeId}, ${procId}, ${handler.id}, false, ${at}::timestamptz, ${at}::timestamptz + (row_number() OVER () % 5) * interval '1 second'
        FROM c RETURNING id, case_id)
    INSERT INTO process_timers (instance_id, case_id, timer_id, zh, en, started_on, due, due_instant, in_custody, warn_days, status)
    SELECT i.id, i.case_id, 'arrest_review', '审查批准逮捕期限', 'Arrest review', current_date - 7,
           d.due, (d.due + 1)::timestamptz, true, 3, 'running'
      FROM (SELECT i.*, row_number() OVER () AS r FROM i) i
      CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date - 1 + (i.r % 3)::int AS due) d`.execute(env.database.db);
}

type TPage = { items: { id: string; at: string; due: string | null }[]; next: string | null; total: number };

async function walk(box: 'sent' | 'due', pageSize: number, between?: () => Promise<void>): Promise<{ id: string; at: string; due: string | null }[]> {
  const out: TPage['items'] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 500; guard++) {
    const r = await as(env, handler).get(`/api/inbox?box=${box}&pageSize=${pageSize}${after ? `&after=${after}` : ''}`);
    expect(r.statusCode, r.body).toBe(200);
    const page = r.json() as TPage;
    expect(page.items.length).toBeLessThanOrEqual(pageSize);
    out.push(...page.items);
    if (!page.next) break;
    after = page.next;
    if (guard === 0 && between) await between();
  }
  return out;
}

beforeAll(async () => {
  env = await createTestEnv();
  policeId = (await makeAgency(env, { type: 'police' })).id;
  procId = (await makeAgency(env, { type: 'procuratorate' })).id;
  handler = await makeUser(env, policeId, ['handler']);
  await sendFlows(N, '2026-03-01T10:00:00+08:00');
});
afterAll(async () => { await env.close(); });

describe('inbox keyset paging', () => {
  it('已发: every flow exactly once, newest first, for page sizes 1 to 20, the same order as one big page', async () => {
    const whole = (await as(env, handler).get('/api/inbox?box=sent&pageSize=200')).json() as TPage;
    expect(whole.items).toHaveLength(N);
    expect(whole.next).toBeNull();
    for (const size of [1, 2, 3, 7, 20]) {
      const rows = await walk('sent', size);
      expect(rows.map((r) => r.id), `page size ${size}`).toEqual(whole.items.map((r) => r.id));
      expect(new Set(rows.map((r) => r.id)).size).toBe(N);
      for (let k = 1; k < rows.length; k++) expect(rows[k - 1]!.at >= rows[k]!.at).toBe(true);
    }
  });

  it('临期/超期: every running period exactly once in due order, while newer flows arrive between pages', async () => {
    const before = (await as(env, handler).get('/api/inbox?box=due&pageSize=200')).json() as TPage;
    expect(before.items.length).toBeGreaterThan(0);
    for (const size of [1, 4, 9]) {
      const rows = await walk('due', size);
      expect(rows.map((r) => r.id), `page size ${size}`).toEqual(before.items.map((r) => r.id));
      for (let k = 1; k < rows.length; k++) expect(rows[k - 1]!.due! <= rows[k]!.due!).toBe(true);
    }
    // rows that arrive ahead of the cursor are not repeated nor do they shift the rest
    const sent = (await as(env, handler).get('/api/inbox?box=sent&pageSize=200')).json() as TPage;
    const rows = await walk('sent', 5, () => sendFlows(3, '2026-04-01T10:00:00+08:00'));
    expect(rows.map((r) => r.id)).toEqual(sent.items.map((r) => r.id));
  });

  it('the total counts the whole box on every page; a malformed cursor is refused with a code', async () => {
    const first = (await as(env, handler).get('/api/inbox?box=sent&pageSize=10')).json() as TPage;
    const second = (await as(env, handler).get(`/api/inbox?box=sent&pageSize=10&after=${first.next}`)).json() as TPage;
    expect(second.total).toBe(first.total);
    const bad = await as(env, handler).get('/api/inbox?box=sent&after=2026-01-01_x');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    // well-formed but impossible: no 5xx
    for (const after of [`2026-02-30_${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`, `0000-01-01_${first.next!.split('_')[1]}`]) {
      const r = await as(env, handler).get(`/api/inbox?box=due&after=${after}`);
      expect(r.statusCode, after).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await as(env, handler).get(`/api/inbox?box=sent&after=-5_${first.next!.split('_')[1]}`)).statusCode).toBe(400);
    const bySort = await as(env, handler).get(`/api/inbox?box=sent&sort=due&after=${first.next}`);
    expect(bySort.statusCode).toBe(400);
    expect(bySort.json().error.code).toBe('VALIDATION_FAILED');
  });
});
