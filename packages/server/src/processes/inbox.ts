/**
 * The inbox: 待办 (what my agency may act on now, for my roles), 已办 (what I acted on),
 * 已发 (flows my agency started), 临期/超期 (running statutory deadlines of my flows).
 *
 * At province scale (issue 13) every box is one index walk that stops after a page:
 * 待办 `inbox_open` (agency, created_at), 已办 the `process_actor_activity` rollup (user,
 * last_at), 已发 `process_instances_initiator` (agency, updated_at), 临期/超期 the nearest due
 * date kept on the instance row (`next_due`, trigger on process_timers) through three
 * (agency, next_due) indexes merged in due order. Totals and badge counts are counted up to
 * INBOX_COUNT_CAP rows (`totalCapped`: the UI shows "1000+"); the page and the counts run in
 * parallel. Pages are numbered (bounded: past the cap nobody pages) or keyset: `next` names the
 * last row (time in microseconds or due date, then id) and `after=next` continues strictly
 * behind it, however the rows change in between and however deep.
 */
import type { TActor } from '@xietong/core';
import type { z } from 'zod';
import type { ZInboxItem, ZInboxQuery } from '@xietong/core/api';
import { deadlineStatus, type TCivilDate } from '@xietong/core/deadlines';
import { getProcess, PROCESS_DEFINITIONS } from '@xietong/core/processes';
import { sql, type RawBuilder } from 'kysely';
import type { TDb } from '../db/database';
import { todayInShanghai } from '../cases/get-case';
import { likeContains } from '../db/like';
import { AppError } from '../http/app-error';

type TItem = z.output<typeof ZInboxItem>;

/** Totals and badge counts stop counting here (the UI shows "1000+"). */
export const INBOX_COUNT_CAP = 1000;

/** The longest warning period of any statutory timer: bounds the due box's index walk. */
const MAX_WARN_DAYS = Math.max(3, ...PROCESS_DEFINITIONS.flatMap((d) => Object.values(d.timers).map((t) => t.warnDays)));

type TRow = {
  item_id: string; at: Date; k: string; instance_id: string; case_id: string; title: string; code: string; state: string;
  from_name: string; to_name: string; next_due: string | null; next_due_zh: string | null; next_warn_days: number | null;
};

