/** Property tests (fast-check) for CPL 105 arithmetic over the real calendar data. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths, calculateDeadline, daysMoved, type TPeriodUnit } from './calculate';
import { DEFAULT_CALENDAR, isRestDay } from './calendar';
import { addDays, civilDate, compareCivilDates, fromEpochDay, toEpochDay, type TCivilDate } from './civil-date';

const cal = DEFAULT_CALENDAR;
const FROM = toEpochDay(civilDate('2004-01-01'));
const TO = toEpochDay(civilDate('2028-12-31'));
const arbDate = fc.integer({ min: FROM, max: TO }).map(fromEpochDay);
const arbUnit = fc.constantFrom<Exclude<TPeriodUnit, 'hour'>>('day', 'month');
const arbAmount = (unit: 'day' | 'month') =>
  unit === 'day' ? fc.integer({ min: 1, max: 60 }) : fc.integer({ min: 1, max: 24 }).map((n) => n / 2);
const arbPeriod = arbUnit.chain((unit) => fc.record({ unit: fc.constant(unit), amount: arbAmount(unit) }));
const arbInput = fc.record({ start: arbDate, period: arbPeriod, inCustody: fc.boolean() });

/** Longest run of consecutive rest days in the data (the 2020 extended Spring Festival: 10 days). */
function longestRestRun(): number {
  let best = 0;
  let run = 0;
  for (let n = FROM; n <= TO + 60; n++) {
    run = isRestDay(cal, fromEpochDay(n)) ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}
const LONGEST_RUN = longestRestRun();

const calc = (start: TCivilDate, p: { unit: 'day' | 'month'; amount: number }, inCustody: boolean) =>
  calculateDeadline({ start, amount: p.amount, unit: p.unit, inCustody, calendar: cal });

describe('CPL 105 properties', () => {
  it('the longest rest run in the data is 10 days (2020 Spring Festival extension)', () => {
    expect(LONGEST_RUN).toBe(10);
  });

  it('CPL 105: the due date is after the start for any period of at least one unit', () => {
    fc.assert(
      fc.property(arbInput, ({ start, period, inCustody }) => {
        expect(compareCivilDates(calc(start, period, inCustody).due, start)).toBe(1);
      }),
    );
  });

  it('CPL 105: a non-custody due date is never a rest day', () => {
    fc.assert(
      fc.property(arbDate, arbPeriod, (start, period) => {
        expect(isRestDay(cal, calc(start, period, false).due)).toBe(false);
      }),
    );
  });

  it('CPL 105 (在押期间): a custody due date equals the pure arithmetic', () => {
    fc.assert(
      fc.property(arbDate, arbPeriod, (start, period) => {
        const r = calc(start, period, true);
        expect(r.due).toBe(r.arithmeticDue);
        const expected =
          period.unit === 'day'
            ? addDays(start, period.amount)
            : Number.isInteger(period.amount)
              ? addMonths(start, period.amount).date
              : addDays(period.amount >= 1 ? addMonths(start, Math.floor(period.amount)).date : start, 15);
        expect(r.due).toBe(expected);
      }),
    );
  });

  it('CPL 105: a holiday move never exceeds the longest rest run and lands on the first workday', () => {
    fc.assert(
      fc.property(arbDate, arbPeriod, (start, period) => {
        const r = calc(start, period, false);
        const moved = daysMoved(r);
        expect(moved).toBeGreaterThanOrEqual(0);
        expect(moved).toBeLessThanOrEqual(LONGEST_RUN);
        for (let i = 0; i < moved; i++) expect(isRestDay(cal, addDays(r.arithmeticDue, i))).toBe(true);
      }),
    );
  });

  it('SPC months: month addition (with or without the holiday rule) is monotonic in the start date', () => {
    fc.assert(
      fc.property(arbDate, fc.integer({ min: 0, max: 40 }), arbPeriod, fc.boolean(), (a, gap, period, inCustody) => {
        const b = addDays(a, gap);
        expect(compareCivilDates(calc(a, period, inCustody).due, calc(b, period, inCustody).due)).toBeLessThanOrEqual(
          0,
        );
        expect(compareCivilDates(addMonths(a, 1).date, addMonths(b, 1).date)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('SPC months: n months then m months from the end composes when no month end is involved (start day ≤ 27)', () => {
    fc.assert(
      fc.property(arbDate, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (start, n, m) => {
        fc.pre(Number(start.slice(8)) <= 27);
        expect(addMonths(addMonths(start, n).date, m).date).toBe(addMonths(start, n + m).date);
      }),
    );
  });

  it('CPL 105: an hour period expires exactly amount + (next full hour) hours after the start', () => {
    fc.assert(
      fc.property(
        arbDate,
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 1, max: 96 }),
        (start, h, m, amount) => {
          const startTime = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
          const r = calculateDeadline({ start, startTime, amount, unit: 'hour', inCustody: true, calendar: cal });
          const startMs = Date.parse(`${start}T${startTime}:00+08:00`);
          const nextHourMs = Date.parse(`${start}T${String(h).padStart(2, '0')}:00:00+08:00`) + 3_600_000;
          expect(Date.parse(r.dueInstant)).toBe(nextHourMs + amount * 3_600_000);
          expect(Date.parse(r.dueInstant)).toBeGreaterThan(startMs);
        },
      ),
    );
  });
});

describe('host time zone independence', () => {
  const originalTz = process.env.TZ;
  afterAll(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('gives identical results under UTC, Asia/Shanghai, America/New_York and Pacific/Kiritimati', () => {
    const samples = fc.sample(fc.tuple(arbInput, fc.integer({ min: 0, max: 23 })), { numRuns: 300, seed: 42 });
    const run = () =>
      samples.map(([{ start, period, inCustody }, h]) => [
        calc(start, period, inCustody),
        calculateDeadline({
          start,
          startTime: `${String(h).padStart(2, '0')}:30`,
          amount: 24,
          unit: 'hour',
          inCustody,
          calendar: cal,
        }),
      ]);
    const zones = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Pacific/Kiritimati'];
    const localHours = new Set<number>();
    const results = zones.map((tz) => {
      process.env.TZ = tz;
      localHours.add(new Date(0).getHours()); // proves the switch took effect in this runtime
      return JSON.stringify(run());
    });
    expect(localHours.size).toBe(zones.length);
    expect(new Set(results).size).toBe(1);
  });

  it('source files use no local-time Date getters, no Date construction and no node: imports', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThanOrEqual(6);
    for (const f of sources) {
      const text = readFileSync(dir + f, 'utf8');
      expect(text, f).not.toMatch(
        /new Date\(|Date\.now\(|\.get(FullYear|Month|Date|Day|Hours|Minutes|Seconds|TimezoneOffset)\(|\.set(FullYear|Month|Date|Hours)\(|toLocale/,
      );
      expect(text, f).not.toMatch(/from ['"]node:/);
    }
  });
});
