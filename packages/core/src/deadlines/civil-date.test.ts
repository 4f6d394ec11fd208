import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  civilDate,
  civilDateInShanghai,
  diffDays,
  fromEpochDay,
  isCivilDate,
  isLastDayOfMonth,
  toEpochDay,
  weekday,
  ZCivilDate,
} from './civil-date';

describe('civil dates', () => {
  it('validates YYYY-MM-DD including leap days', () => {
    expect(isCivilDate('2024-02-29')).toBe(true);
    expect(isCivilDate('2025-02-29')).toBe(false);
    expect(isCivilDate('1900-02-29')).toBe(false);
    expect(isCivilDate('2000-02-29')).toBe(true);
    expect(isCivilDate('2025-13-01')).toBe(false);
    expect(isCivilDate('2025-1-01')).toBe(false);
    expect(isCivilDate('2025-01-01T00:00')).toBe(false);
    expect(() => civilDate('2025-04-31')).toThrow(RangeError);
    expect(ZCivilDate.safeParse('2025-04-30').success).toBe(true);
    expect(ZCivilDate.safeParse('2025-04-31').success).toBe(false);
  });

  it('epoch-day arithmetic matches known dates', () => {
    expect(toEpochDay(civilDate('1970-01-01'))).toBe(0);
    expect(toEpochDay(civilDate('2000-03-01'))).toBe(11017);
    expect(fromEpochDay(20089)).toBe('2025-01-01');
    expect(weekday(civilDate('2025-10-01'))).toBe(3); // Wednesday
    expect(weekday(civilDate('2025-09-28'))).toBe(0); // Sunday
    expect(addDays(civilDate('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(civilDate('2025-12-31'), 1)).toBe('2026-01-01');
    expect(diffDays(civilDate('2025-01-01'), civilDate('2026-01-01'))).toBe(365);
    expect(isLastDayOfMonth(civilDate('2024-02-29'))).toBe(true);
    expect(isLastDayOfMonth(civilDate('2025-02-28'))).toBe(true);
    expect(isLastDayOfMonth(civilDate('2024-02-28'))).toBe(false);
  });

  it('epoch-day conversion round-trips and agrees with UTC Date (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -300_000, max: 2_900_000 }), (n) => {
        const d = fromEpochDay(n);
        expect(toEpochDay(d)).toBe(n);
        expect(d).toBe(new Date(n * 86_400_000).toISOString().slice(0, 10));
      }),
    );
  });

  it('the Shanghai date of an instant is UTC+8 regardless of the host zone', () => {
    expect(civilDateInShanghai(Date.parse('2025-09-30T15:59:59Z'))).toBe('2025-09-30');
    expect(civilDateInShanghai(Date.parse('2025-09-30T16:00:00Z'))).toBe('2025-10-01');
  });
});
