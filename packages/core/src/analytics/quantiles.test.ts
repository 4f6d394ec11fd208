import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogramQuantile, nearestRankQuantile } from './quantiles';

describe('stage times: nearest-rank quantiles over a histogram of days', () => {
  it('median and p90 of a small set, by hand', () => {
    // 1, 2, 2, 5, 9, 30 days: ⌈0.5·6⌉ = 3rd → 2; ⌈0.9·6⌉ = 6th → 30
    const h = [{ days: 2, n: 2 }, { days: 1, n: 1 }, { days: 30, n: 1 }, { days: 5, n: 1 }, { days: 9, n: 1 }];
    expect(histogramQuantile(h, 0.5)).toBe(2);
    expect(histogramQuantile(h, 0.9)).toBe(30);
    expect(histogramQuantile([], 0.5)).toBeNull();
  });

  it('the histogram gives the quantile of the values it counts', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (values, p) => {
      const bins = new Map<number, number>();
      for (const v of values) bins.set(v, (bins.get(v) ?? 0) + 1);
      return histogramQuantile([...bins].map(([days, n]) => ({ days, n })), p) === nearestRankQuantile(values, p);
    }));
  });
});
