/**
 * Civil (calendar) dates in Asia/Shanghai as 'YYYY-MM-DD' strings.
 *
 * Why no Date objects: a local-time Date shifts with the host's TZ/DST, so a server in UTC and
 * a browser in New York would disagree on the last day of a custody period. All arithmetic here
 * is integer arithmetic on day numbers (H. Hinnant's days-from-civil algorithm), so the host
 * time zone cannot matter. China has had no DST since 1991, so Asia/Shanghai is a fixed +08:00.
 */
import { z } from 'zod';

declare const civilDateBrand: unique symbol;
/** A validated calendar date 'YYYY-MM-DD' (Asia/Shanghai civil date). */
export type TCivilDate = string & { readonly [civilDateBrand]: true };

const CIVIL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Fixed offset of Asia/Shanghai (no DST since 1991). */
export const SHANGHAI_OFFSET = '+08:00';
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const MS_PER_DAY = 86_400_000;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function isCivilDate(value: unknown): value is TCivilDate {
  if (typeof value !== 'string') return false;
  const m = CIVIL_DATE_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Validates and brands a 'YYYY-MM-DD' string; throws RangeError otherwise. */
export function civilDate(value: string): TCivilDate {
  if (!isCivilDate(value)) throw new RangeError(`Not a valid calendar date (YYYY-MM-DD): ${value}`);
  return value;
}

export const ZCivilDate = z
  .string()
  .refine(isCivilDate, { message: '日期格式应为 YYYY-MM-DD' })
  .transform((s) => s as TCivilDate);

export type TCivilDateParts = { year: number; month: number; day: number };

export function civilDateParts(date: TCivilDate): TCivilDateParts {
  return {
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
  };
}

export function civilDateFromParts(year: number, month: number, day: number): TCivilDate {
  const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return civilDate(s);
}

/** Days since 1970-01-01 (proleptic Gregorian). */
export function toEpochDay(date: TCivilDate): number {
  const { year, month, day } = civilDateParts(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function fromEpochDay(epochDay: number): TCivilDate {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return civilDateFromParts(year, month, day);
}

export function addDays(date: TCivilDate, days: number): TCivilDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function diffDays(from: TCivilDate, to: TCivilDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function compareCivilDates(a: TCivilDate, b: TCivilDate): number {
  // Same fixed-width format, so string order is date order.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekday(date: TCivilDate): number {
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: TCivilDate): boolean {
  const wd = weekday(date);
  return wd === 0 || wd === 6;
}

export function isLastDayOfMonth(date: TCivilDate): boolean {
  const { year, month, day } = civilDateParts(date);
  return day === daysInMonth(year, month);
}

/** The Asia/Shanghai calendar date of an instant (epoch milliseconds). Callers pass the clock. */
export function civilDateInShanghai(epochMs: number): TCivilDate {
  return fromEpochDay(Math.floor((epochMs + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

/** ISO instant with +08:00 for `date` at `hour`:00 Shanghai time (hour 0–23). */
export function shanghaiInstant(date: TCivilDate, hour = 0): string {
  return `${date}T${String(hour).padStart(2, '0')}:00:00${SHANGHAI_OFFSET}`;
}

/** Epoch ms of an ISO instant that carries an explicit offset (ours always do). */
export function instantToEpochMs(iso: string): number {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso)) throw new RangeError(`Instant must carry an offset: ${iso}`);
  const ms = Date.parse(iso); // explicit offset, so independent of the host time zone
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO instant: ${iso}`);
  return ms;
}
