/**
 * The holiday calendar the server computes with: the bundled official calendar plus the
 * override table (new years' State Council notices, corrections) kept in the database.
 *
 * Cached per database on the cache bus (topic 'calendar', migration 0047): a change committed on
 * any app node empties every node's copy at once; without a live LISTEN connection (a command-line
 * sweep, a lost connection) every call reads the table.
 */
import { buildCalendar, DEFAULT_CALENDAR, type TCalendar } from '@xietong/core/deadlines';
import { cacheFor, forgetOnThisNode } from '../db/cache-bus';
import type { TDb } from '../db/database';

export async function loadCalendar(db: TDb): Promise<TCalendar> {
  const cache = cacheFor<TCalendar>(db, 'calendar');
  const hit = cache?.get('calendar');
  if (hit) return hit;
  let rows;
  try {
    rows = await db.selectFrom('calendar_overrides').selectAll().execute();
  } catch (e) {
    // a database not migrated that far (tools, old backups): the bundled calendar, never cached;
    // any other failure is the caller's (a deadline computed without the entered holidays is wrong)
    if ((e as { code?: string }).code === '42P01') return DEFAULT_CALENDAR;
    throw e;
  }
  const cal = rows.length
    ? buildCalendar({
        overrides: rows.map((r) => ({ date: r.date as never, kind: r.kind as 'holiday' | 'workday', note: r.note })),
        coveredYears: [...new Set(rows.filter((r) => r.covers_year).map((r) => Number(r.date.slice(0, 4))))],
      })
    : DEFAULT_CALENDAR;
  // also from inside a transaction (the step's timers read it there): no transaction that writes
  // calendar_overrides reads the calendar before it commits (the PUT route only writes), so what a
  // transaction reads here is committed data
  cache?.set('calendar', cal, cache.generation);
  return cal;
}

/** After this node committed a change: its next deadline must not wait for the NOTIFY. */
export function clearCalendarCache(db: TDb): void {
  forgetOnThisNode(db, 'calendar');
}
