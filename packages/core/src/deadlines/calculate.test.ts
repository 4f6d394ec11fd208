import { describe, expect, it } from 'vitest';
import {
  addMonths,
  calculateDeadline,
  calculateLeadDate,
  deadlineEndInstant,
  extendDeadline,
  type TCalculateDeadlineInput,
} from './calculate';
import { buildCalendar, DEFAULT_CALENDAR } from './calendar';
import { civilDate, type TCivilDate } from './civil-date';

const d = civilDate;
const cal = DEFAULT_CALENDAR;
const days = (start: string, amount: number, inCustody = false) =>
  calculateDeadline({ start: d(start), amount, unit: 'day', inCustody, calendar: cal });
const months = (start: string, amount: number, inCustody = true, calendar = cal) =>
  calculateDeadline({ start: d(start), amount, unit: 'month', inCustody, calendar });
const codes = (r: { explanation: { code: string }[] }) => r.explanation.map((s) => s.code);

describe('day periods', () => {
  it('CPL 105: the start day is not counted (receipt on the 1st + 10 days ends on the 11th)', () => {
    const r = days('2025-03-03', 10);
    expect(r.due).toBe('2025-03-13');
    expect(codes(r)).toEqual(['START_EXCLUDED', 'ADD_DAYS', 'LAST_DAY_WORKDAY', 'END_OF_DAY']);
    expect(r.explanation[0]).toMatchObject({ article: 'CPL 105' });
    expect(r.explanation[0]!.zh).toContain('2025-03-04 起算');
  });

  it('CPL 105: a day-count period whose last day is a holiday ends on the next workday (2025 National Day + Mid-Autumn)', () => {
    const r = days('2025-09-21', 10);
    expect(r.arithmeticDue).toBe('2025-10-01');
    expect(r.due).toBe('2025-10-09');
    expect(r.dueInstant).toBe('2025-10-10T00:00:00+08:00');
    expect(codes(r)).toContain('HOLIDAY_MOVE');
    // Mid-Autumn day itself (10-06) inside the run also moves to 10-09
    expect(days('2025-09-26', 10).due).toBe('2025-10-09');
  });

  it('CPL 105: a last day in the 2025 Spring Festival holiday moves to 2025-02-05', () => {
    const r = days('2025-01-20', 10);
    expect(r.arithmeticDue).toBe('2025-01-30');
    expect(r.due).toBe('2025-02-05');
  });

  it('CPL 105: a last day on an ordinary weekend moves to Monday', () => {
    expect(days('2025-03-05', 10).due).toBe('2025-03-17'); // Sat 03-15 → Mon 03-17
  });

  it('CPL 105 / State Council notice: a 调休 make-up Saturday is a working day, so no move (2025-10-11, 2025-02-08)', () => {
    const r = days('2025-10-01', 10);
    expect(r.due).toBe('2025-10-11');
    expect(codes(r)).toContain('LAST_DAY_WORKDAY');
    expect(days('2025-01-29', 10).due).toBe('2025-02-08');
    expect(days('2025-09-23', 5).due).toBe('2025-09-28'); // make-up Sunday
  });

  it('CPL 105 (在押期间): a custody period ending on a holiday is NOT moved', () => {
    const r = days('2025-09-21', 10, true);
    expect(r.due).toBe('2025-10-01');
    expect(r.dueInstant).toBe('2025-10-02T00:00:00+08:00');
    expect(codes(r)).toContain('CUSTODY_NO_MOVE');
    expect(codes(r)).not.toContain('HOLIDAY_MOVE');
  });

  it('CPL 105 (在押期间): a 7-day detained arrest review ending in Spring Festival ends on the holiday', () => {
    expect(days('2026-02-10', 7, true).due).toBe('2026-02-17');
    expect(days('2026-02-10', 7, false).due).toBe('2026-02-24');
  });

  it('CPL 91 ¶3, 202 ¶2 (立即): a 0-day period is due the day of the event itself, even on a holiday', () => {
    const r = days('2025-10-01', 0, false);
    expect(r.due).toBe('2025-10-01');
    expect(r.dueInstant).toBe('2025-10-02T00:00:00+08:00');
  });

  it('rejects negative or fractional day amounts', () => {
    expect(() => days('2025-03-03', 1.5)).toThrow(RangeError);
    expect(() => days('2025-03-03', -1)).toThrow(RangeError);
  });
});

