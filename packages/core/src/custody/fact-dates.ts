/**
 * Fact dates (time of detention, of arrest): entered once, on the person they belong to, and
 * checked before they start a statutory period. A fact cannot lie in the future, nor before the
 * offence it concerns (案发时间).
 */
import { isCivilDate } from '../deadlines';

export type TFactDateProblem = { problem: 'format' | 'future' | 'before_offence'; zh: string };

/** Parse an ISO date-time (with offset, or a Shanghai wall time) or a civil date (00:00 Shanghai). */
export function parseFactInstant(value: string): Date | null {
  const v = value.trim();
  if (!isCivilDate(v.slice(0, 10))) return null;
  let iso = v;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) iso = `${v}T00:00:00+08:00`;
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) iso = `${v.replace(' ', 'T')}+08:00`;
  else if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function checkFactDate(at: Date, o: { now: Date; occurredAt: Date; fieldZh: string }): TFactDateProblem | null {
  if (at.getTime() > o.now.getTime()) return { problem: 'future', zh: `${o.fieldZh}不能晚于当前时间` };
  if (at.getTime() < o.occurredAt.getTime()) return { problem: 'before_offence', zh: `${o.fieldZh}不能早于案发时间` };
  return null;
}
