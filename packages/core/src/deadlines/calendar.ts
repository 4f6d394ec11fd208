/**
 * The PRC working-day calendar as data (CPL 105: 节假日 = weekends + statutory holidays per the
 * State Council's annual notice; a weekend declared a make-up workday 调休上班 is a working day).
 *
 * Base data: the npm package chinese-days (bundled JSON, works offline), which transcribes each
 * year's 国务院办公厅关于部分节假日安排的通知. Years it does not cover fall back to "weekends only"
 * and every deadline that consulted such a year says so (CALENDAR_UNKNOWN_YEAR).
 * The State Council publishes next year's notice around November: add it as overrides (the
 * server keeps them in the DB) and declare the year covered — see README.md.
 */
import { z } from 'zod';
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { civilDateParts, isCivilDate, isWeekend, addDays, ZCivilDate, type TCivilDate } from './civil-date';

export type TCalendar = {
  /** Statutory rest days, including 调休 rest days on weekdays (and holiday-run weekends). */
  readonly holidays: ReadonlySet<TCivilDate>;
  /** Weekend dates declared make-up workdays (调休上班). */
  readonly workdays: ReadonlySet<TCivilDate>;
  /** Years for which the full State Council notice is in the data. Others: weekends only. */
  readonly coveredYears: ReadonlySet<number>;
  /** Where the data came from, for display/audit. */
  readonly source: string;
};

export const CALENDAR_OVERRIDE_KINDS = {
  holiday: { zh: '休息日', en: 'Rest day' },
  workday: { zh: '工作日', en: 'Working day' },
} as const;
export type TCalendarOverrideKind = keyof typeof CALENDAR_OVERRIDE_KINDS;

export const ZCalendarOverride = z.object({
  date: ZCivilDate,
  kind: z.enum(['holiday', 'workday']),
  /** Why: e.g. '国办发明电〔2026〕N号 春节' or a correction reference. */
  note: z.string().min(1),
});
export type TCalendarOverride = z.output<typeof ZCalendarOverride>;

type TRawYearData = { holidays: Record<string, string>; workdays: Record<string, string> };

function readBaseData(raw: unknown): { holidays: TCivilDate[]; workdays: TCivilDate[]; years: number[] } {
  const data = raw as Partial<TRawYearData> | null;
  if (!data || typeof data.holidays !== 'object' || typeof data.workdays !== 'object') {
    // Shape changed under us: degrade to weekends-only and let every result flag it.
    return { holidays: [], workdays: [], years: [] };
  }
  const holidays = Object.keys(data.holidays).filter(isCivilDate);
  const workdays = Object.keys(data.workdays).filter(isCivilDate);
  // chinese-days carries a year only once the whole notice is out, so presence = covered.
  const years = [...new Set(holidays.map((d) => civilDateParts(d).year))].sort((a, b) => a - b);
  return { holidays, workdays, years };
}

const BASE = readBaseData(chineseDays);

/** Years covered by the bundled chinese-days data (2004–2026 for chinese-days 1.5.7). */
export const BASE_CALENDAR_YEARS: readonly number[] = BASE.years;

export type TBuildCalendarInput = {
  /** Merged on top of the base data, in order. Contradictory entries for one date are rejected. */
  overrides?: readonly TCalendarOverride[];
  /** Years whose complete notice has been entered as overrides (e.g. [2027]). */
  coveredYears?: readonly number[];
  /** Start from an empty base (tests, or a deployment that keeps the whole calendar in the DB). */
  withoutBaseData?: boolean;
};

export function buildCalendar(input: TBuildCalendarInput = {}): TCalendar {
  const { overrides = [], coveredYears = [], withoutBaseData = false } = input;
  const holidays = new Set<TCivilDate>(withoutBaseData ? [] : BASE.holidays);
  const workdays = new Set<TCivilDate>(withoutBaseData ? [] : BASE.workdays);
  const seen = new Map<TCivilDate, TCalendarOverrideKind>();
  for (const o of overrides) {
    const date = ZCivilDate.parse(o.date);
    const previous = seen.get(date);
    if (previous && previous !== o.kind) {
      throw new RangeError(`Contradictory calendar overrides for ${date}: ${previous} and ${o.kind}`);
    }
    seen.set(date, o.kind);
    if (o.kind === 'holiday') {
      holidays.add(date);
      workdays.delete(date);
    } else {
      holidays.delete(date);
      // Only a weekend needs to be listed as a workday; a weekday is one once it is no holiday.
      if (isWeekend(date)) workdays.add(date);
    }
  }
  const years = new Set<number>([...(withoutBaseData ? [] : BASE.years), ...coveredYears]);
  const source = withoutBaseData
    ? `overrides only (${overrides.length})`
    : `chinese-days ${BASE.years[0] ?? '?'}–${BASE.years.at(-1) ?? '?'}` +
      (overrides.length ? ` + ${overrides.length} override(s)` : '');
  return { holidays, workdays, coveredYears: years, source };
}

/** The calendar from the bundled data, without overrides. */
export const DEFAULT_CALENDAR: TCalendar = buildCalendar();

/** True for weekends (unless a make-up workday) and statutory holidays / 调休 rest days. */
export function isRestDay(cal: TCalendar, date: TCivilDate): boolean {
  if (cal.workdays.has(date)) return false;
  if (cal.holidays.has(date)) return true;
  return isWeekend(date);
}

export function isYearCovered(cal: TCalendar, year: number): boolean {
  return cal.coveredYears.has(year);
}

/** A full year of rest days cannot happen; guards against a corrupt override table. */
const MAX_SCAN_DAYS = 366;

/** The first working day strictly after `date`. */
export function nextWorkday(cal: TCalendar, date: TCivilDate): TCivilDate {
  let d = date;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    d = addDays(d, 1);
    if (!isRestDay(cal, d)) return d;
  }
  throw new RangeError(`No working day within ${MAX_SCAN_DAYS} days after ${date}: calendar data is corrupt`);
}

/** The last working day strictly before `date` (for advisory lead times). */
export function previousWorkday(cal: TCalendar, date: TCivilDate): TCivilDate {
  let d = date;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    d = addDays(d, -1);
    if (!isRestDay(cal, d)) return d;
  }
  throw new RangeError(`No working day within ${MAX_SCAN_DAYS} days before ${date}: calendar data is corrupt`);
}
