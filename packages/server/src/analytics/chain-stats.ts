/**
 * 全链条统计 for a period, region and agency: the seed's table shape, the funnel
 * 立案 → 判决 → 交付执行, days per stage (median, p90), return and refusal rates, override and
 * single-track rates. Read from the rollups kept with every event (migration 0033): a year of a
 * province is a few thousand rollup rows, whatever the number of events behind them.
 */
import type { TActor } from '@xietong/core';
import { histogramQuantile, MILESTONES, RATES, ratio, STAGES, TABLE_SHAPE, FUNNEL, type TMilestone, type TStage } from '@xietong/core/analytics';
import type { ZChainStats } from '@xietong/core/api';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { TDb } from '../db/database';
import { resolveStatsScope, scopeWhere, type TStatsScope } from './stats-scope';

export type TChainStats = z.output<typeof ZChainStats>;

/**
 * Milestones that are flows between agencies (the single-track rate's denominator); 审结 is left
 * out because its usual event, 判决, is counted already.
 */
const FLOW_MILESTONES = new Set<TMilestone>(['arrest_requested', 'arrest_approved', 'arrest_refused', 'transferred', 'returned_supplementary', 'indicted', 'trial_accepted', 'judged', 'execution']);

export async function chainStats(db: TDb, actor: TActor, q: { from?: string; to?: string; region?: string; agencyId?: string }): Promise<TChainStats> {
  return chainStatsIn(db, await resolveStatsScope(db, actor, q));
}

export async function chainStatsIn(db: TDb, s: TStatsScope): Promise<TChainStats> {
  const inDays = sql<boolean>`d.day >= ${s.from}::date AND d.day <= ${s.to}::date`;
  const [counts, stageRows] = await Promise.all([
    db.selectFrom('chain_stats_daily as d').innerJoin('agencies as a', 'a.id', 'd.agency_id')
      .select(['d.milestone', 'a.id', 'a.name', 'a.type', sql<string>`sum(d.n)`.as('n'), sql<string>`sum(d.single_track)`.as('single')])
      .where(inDays).where(scopeWhere(s, 'd.agency_id'))
      .groupBy(['d.milestone', 'a.id', 'a.name', 'a.type']).execute(),
    db.selectFrom('stage_days_daily as d').innerJoin('agencies as a', 'a.id', 'd.agency_id')
      .select(['d.stage', 'a.id', 'a.name', 'd.days', sql<string>`sum(d.n)`.as('n')])
      .where(inDays).where(scopeWhere(s, 'd.agency_id'))
      .groupBy(['d.stage', 'a.id', 'a.name', 'd.days']).execute(),
  ]);

  const total = new Map<string, { n: number; single: number }>();
  for (const r of counts) {
    const t = total.get(r.milestone) ?? { n: 0, single: 0 };
    t.n += Number(r.n);
    t.single += Number(r.single);
    total.set(r.milestone, t);
  }
  const count = (m: TMilestone) => total.get(m)?.n ?? 0;
  const name = (m: TMilestone) => ({ zh: MILESTONES[m].zh, en: MILESTONES[m].en });

  const table = counts
    .filter((r) => TABLE_SHAPE.some((t) => t.agencyType === r.type && (t.milestones as readonly string[]).includes(r.milestone)))
    .map((r) => ({ agencyId: r.id, agencyName: r.name, agencyType: r.type, milestone: r.milestone as TMilestone, name: name(r.milestone as TMilestone), count: Number(r.n) }))
    .sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'zh') || order(a.milestone) - order(b.milestone));

  // days per stage: one histogram per (stage, agency) and one over all agencies
  const hist = new Map<string, { stage: TStage; agencyId: string | null; agencyName: string | null; bins: { days: number; n: number }[] }>();
  for (const r of stageRows) {
    for (const [key, agencyId, agencyName] of [[`${r.stage}|`, null, null], [`${r.stage}|${r.id}`, r.id, r.name]] as const) {
      const h = hist.get(key) ?? { stage: r.stage as TStage, agencyId, agencyName, bins: [] };
      h.bins.push({ days: r.days, n: Number(r.n) });
      hist.set(key, h);
    }
  }
  const stageOrder = Object.keys(STAGES);
  const stages = [...hist.values()]
    .sort((a, b) => stageOrder.indexOf(a.stage) - stageOrder.indexOf(b.stage) || (a.agencyName ?? '').localeCompare(b.agencyName ?? '', 'zh'))
    .map((h) => ({
      stage: h.stage, name: { zh: STAGES[h.stage].zh, en: STAGES[h.stage].en }, agencyId: h.agencyId, agencyName: h.agencyName,
      cases: h.bins.reduce((x, b) => x + b.n, 0), medianDays: histogramQuantile(h.bins, 0.5), p90Days: histogramQuantile(h.bins, 0.9),
    }));

  const rates = Object.entries(RATES).map(([rate, r]) => {
    const part = r.part.reduce((x, m) => x + count(m), 0);
    const whole = r.whole.reduce((x, m) => x + count(m), 0);
    return { rate, name: { zh: r.zh, en: r.en }, part, whole, value: ratio(part, whole), partMilestones: [...r.part] };
  });
  let flows = 0, single = 0;
  for (const [m, t] of total) if (FLOW_MILESTONES.has(m as TMilestone)) { flows += t.n; single += t.single; }

  return {
    from: s.from, to: s.to, region: s.region, agencyId: s.agencyId,
    table,
    funnel: FUNNEL.map((m) => ({ milestone: m, name: name(m), count: count(m) })),
    stages,
    rates,
    singleTrack: { singleTrack: single, total: flows, rate: ratio(single, flows) },
    milestones: (Object.keys(MILESTONES) as TMilestone[]).map((m) => ({ milestone: m, name: name(m), count: count(m), singleTrack: total.get(m)?.single ?? 0 })),
  };
}

const MILESTONE_ORDER = Object.keys(MILESTONES);
function order(m: string): number {
  return MILESTONE_ORDER.indexOf(m);
}
