/**
 * The holiday calendar the server computes with: the bundled official calendar plus the
 * override table (new years' State Council notices, corrections) kept in the database.
 */
import { buildCalendar, DEFAULT_CALENDAR, type TCalendar } from '@xietong/core/deadlines';
import type { TDb } from '../db/database';

let cache: { at: number; cal: TCalendar } | null = null;

export async function loadCalendar(db: TDb): Promise<TCalendar> {
  if (cache && Date.now() - cache.at < 60_000) return cache.cal;
  const rows = await db.selectFrom('calendar_overrides').selectAll().execute().catch(() => []);
  const cal = rows.length
    ? buildCalendar({
        overrides: rows.map((r) => ({ date: r.date as never, kind: r.kind as 'holiday' | 'workday', note: r.note })),
        coveredYears: [...new Set(rows.filter((r) => r.covers_year).map((r) => Number(r.date.slice(0, 4))))],
      })
    : DEFAULT_CALENDAR;
  cache = { at: Date.now(), cal };
  return cal;
}

export function clearCalendarCache(): void {
  cache = null;
}
