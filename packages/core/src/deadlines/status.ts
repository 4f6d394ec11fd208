/**
 * Where a deadline stands relative to a day (or instant) the caller supplies. Never reads the clock:
 * the server passes civilDateInShanghai(its clock in epoch ms), tests pass fixed dates.
 */
import { civilDateInShanghai, diffDays, instantToEpochMs, type TCivilDate } from './civil-date';

export const DEADLINE_STATUSES = {
  ok: { zh: '正常', en: 'On track' },
  dueSoon: { zh: '即将到期', en: 'Due soon' },
  dueToday: { zh: '今日到期', en: 'Due today' },
  overdue: { zh: '已超期', en: 'Overdue' },
} as const;
export type TDeadlineStatus = keyof typeof DEADLINE_STATUSES;

/** Default warning window in days; configure per timer (the 所 itself warns 7 days before a custody expiry, post-judgment.md, sec.). */
export const DEFAULT_WARN_DAYS = 3;

/** Whole days from `today` to `due`: 0 on the last day, negative once overdue. */
export function daysRemaining(due: TCivilDate, today: TCivilDate): number {
  return diffDays(today, due);
}

/**
 * Day-granular status. The period runs to 24:00 of `due`, so `due` itself is still in time
 * ('dueToday'), never 'overdue' (PEERS.md lesson #23287: expiry must not fire at 00:00 of the last day).
 */
export function deadlineStatus(input: { due: TCivilDate; today: TCivilDate; warnDays?: number }): TDeadlineStatus {
  const warnDays = input.warnDays ?? DEFAULT_WARN_DAYS;
  if (!Number.isInteger(warnDays) || warnDays < 0) throw new RangeError(`warnDays must be a non-negative integer`);
  const left = daysRemaining(input.due, input.today);
  if (left < 0) return 'overdue';
  if (left === 0) return 'dueToday';
  if (left <= warnDays) return 'dueSoon';
  return 'ok';
}

/**
 * Instant-granular status, for hour periods (and as the single expiry test for all periods):
 * overdue once `now` ≥ `dueInstant` (the instant the period has run out).
 */
export function deadlineStatusAt(input: { dueInstant: string; now: number; warnHours?: number }): TDeadlineStatus {
  const end = instantToEpochMs(input.dueInstant);
  if (input.now >= end) return 'overdue';
  // The last moment still in time lies on the Shanghai day of (end − 1 ms).
  if (civilDateInShanghai(input.now) === civilDateInShanghai(end - 1)) return 'dueToday';
  const warnMs = (input.warnHours ?? DEFAULT_WARN_DAYS * 24) * 3_600_000;
  return end - input.now <= warnMs ? 'dueSoon' : 'ok';
}

/** True once the period has run out. One test for display and for the overdue sweep. */
export function hasExpired(dueInstant: string, now: number): boolean {
  return now >= instantToEpochMs(dueInstant);
}