describe('month periods (SPC interpretation, 以月计算的期限)', () => {
  it('SPC months: from a day of one month to the same day of the next month', () => {
    const r = months('2025-03-15', 1);
    expect(r.due).toBe('2025-04-15');
    expect(r.explanation.find((s) => s.code === 'ADD_MONTHS')!.article).toBe('高法解释·以月计算的期限');
    expect(months('2025-11-15', 2).due).toBe('2026-01-15');
  });

  it('SPC months: Jan 31 + 1 month ends on the last day of February (28 or 29)', () => {
    expect(months('2025-01-31', 1).due).toBe('2025-02-28');
    expect(months('2024-01-31', 1).due).toBe('2024-02-29');
    expect(codes(months('2025-01-31', 1))).toContain('START_MONTH_END');
  });

  it('SPC months: target month lacks the day → its last day (Jan 30 + 1 month = Feb 28)', () => {
    const r = months('2025-01-30', 1);
    expect(r.due).toBe('2025-02-28');
    expect(codes(r)).toContain('MONTH_END_CLAMP');
    expect(months('2025-03-31', 6).due).toBe('2025-09-30');
  });

  it('SPC months: a start on the last day of its month ends on the last day of the target month (Feb 28 → Mar 31, Apr 30 → May 31)', () => {
    expect(months('2025-02-28', 1).due).toBe('2025-03-31');
    expect(months('2025-04-30', 1).due).toBe('2025-05-31');
    expect(months('2024-02-29', 1).due).toBe('2024-03-31');
    // Feb 28 in a leap year is not the month end
    expect(months('2024-02-28', 1).due).toBe('2024-03-28');
  });

  it('SPC months: half a month is always 15 days (0.5 and 1.5 months)', () => {
    const r = months('2025-02-10', 0.5);
    expect(r.due).toBe('2025-02-25');
    expect(codes(r)).toContain('HALF_MONTH');
    expect(months('2025-01-31', 1.5).due).toBe('2025-03-15'); // Feb 28 + 15 days
    expect(() => months('2025-02-10', 0.3)).toThrow(RangeError);
  });

  it('CPL 105: a non-custody month period ending on a holiday moves (2025-09-01 + 1 month → 10-09)', () => {
    expect(months('2025-09-01', 1, false).due).toBe('2025-10-09');
    expect(months('2025-09-01', 1, true).due).toBe('2025-10-01');
  });

  it('addMonths crosses years and reports the rule', () => {
    expect(addMonths(d('2025-12-31'), 2)).toEqual({ date: '2026-02-28', rule: 'START_MONTH_END' });
    expect(addMonths(d('2025-11-29'), 3)).toEqual({ date: '2026-02-28', rule: 'MONTH_END_CLAMP' });
    expect(addMonths(d('2025-11-15'), 14)).toEqual({ date: '2027-01-15', rule: 'SAME_DAY' });
  });
});

describe('hour periods', () => {
  const hours = (start: string, startTime: string, amount: number) =>
    calculateDeadline({ start: d(start), startTime, amount, unit: 'hour', inCustody: true, calendar: cal });

  it('CPL 105: the starting hour is not counted (09:30 + 24 h expires at 10:00 next day)', () => {
    const r = hours('2025-03-01', '09:30', 24);
    expect(r.dueInstant).toBe('2025-03-02T10:00:00+08:00');
    expect(r.due).toBe('2025-03-02');
    expect(codes(r)).toEqual(['START_HOUR_EXCLUDED', 'ADD_HOURS', 'HOURS_NO_MOVE']);
  });

  it('CPL 105: an hour period ending at 00:00 belongs to the previous day; holidays do not move it', () => {
    const r = hours('2025-09-29', '23:10', 48);
    expect(r.dueInstant).toBe('2025-10-02T00:00:00+08:00');
    expect(r.due).toBe('2025-10-01');
  });

  it('CPL 85 ¶2: 24 hours read from the exact time entered when configured (09:30 → 09:30 next day)', () => {
    const r = calculateDeadline({ start: d('2025-03-01'), startTime: '09:30', amount: 24, unit: 'hour', inCustody: true, calendar: cal, hourReading: 'exact' });
    expect(r.dueInstant).toBe('2025-03-02T09:30:00+08:00');
    expect(r.due).toBe('2025-03-02');
    // the default reading skips the starting hour (CPL 105 ¶1)
    expect(hours('2025-03-01', '09:30', 24).dueInstant).toBe('2025-03-02T10:00:00+08:00');
    // 23:30 + 24 h exact ends 23:30 the next day; 00:00 + 24 h ends at 24:00 of the same day
    expect(calculateDeadline({ start: d('2025-03-01'), startTime: '00:00', amount: 24, unit: 'hour', inCustody: true, calendar: cal, hourReading: 'exact' }).due).toBe('2025-03-01');
  });

  it('hour periods need a start time', () => {
    expect(() =>
      calculateDeadline({ start: d('2025-03-01'), amount: 24, unit: 'hour', inCustody: true, calendar: cal }),
    ).toThrow(/startTime/);
    expect(() => hours('2025-03-01', '24:00', 24)).toThrow(RangeError);
  });
});

