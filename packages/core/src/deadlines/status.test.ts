import { describe, expect, it } from 'vitest';
import { calculateDeadline } from './calculate';
import { DEFAULT_CALENDAR } from './calendar';
import { civilDate } from './civil-date';
import { daysRemaining, deadlineStatus, deadlineStatusAt, hasExpired } from './status';

const d = civilDate;

describe('deadline status', () => {
  it('counts days remaining: 0 on the last day, negative after', () => {
    expect(daysRemaining(d('2025-10-09'), d('2025-10-01'))).toBe(8);
    expect(daysRemaining(d('2025-10-09'), d('2025-10-09'))).toBe(0);
    expect(daysRemaining(d('2025-10-09'), d('2025-10-10'))).toBe(-1);
  });

  it('ok → dueSoon → dueToday → overdue with a configurable window', () => {
    const due = d('2025-10-09');
    expect(deadlineStatus({ due, today: d('2025-10-01') })).toBe('ok');
    expect(deadlineStatus({ due, today: d('2025-10-06') })).toBe('dueSoon');
    expect(deadlineStatus({ due, today: d('2025-10-01'), warnDays: 8 })).toBe('dueSoon');
    expect(deadlineStatus({ due, today: d('2025-10-08'), warnDays: 0 })).toBe('ok');
    expect(deadlineStatus({ due, today: due })).toBe('dueToday');
    expect(deadlineStatus({ due, today: d('2025-10-10') })).toBe('overdue');
    expect(() => deadlineStatus({ due, today: due, warnDays: -1 })).toThrow(RangeError);
  });

  it('PEERS #23287: the whole last day is in time; expiry fires at 24:00 Shanghai, not at 00:00 of the last day', () => {
    const r = calculateDeadline({
      start: d('2025-09-21'),
      amount: 10,
      unit: 'day',
      inCustody: false,
      calendar: DEFAULT_CALENDAR,
    });
    const lastMinute = Date.parse('2025-10-09T23:59:59+08:00');
    const midnight = Date.parse('2025-10-10T00:00:00+08:00');
    expect(hasExpired(r.dueInstant, Date.parse('2025-10-09T00:00:00+08:00'))).toBe(false);
    expect(hasExpired(r.dueInstant, lastMinute)).toBe(false);
    expect(hasExpired(r.dueInstant, midnight)).toBe(true);
    expect(deadlineStatusAt({ dueInstant: r.dueInstant, now: lastMinute })).toBe('dueToday');
    expect(deadlineStatusAt({ dueInstant: r.dueInstant, now: midnight })).toBe('overdue');
    expect(deadlineStatusAt({ dueInstant: r.dueInstant, now: Date.parse('2025-10-07T12:00:00+08:00') })).toBe(
      'dueSoon',
    );
    expect(deadlineStatusAt({ dueInstant: r.dueInstant, now: Date.parse('2025-10-01T12:00:00+08:00') })).toBe('ok');
  });

  it('instants without an offset are refused (they would depend on the host zone)', () => {
    expect(() => hasExpired('2025-10-10T00:00:00', 0)).toThrow(RangeError);
  });
});
