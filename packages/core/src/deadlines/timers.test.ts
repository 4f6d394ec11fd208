import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from './calendar';
import { civilDate } from './civil-date';
import { calculateTimerDeadline, getTimer, isCustodyPeriod, STATUTORY_TIMERS } from './timers';

const d = civilDate;
const cal = DEFAULT_CALENDAR;

describe('statutory timer table', () => {
  it('has unique ids and well-formed rows', () => {
    const ids = STATUTORY_TIMERS.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of STATUTORY_TIMERS) {
      expect(t.amount).toBeGreaterThan(0);
      expect(t.article).not.toBe('');
      expect(['statute', 'secondary']).toContain(t.source);
      for (const e of t.extensions) expect(e.amount).toBeGreaterThan(0);
    }
  });

  it('pins the cheat-sheet values', () => {
    const v = (id: Parameters<typeof getTimer>[0]) => {
      const t = getTimer(id);
      return `${t.amount}${t.unit[0]}`;
    };
    expect(v('ARREST_REVIEW_DETAINED')).toBe('7d');
    expect(v('ARREST_REVIEW_NOT_DETAINED')).toBe('15d');
    expect(v('DETENTION_TO_ARREST_REQUEST')).toBe('3d');
    expect(v('DETENTION_TO_ARREST_REQUEST_EXTENDED')).toBe('7d');
    expect(v('DETENTION_TO_ARREST_REQUEST_GANG')).toBe('30d');
    expect(v('INVESTIGATIVE_CUSTODY')).toBe('2m');
    expect(getTimer('INVESTIGATIVE_CUSTODY').extensions.map((e) => `${e.amount}${e.unit[0]} ${e.article}`)).toEqual([
      '1m CPL 156',
      '2m CPL 158',
      '2m CPL 159',
    ]);
    expect(v('PROSECUTION_REVIEW')).toBe('1m');
    expect(v('PROSECUTION_REVIEW_FAST_TRACK')).toBe('10d');
    expect(v('SUPPLEMENTARY_INVESTIGATION')).toBe('1m');
    expect(v('TRIAL_ORDINARY')).toBe('2m');
    expect(v('TRIAL_SIMPLIFIED')).toBe('20d');
    expect(v('TRIAL_SIMPLIFIED_OVER_3Y')).toBe('1.5m');
    expect(v('TRIAL_SUMMARY')).toBe('10d');
    expect(v('APPEAL_WINDOW_JUDGMENT')).toBe('10d');
    expect(v('APPEAL_WINDOW_RULING')).toBe('5d');
    expect(v('EXECUTION_DOCS')).toBe('10d');
    expect(v('PRISON_DELIVERY')).toBe('1m');
    expect(v('MEASURE_CHANGE_APPLICATION')).toBe('3d');
    expect(v('BAIL')).toBe('12m');
    expect(v('RESIDENTIAL_SURVEILLANCE')).toBe('6m');
    expect(v('LAWYER_MEETING')).toBe('48h');
    expect(v('EXTENSION_REQUEST_LEAD')).toBe('7d');
    expect(getTimer('COURT_ACCEPTANCE_REVIEW').source).toBe('secondary');
    expect(getTimer('FILING_SUPERVISION_EXPLANATION').source).toBe('secondary');
  });

  it('CPL 105: detention and investigative custody are always custody periods; appeal windows and bail never', () => {
    expect(isCustodyPeriod(getTimer('DETENTION_TO_ARREST_REQUEST'), false)).toBe(true);
    expect(isCustodyPeriod(getTimer('INVESTIGATIVE_CUSTODY'), false)).toBe(true);
    expect(isCustodyPeriod(getTimer('APPEAL_WINDOW_JUDGMENT'), true)).toBe(false);
    expect(isCustodyPeriod(getTimer('BAIL'), true)).toBe(false);
    expect(isCustodyPeriod(getTimer('PROSECUTION_REVIEW'), true)).toBe(true);
    expect(isCustodyPeriod(getTimer('PROSECUTION_REVIEW'), false)).toBe(false);
  });

  it('CPL 156/158/159: investigative custody with all extensions reaches 7 months from arrest', () => {
    const r = calculateTimerDeadline({
      timerId: 'INVESTIGATIVE_CUSTODY',
      start: d('2025-03-10'),
      personHeld: true,
      calendar: cal,
      extensionsApproved: 3,
    });
    expect(r.due).toBe('2025-10-10');
    expect(r.explanation.filter((s) => s.code === 'EXTENSION').map((s) => s.article)).toEqual([
      'CPL 156',
      'CPL 158',
      'CPL 159',
    ]);
    expect(r.explanation.filter((s) => s.code === 'END_OF_DAY')).toHaveLength(1);
    expect(() =>
      calculateTimerDeadline({
        timerId: 'INVESTIGATIVE_CUSTODY',
        start: d('2025-03-10'),
        personHeld: true,
        calendar: cal,
        extensionsApproved: 4,
      }),
    ).toThrow(RangeError);
  });

  it('CPL 156: an extension is chained from the legal expiry, also after a clamped month end (open question: cumulative would give 03-30)', () => {
    const r = calculateTimerDeadline({
      timerId: 'INVESTIGATIVE_CUSTODY',
      start: d('2024-12-30'),
      personHeld: true,
      calendar: cal,
      extensionsApproved: 1,
    });
    expect(r.explanation.find((s) => s.code === 'MONTH_END_CLAMP')?.date).toBe('2025-02-28');
    expect(r.due).toBe('2025-03-31');
  });

  it('CPL 105 + CPL 172: prosecution review of a held suspect ends on a holiday; of a free suspect it moves', () => {
    const held = calculateTimerDeadline({
      timerId: 'PROSECUTION_REVIEW',
      start: d('2025-09-01'),
      personHeld: true,
      calendar: cal,
    });
    const free = calculateTimerDeadline({
      timerId: 'PROSECUTION_REVIEW',
      start: d('2025-09-01'),
      personHeld: false,
      calendar: cal,
    });
    expect(held.due).toBe('2025-10-01');
    expect(free.due).toBe('2025-10-09');
    // +15 days runs on from the legal expiry
    const ext = calculateTimerDeadline({
      timerId: 'PROSECUTION_REVIEW',
      start: d('2025-09-01'),
      personHeld: false,
      calendar: cal,
      extensionsApproved: 1,
    });
    expect(ext.due).toBe('2025-10-24');
  });

  it('CPL 230: the appeal window counts from the day after receipt and moves past holidays even for a detained defendant', () => {
    const r = calculateTimerDeadline({
      timerId: 'APPEAL_WINDOW_JUDGMENT',
      start: d('2025-09-21'),
      personHeld: true,
      calendar: cal,
    });
    expect(r.arithmeticDue).toBe('2025-10-01');
    expect(r.due).toBe('2025-10-09');
  });

  it('CPL 39: lawyer meeting within 48 hours', () => {
    const r = calculateTimerDeadline({
      timerId: 'LAWYER_MEETING',
      start: d('2025-09-30'),
      startTime: '16:45',
      personHeld: true,
      calendar: cal,
    });
    expect(r.dueInstant).toBe('2025-10-02T17:00:00+08:00');
  });

  it('lead-time timers are refused by calculateTimerDeadline', () => {
    expect(() =>
      calculateTimerDeadline({
        timerId: 'EXTENSION_REQUEST_LEAD',
        start: d('2025-03-10'),
        personHeld: true,
        calendar: cal,
      }),
    ).toThrow(/lead time/);
  });
});
