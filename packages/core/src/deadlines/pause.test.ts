/**
 * Time not counted (CPL 149 精神病鉴定, CPL 235 二审检察院阅卷): one implementation for process
 * timers and custody periods. A pause of N days moves a custody period's last day by exactly N
 * days; a non-custody period lands on the first working day on or after that.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startCustodyPeriod, pauseCustody, resumeCustody } from '../custody/custody-periods';
import { calculateDeadline, excludePausedDays } from './calculate';
import { DEFAULT_CALENDAR, isRestDay } from './calendar';
import { addDays, civilDate, diffDays, fromEpochDay, toEpochDay } from './civil-date';

const cal = DEFAULT_CALENDAR;
const arbDate = fc.integer({ min: toEpochDay(civilDate('2010-01-01')), max: toEpochDay(civilDate('2026-06-30')) }).map(fromEpochDay);

describe('excludePausedDays', () => {
  it('CPL 149, 105 ¶2: a pause of N days moves a custody period\'s last day by exactly N days (property)', () => {
    fc.assert(fc.property(arbDate, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 120 }), (start, offset, days) => {
      const base = calculateDeadline({ start, amount: 2, unit: 'month', inCustody: true, calendar: cal });
      const pausedOn = addDays(start, offset);
      const r = excludePausedDays({ previousDue: base.arithmeticDue, pausedOn, resumedOn: addDays(pausedOn, days), article: 'CPL 149', reasonZh: '精神病鉴定', inCustody: true, calendar: cal });
      expect(diffDays(base.due, r.due)).toBe(days);
    }));
  });

  it('CPL 105 ¶2: a non-custody period lands on a working day, never earlier than N days on', () => {
    fc.assert(fc.property(arbDate, fc.integer({ min: 1, max: 90 }), (start, days) => {
      const base = calculateDeadline({ start, amount: 2, unit: 'month', inCustody: false, calendar: cal });
      const r = excludePausedDays({ previousDue: base.arithmeticDue, pausedOn: start, resumedOn: addDays(start, days), article: 'CPL 235', reasonZh: '检察院阅卷', inCustody: false, calendar: cal });
      expect(diffDays(base.arithmeticDue, r.arithmeticDue)).toBe(days);
      expect(isRestDay(cal, r.due)).toBe(false);
    }));
  });

  it('the explanation names both dates, the days and the article', () => {
    const r = excludePausedDays({ previousDue: civilDate('2025-05-10'), pausedOn: civilDate('2025-04-01'), resumedOn: civilDate('2025-04-21'), article: 'CPL 149', reasonZh: '精神病鉴定', inCustody: true, calendar: cal });
    expect(r.due).toBe('2025-05-30');
    expect(r.explanation[0]).toMatchObject({ code: 'PAUSE_EXCLUDED', article: 'CPL 149', date: '2025-04-21' });
    expect(r.explanation[0]!.zh).toContain('精神病鉴定期间（2025-04-01 至 2025-04-21，共 20 日）不计入期限');
    expect(r.explanation.some((s) => s.code === 'START_EXCLUDED')).toBe(false);
  });
});

describe('custody periods that pause (CPL 149)', () => {
  it('acceptance: a 20-day 精神病鉴定 moves the 侦查羁押 last day by exactly 20 days; only a custody period pauses, once', () => {
    const d = startCustodyPeriod({ kind: 'investigative', start: civilDate('2025-03-02'), calendar: cal });
    expect(d.due).toBe('2025-05-02');
    const p = pauseCustody({ ...d, pausedOn: null }, civilDate('2025-03-20'), '精神病鉴定');
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(pauseCustody({ ...p.deadline, pausedOn: civilDate('2025-03-20') }, civilDate('2025-03-21'), '再次')).toMatchObject({ ok: false, reason: 'already_paused' });
    const r = resumeCustody({ ...p.deadline, pausedOn: civilDate('2025-03-20') }, civilDate('2025-04-09'), '精神病鉴定', cal);
    expect(r).toMatchObject({ ok: true, deadline: { due: '2025-05-22' } });
    const bail = startCustodyPeriod({ kind: 'bail', start: civilDate('2025-03-02'), calendar: cal });
    expect(pauseCustody({ ...bail, pausedOn: null }, civilDate('2025-03-20'), '鉴定')).toMatchObject({ ok: false, reason: 'not_custody' });
  });
});
