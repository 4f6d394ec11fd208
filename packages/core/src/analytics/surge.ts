/**
 * Surge detection (案件激增预警): a one-sided standardised CUSUM control chart over period counts
 * (weekly by default) of one charge in one region, against the series' own recent history.
 *
 * For period t the expected count μ_t is the mean of the `baselinePeriods` periods that end
 * `guardPeriods` before t (the guard keeps the first weeks of a surge out of its own baseline);
 * the standardised excess z_t = (x_t − μ_t) / √max(μ_t, 1) (Poisson: variance = mean) feeds
 *   S_t = max(0, S_{t−1} + z_t − k)
 * and the chart signals when S_t > h and x_t − μ_t ≥ minExcess. A signal opens an episode; one
 * episode raises one alert (the period it starts) and lasts until S has drained back to 0. The
 * periods before a series' first case are not history. Parameters are data (table `surge_settings`, docs/analytics.md).
 */
export type TSurgeParams = {
  /** length of a period in days (7: weekly; periods start on Mondays) */
  periodDays: number;
  baselinePeriods: number;
  guardPeriods: number;
  /** CUSUM reference value (in standard deviations) and decision interval */
  k: number;
  h: number;
  /** smallest excess (cases) that may alert: a jump from 1 to 4 is noise, not a surge */
  minExcess: number;
  /** periods with a history shorter than this are not evaluated */
  minHistory: number;
};

export const DEFAULT_SURGE_PARAMS: TSurgeParams = { periodDays: 7, baselinePeriods: 12, guardPeriods: 1, k: 0.75, h: 4.5, minExcess: 3, minHistory: 4 };

export type TSurgePoint = {
  /** index of the period in the series given */
  index: number;
  observed: number;
  /** null: too little history */
  expected: number | null;
  cusum: number;
  /** the chart is out of control in this period */
  signal: boolean;
  /** an alert starts in this period (first signal of an episode) */
  alert: boolean;
};

export function evaluateSurge(counts: readonly number[], p: TSurgeParams = DEFAULT_SURGE_PARAMS): TSurgePoint[] {
  const out: TSurgePoint[] = [];
  let s = 0;
  let inEpisode = false;
  // periods before the first case are no history (the platform was not yet in use, or the
  // charge never occurred): the onset of data is not a surge
  const begin = counts.findIndex((x) => x > 0);
  for (let t = 0; t < counts.length; t++) {
    const x = counts[t]!;
    const end = t - p.guardPeriods; // exclusive
    const start = Math.max(begin < 0 ? t : begin, end - p.baselinePeriods);
    const n = end - start;
    if (n < p.minHistory) {
      out.push({ index: t, observed: x, expected: null, cusum: 0, signal: false, alert: false });
      continue;
    }
    let sum = 0;
    for (let i = start; i < end; i++) sum += counts[i]!;
    const mu = sum / n;
    const z = (x - mu) / Math.sqrt(Math.max(mu, 1));
    s = Math.max(0, s + z - p.k);
    const signal = s > p.h && x - mu >= p.minExcess;
    const alert = signal && !inEpisode;
    // the episode lasts until the sum has drained back to 0: a sustained surge is one alert
    if (signal) inEpisode = true;
    else if (s === 0) inEpisode = false;
    out.push({ index: t, observed: x, expected: Math.round(mu * 100) / 100, cusum: Math.round(s * 1000) / 1000, signal, alert });
  }
  return out;
}

const MONDAY_EPOCH_DAY = 4; // 1970-01-05 is a Monday

function epochDay(day: string): number {
  return Math.floor(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86400_000);
}

function dayOf(epoch: number): string {
  return new Date(epoch * 86400_000).toISOString().slice(0, 10);
}

/** The period a civil day (YYYY-MM-DD) falls in; periods of `periodDays` days start on Mondays. */
export function periodOf(day: string, periodDays: number): number {
  return Math.floor((epochDay(day) - MONDAY_EPOCH_DAY) / periodDays);
}

/** First and last civil day of a period. */
export function periodBounds(period: number, periodDays: number): { from: string; to: string } {
  const first = MONDAY_EPOCH_DAY + period * periodDays;
  return { from: dayOf(first), to: dayOf(first + periodDays - 1) };
}

/** The last period that is complete on `today` (the current one is still filling). */
export function lastCompletePeriod(today: string, periodDays: number): number {
  return periodOf(today, periodDays) - 1;
}
