import { describe, expect, it } from 'vitest';
import {
  BASE_CALENDAR_YEARS,
  buildCalendar,
  DEFAULT_CALENDAR,
  isRestDay,
  isYearCovered,
  nextWorkday,
  previousWorkday,
} from './calendar';
import { civilDate } from './civil-date';

const cal = DEFAULT_CALENDAR;
const d = civilDate;

describe('holiday calendar (State Council notices via chinese-days)', () => {
  it('covers 2004–2026 and nothing else', () => {
    expect(BASE_CALENDAR_YEARS[0]).toBe(2004);
    expect(BASE_CALENDAR_YEARS.at(-1)).toBe(2026);
    expect(BASE_CALENDAR_YEARS).toHaveLength(23);
    expect(isYearCovered(cal, 2025)).toBe(true);
    expect(isYearCovered(cal, 2027)).toBe(false);
  });

  it('2025 National Day + Mid-Autumn: 10-01..10-08 rest, 09-28 (Sun) and 10-11 (Sat) are make-up workdays', () => {
    for (let day = 1; day <= 8; day++) expect(isRestDay(cal, d(`2025-10-0${day}`))).toBe(true);
    expect(isRestDay(cal, d('2025-10-09'))).toBe(false);
    expect(isRestDay(cal, d('2025-09-28'))).toBe(false);
    expect(isRestDay(cal, d('2025-10-11'))).toBe(false);
    expect(isRestDay(cal, d('2025-10-12'))).toBe(true); // ordinary Sunday
  });

  it('2025 Spring Festival: 01-28..02-04 rest, 01-26 (Sun) and 02-08 (Sat) are make-up workdays', () => {
    expect(isRestDay(cal, d('2025-01-28'))).toBe(true);
    expect(isRestDay(cal, d('2025-02-04'))).toBe(true);
    expect(isRestDay(cal, d('2025-02-05'))).toBe(false);
    expect(isRestDay(cal, d('2025-01-26'))).toBe(false);
    expect(isRestDay(cal, d('2025-02-08'))).toBe(false);
  });

  it('2026 notice is in the data (Spring Festival 02-15..02-23; 02-14 and 02-28 make-up Saturdays)', () => {
    expect(isRestDay(cal, d('2026-02-15'))).toBe(true);
    expect(isRestDay(cal, d('2026-02-23'))).toBe(true);
    expect(isRestDay(cal, d('2026-02-14'))).toBe(false);
    expect(isRestDay(cal, d('2026-02-28'))).toBe(false);
    expect(isRestDay(cal, d('2026-10-10'))).toBe(false);
  });

  it('nextWorkday skips a whole holiday run and is strictly after the date', () => {
    expect(nextWorkday(cal, d('2025-10-01'))).toBe('2025-10-09');
    expect(nextWorkday(cal, d('2025-09-26'))).toBe('2025-09-28'); // Fri → make-up Sunday
    expect(nextWorkday(cal, d('2025-10-09'))).toBe('2025-10-10');
    expect(previousWorkday(cal, d('2025-10-08'))).toBe('2025-09-30');
  });

  it('overrides: a new year can be added and declared covered; a date can be corrected', () => {
    const c = buildCalendar({
      overrides: [
        { date: d('2027-01-01'), kind: 'holiday', note: '2027 元旦 (test data)' },
        { date: d('2027-01-02'), kind: 'workday', note: 'test: make-up Saturday' },
        { date: d('2025-10-08'), kind: 'workday', note: 'test correction' },
      ],
      coveredYears: [2027],
    });
    expect(isRestDay(c, d('2027-01-01'))).toBe(true);
    expect(isRestDay(c, d('2027-01-02'))).toBe(false);
    expect(isRestDay(c, d('2025-10-08'))).toBe(false);
    expect(isYearCovered(c, 2027)).toBe(true);
    expect(c.source).toContain('3 override(s)');
    // the default calendar is not mutated
    expect(isRestDay(cal, d('2025-10-08'))).toBe(true);
  });

  it('a holiday override on a make-up workday turns it back into a rest day', () => {
    const c = buildCalendar({ overrides: [{ date: d('2025-10-11'), kind: 'holiday', note: 'test' }] });
    expect(isRestDay(c, d('2025-10-11'))).toBe(true);
  });

  it('rejects contradictory overrides for one date', () => {
    expect(() =>
      buildCalendar({
        overrides: [
          { date: d('2027-01-01'), kind: 'holiday', note: 'a' },
          { date: d('2027-01-01'), kind: 'workday', note: 'b' },
        ],
      }),
    ).toThrow(/Contradictory/);
  });

  it('outside the data only weekends are rest days', () => {
    expect(isRestDay(cal, d('2027-10-01'))).toBe(false); // a Friday; 2027 notice not in the data
    expect(isRestDay(cal, d('2027-10-02'))).toBe(true);
  });
});