/** The keyset cursor of a box: the last row's time (µs since the epoch) or due date, then its id. */
export function inboxCursor(key: string, id: string): string {
  return `${key}_${id}`;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** null unless the cursor is one this box could have given (a real date since 1900; µs within 317 years after 1970). */
function parseCursor(s: string, due: boolean): { key: string; id: string } | null {
  const m = new RegExp(due ? `^(\\d{4}-\\d{2}-\\d{2})_(${UUID})$` : `^(\\d{1,16})_(${UUID})$`, 'i').exec(s);
  if (!m) return null;
  if (due) {
    const d = new Date(`${m[1]}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1900 || d.toISOString().slice(0, 10) !== m[1]) return null;
  }
  return { key: m[1]!, id: m[2]!.toLowerCase() };
}

/** count(*) of a row source, but at most cap + 1 rows are visited. */
async function cappedCount(db: TDb, source: RawBuilder<unknown>): Promise<{ n: number; capped: boolean }> {
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM (${source} LIMIT ${INBOX_COUNT_CAP + 1}) s`.execute(db);
  const n = Number(r.rows[0]!.n);
  return n > INBOX_COUNT_CAP ? { n: INBOX_COUNT_CAP, capped: true } : { n, capped: false };
}

export async function loadInbox(db: TDb, actor: TActor, q: z.output<typeof ZInboxQuery>): Promise<{ items: TItem[]; total: number; totalCapped: boolean; next: string | null; counts: { todo: number; dueSoon: number; overdue: number } }> {
  const today = todayInShanghai();
  const byDue = q.sort === 'due';
  // keyset paging: by time (newest first) in 待办/已办/已发, by due date in 临期/超期
  const keyset = q.box === 'due' || !byDue;
  const cursor = q.after ? parseCursor(q.after, q.box === 'due') : null;
  if (q.after && (!cursor || !keyset)) throw new AppError('VALIDATION_FAILED', { message: 'after 应为上一页返回的 next（按期限排序的待办、已办、已发不分页续取）' });
  const offset = cursor ? 0 : (q.page - 1) * q.pageSize;
  const limit = q.pageSize;
  const term = q.q ? likeContains(q.q) : null;
  const roles = sql`${sql.val(actor.roles)}::text[]`;
  const A = actor.agencyId;
  // filters on the joined instance and case
  const filters = sql.join([
    sql`true`,
    ...(q.process ? [sql`i.code = ${q.process}`] : []),
    ...(term ? [sql`c.search_text ILIKE ${term}`] : []),
  ], sql` AND `);
  const needsCase = !!term;
  const caseJoin = needsCase ? sql`JOIN cases c ON c.id = i.case_id` : sql``;
  // each box: the ordered row source (item id, time, instance id), from behind the cursor or whole
  const sourceOf = (fromCursor: boolean): RawBuilder<unknown> => {
    const c = fromCursor ? cursor : null;
    const behind = (at: string, id: string) => (c ? sql`(${sql.ref(at)}, ${sql.ref(id)}::text) < ('epoch'::timestamptz + ${c.key}::bigint * interval '1 microsecond', ${c.id})` : sql`true`);
    if (q.box === 'todo') {
      return sql`SELECT x.id::text AS item_id, x.created_at AS at, x.instance_id, i.next_due FROM inbox_items x
        JOIN process_instances i ON i.id = x.instance_id ${caseJoin}
        WHERE x.done_at IS NULL AND x.agency_id = ${A} AND x.roles && ${roles} AND ${filters} AND ${behind('x.created_at', 'x.id')}`;
    }
    if (q.box === 'done') {
      return sql`SELECT a.instance_id::text AS item_id, a.last_at AS at, a.instance_id, i.next_due FROM process_actor_activity a
        JOIN process_instances i ON i.id = a.instance_id ${caseJoin}
        WHERE a.user_id = ${actor.userId} AND ${filters} AND ${behind('a.last_at', 'a.instance_id')}`;
    }
    if (q.box === 'sent') {
      return sql`SELECT i.id::text AS item_id, i.updated_at AS at, i.id AS instance_id, i.next_due FROM process_instances i ${caseJoin}
        WHERE i.initiator_agency_id = ${A} AND ${filters} AND ${behind('i.updated_at', 'i.id')}`;
    }
    const after = c ? sql`(i.next_due, i.id) > (${c.key}::date, ${c.id}::uuid)` : sql`true`;
    return dueSource(A, today, sql`${filters} AND ${after}`, caseJoin, fromCursor ? offset + limit + 1 : INBOX_COUNT_CAP + 1);
  };
  const source = sourceOf(true);
  const order = q.box === 'due' ? sql`next_due, item_id` : byDue ? sql`next_due NULLS LAST, at DESC, item_id DESC` : sql`at DESC, item_id DESC`;
  const ordered = (lim: number) => sql`SELECT * FROM (${source}) b ORDER BY ${order} LIMIT ${lim}`;

  const todoSource = sql`SELECT 1 FROM inbox_items x WHERE x.done_at IS NULL AND x.agency_id = ${A} AND x.roles && ${roles}`;
  const [page, total, todo, overdue, dueSoon] = await Promise.all([
    sql<TRow>`SELECT p.item_id, p.at, ${q.box === 'due' ? sql`i.next_due::text` : sql`(extract(epoch FROM p.at) * 1000000)::bigint::text`} AS k, i.id AS instance_id, i.case_id, c.title, i.code, i.state, fa.name AS from_name, ta.name AS to_name,
        i.next_due, i.next_due_zh, i.next_warn_days
      FROM (${ordered(offset + limit + 1)} OFFSET ${offset}) p
      JOIN process_instances i ON i.id = p.instance_id
      JOIN cases c ON c.id = i.case_id
      JOIN agencies fa ON fa.id = i.initiator_agency_id
      JOIN agencies ta ON ta.id = i.receiver_agency_id
      ORDER BY ${q.box === 'due' ? sql`i.next_due, p.item_id` : byDue ? sql`i.next_due NULLS LAST, p.at DESC, p.item_id DESC` : sql`p.at DESC, p.item_id DESC`}`.execute(db),
    // the total counts the whole box (not only what is behind the cursor)
    cappedCount(db, sourceOf(false)),
    cappedCount(db, todoSource),
    cappedCount(db, dueSource(A, today, sql`i.next_due < ${today}::date`, sql``, INBOX_COUNT_CAP + 1)),
    cappedCount(db, dueSource(A, today, sql`i.next_due >= ${today}::date`, sql``, INBOX_COUNT_CAP + 1)),
  ]);

  const more = page.rows.length > limit;
  const rows = more ? page.rows.slice(0, limit) : page.rows;
  const last = rows.at(-1);
  return {
    total: total.n,
    totalCapped: total.capped,
    next: keyset && more && last ? inboxCursor(last.k, last.item_id) : null,
    counts: { todo: todo.n, dueSoon: dueSoon.n, overdue: overdue.n },
    items: rows.map((r) => {
      const def = getProcess(r.code);
      return {
        id: String(r.item_id), box: q.box, instanceId: r.instance_id, caseId: r.case_id, caseTitle: r.title, process: r.code,
        processName: def?.name.zh ?? r.code, state: r.state, stateName: def?.states[r.state]?.zh ?? r.state,
        fromAgency: r.from_name, toAgency: r.to_name, at: new Date(r.at).toISOString(), due: r.next_due ?? null,
        deadlineStatus: r.next_due ? deadlineStatus({ due: r.next_due as TCivilDate, today, warnDays: r.next_warn_days ?? 3 }) : null,
        deadlineName: r.next_due_zh ?? null,
      };
    }),
  };
}

/**
 * 临期/超期 of the agency's flows (as sender, receiver or superior): each side walks its
 * (agency, next_due) index from the earliest due date and stops after `lim` rows or past the
 * longest warning period; the three are merged in due order. An instance where the agency is
 * on two sides appears once.
 */
function dueSource(agencyId: string, today: string, filters: RawBuilder<unknown>, caseJoin: RawBuilder<unknown>, lim: number): RawBuilder<unknown> {
  const side = (col: string) => sql`(SELECT i.id::text AS item_id, i.updated_at AS at, i.id AS instance_id, i.next_due FROM process_instances i ${caseJoin}
      WHERE i.${sql.raw(col)} = ${agencyId} AND i.next_due IS NOT NULL AND i.next_due <= ${today}::date + ${MAX_WARN_DAYS}::int
        AND i.next_warn_on <= ${today}::date AND ${filters}
      ORDER BY i.next_due, i.id LIMIT ${lim})`;
  return sql`SELECT DISTINCT ON (next_due, item_id) * FROM (${side('initiator_agency_id')} UNION ALL ${side('receiver_agency_id')} UNION ALL ${side('superior_agency_id')}) u`;
}