describe('end instant, extensions, lead times, unknown years', () => {
  it('PEERS #17583/#23287: the period ends at 24:00 of the due date = next day 00:00 +08:00', () => {
    expect(deadlineEndInstant(d('2025-12-31'))).toBe('2026-01-01T00:00:00+08:00');
  });

  it('CPL 156: a 1-month extension runs on from the previous expiry (arrest 01-30 → 03-30 → 04-30)', () => {
    const base = months('2025-01-30', 2);
    expect(base.due).toBe('2025-03-30');
    const ext = extendDeadline({
      previousDue: base.due,
      amount: 1,
      unit: 'month',
      inCustody: true,
      calendar: cal,
      article: 'CPL 156',
    });
    expect(ext.due).toBe('2025-04-30');
    expect(ext.explanation[0]).toMatchObject({ code: 'EXTENSION', article: 'CPL 156' });
  });

  it('程序规定 148–150 (sec.): a request ≥7 days before expiry; a rest-day lead date suggests the prior workday', () => {
    const r = calculateLeadDate({ expiry: d('2025-10-15'), days: 7, calendar: cal, article: '程序规定 148–150' });
    expect(r.due).toBe('2025-10-08');
    expect(r.latestWorkday).toBe('2025-09-30');
    expect(codes(r)).toEqual(['LEAD_BEFORE_EXPIRY', 'LEAD_ON_REST_DAY']);
  });

  it('a year without holiday data falls back to weekends and says so', () => {
    const r = days('2027-09-21', 10); // 2027-10-01 is a Friday; no 2027 data
    expect(r.due).toBe('2027-10-01');
    expect(r.calendarComplete).toBe(false);
    expect(codes(r)).toContain('CALENDAR_UNKNOWN_YEAR');
    // custody deadlines do not depend on the calendar, so they are not flagged
    expect(days('2027-09-21', 10, true).calendarComplete).toBe(true);
  });

  it('a 2027 override table makes the year known', () => {
    const c = buildCalendar({
      overrides: [1, 2, 3, 4, 5, 6, 7].map((n) => ({
        date: d(`2027-10-0${n}`),
        kind: 'holiday' as const,
        note: 'test 2027 国庆',
      })),
      coveredYears: [2027],
    });
    const input: TCalculateDeadlineInput = {
      start: d('2027-09-21'),
      amount: 10,
      unit: 'day',
      inCustody: false,
      calendar: c,
    };
    const r = calculateDeadline(input);
    expect(r.due).toBe('2027-10-08');
    expect(r.calendarComplete).toBe(true);
  });

  it('a move across New Year into an unknown year is flagged', () => {
    const r = days('2026-12-21', 10); // 12-31 Thu is a workday
    expect(r.due).toBe('2026-12-31');
    const s = days('2026-12-16', 10); // 12-26 Sat → 12-28 Mon
    expect(s.due).toBe('2026-12-28');
    const moved = calculateDeadline({
      start: d('2027-01-01') as TCivilDate,
      amount: 1,
      unit: 'day',
      inCustody: false,
      calendar: cal,
    });
    expect(moved.calendarComplete).toBe(false);
  });
});
