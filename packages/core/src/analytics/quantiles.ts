/**
 * Stage times (办案时长) as quantiles of whole days. Durations are kept as a histogram
 * (days → number of cases) by the database, so a province's year is a few hundred rows; the
 * quantile is the nearest-rank one: the smallest d such that at least ⌈p·n⌉ cases took ≤ d days
 * (median = p 0.5, the lower middle of an even count; p90 = p 0.9).
 */
export type THistogram = ReadonlyArray<{ days: number; n: number }>;

export function histogramQuantile(h: THistogram, p: number): number | null {
  const bins = [...h].filter((b) => b.n > 0).sort((a, b) => a.days - b.days);
  const total = bins.reduce((s, b) => s + b.n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const b of bins) {
    seen += b.n;
    if (seen >= rank) return b.days;
  }
  return bins[bins.length - 1]!.days;
}

/** The same quantile over plain values (what the histogram stands for). */
export function nearestRankQuantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}
