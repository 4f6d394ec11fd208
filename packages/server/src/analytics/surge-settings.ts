/** The control chart's parameters as stored (table surge_settings, migration 0034). */
import type { TSurgeParams } from '@xietong/core/analytics';
import type { TDb, TTx } from '../db/database';

export type TSurgeSettings = TSurgeParams & { regionLevel: 'province' | 'city' | 'district'; lookbackPeriods: number };

export async function loadSurgeSettings(db: TDb | TTx, scope: 'cases' | 'petitions'): Promise<TSurgeSettings> {
  const r = await db.selectFrom('surge_settings').selectAll().where('scope', '=', scope).executeTakeFirstOrThrow();
  return {
    periodDays: r.period_days, baselinePeriods: r.baseline_periods, guardPeriods: r.guard_periods, k: Number(r.k), h: Number(r.h),
    minExcess: Number(r.min_excess), minHistory: r.min_history, regionLevel: r.region_level, lookbackPeriods: r.lookback_periods,
  };
}

/** The region a series is counted for, from an agency's region code. */
export function regionKeySql(level: TSurgeSettings['regionLevel'], column: string): string {
  if (level === 'province') return `substr(${column}, 1, 2) || '0000'`;
  if (level === 'city') return `substr(${column}, 1, 4) || '00'`;
  return column;
}

export function methodText(p: TSurgeSettings): string {
  return `CUSUM k=${p.k} h=${p.h}, baseline ${p.baselinePeriods}×${p.periodDays}d, guard ${p.guardPeriods}, min excess ${p.minExcess}`;
}
