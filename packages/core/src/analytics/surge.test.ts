import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { seededRandom } from '../cases';
import { evaluateSurge, lastCompletePeriod, periodBounds, periodOf } from './surge';

/** Poisson draw (Knuth for small means, normal approximation above 60), from a seeded stream. */
function poisson(rand: () => number, mean: number): number {
  if (mean > 60) {
    const u = Math.max(rand(), 1e-12), v = rand();
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)));
  }
  const l = Math.exp(-mean);
  let k = 0, p = 1;
  do { k++; p *= rand(); } while (p > l);
  return k - 1;
}

const HISTORY = 12;
const series = (rand: () => number, mean: number, weeks: number, surgeAt = Infinity, factor = 1) =>
  Array.from({ length: weeks }, (_, t) => poisson(rand, t >= surgeAt ? mean * factor : mean));

describe('surge alerts: CUSUM control chart on weekly counts', () => {
  // planted surges: ×4 on 3 a week, ×2.5 on 8, ×2 on 20 and 60 (the pilot's 醉驾 surge roughly doubled)
  const SURGES: [number, number][] = [[3, 4], [8, 2.5], [20, 2], [60, 2]];

  it('a planted surge is detected within two periods of its start (start period or the next) in at least 90% of runs, at every volume', () => {
    for (const [mean, factor] of SURGES) {
      let inTime = 0;
      const runs = 100;
      for (let seed = 1; seed <= runs; seed++) {
        const rand = seededRandom(seed * 7919 + mean);
        const surgeAt = HISTORY + 10;
        const points = evaluateSurge(series(rand, mean, surgeAt + 4, surgeAt, factor));
        // detected: the chart signals (a new alert, or one standing since a chance alarm just before)
        const first = points.findIndex((p) => p.signal && p.index >= surgeAt);
        if (first >= 0 && first - surgeAt <= 1) inTime++;
      }
      expect({ mean, factor, detectedInTime: inTime / runs >= 0.9 }).toEqual({ mean, factor, detectedInTime: true });
    }
  });

  it('a doubling of 20 cases a week is detected in its first or second week (fixed seed)', () => {
    const counts = series(seededRandom(2026), 20, 26, 22, 2);
    const alerts = evaluateSurge(counts).filter((p) => p.alert).map((p) => p.index);
    expect(alerts.length).toBe(1);
    expect([22, 23]).toContain(alerts[0]);
  });

  it('on stationary series of the same volumes, at most one false alarm per charge-region per year', () => {
    for (const [mean] of SURGES) {
      let alerts = 0, worst = 0;
      const years = 200;
      for (let seed = 1; seed <= years; seed++) {
        const rand = seededRandom(seed * 104729 + mean);
        const n = evaluateSurge(series(rand, mean, HISTORY + 52)).slice(HISTORY).filter((p) => p.alert).length;
        alerts += n;
        worst = Math.max(worst, n);
      }
      // no simulated year of any series has more than one alarm; the mean rate is far below one
      expect({ mean, worst }).toEqual({ mean, worst: expect.toBeOneOf([0, 1]) });
      expect(alerts / years).toBeLessThanOrEqual(0.2);
    }
  });

  it('one surge episode is one alert, however many weeks it lasts', () => {
    const counts = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 30, 30, 30, 30, 30];
    const points = evaluateSurge(counts);
    expect(points.filter((p) => p.alert).map((p) => p.index)).toEqual([10]);
    expect(points[10]).toMatchObject({ observed: 30, expected: 10 });
  });

  it('the start of the data (go-live, a first case) is not a surge', () => {
    const counts = [0, 0, 0, 0, 0, 0, 0, 0, 10, 11, 9, 10, 12, 10, 9, 11, 30];
    expect(evaluateSurge(counts).filter((p) => p.alert).map((p) => p.index)).toEqual([16]);
  });

  it('too short a history is not evaluated', () => {
    expect(evaluateSurge([1, 50, 90]).every((p) => p.expected === null && !p.alert)).toBe(true);
  });

  it('weeks start on Mondays and a period is complete only once it is over', () => {
    expect(periodBounds(periodOf('2026-11-30', 7), 7)).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(periodBounds(periodOf('2026-12-06', 7), 7)).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(periodBounds(lastCompletePeriod('2026-11-30', 7), 7)).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    fc.assert(fc.property(fc.integer({ min: 0, max: 30000 }), fc.integer({ min: 1, max: 31 }), (d, len) => {
      const day = new Date(d * 86400_000).toISOString().slice(0, 10);
      const b = periodBounds(periodOf(day, len), len);
      return b.from <= day && day <= b.to;
    }));
  });
});
