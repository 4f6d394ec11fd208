/**
 * Flow statistics as the pilot reported them: per agency and process, flows sent, received
 * and decided over a period (e.g. police: 提请逮捕 n, 移送审查起诉 m; procuratorate: 批准逮捕,
 * 提起公诉; court: 受理, 审结), plus monthly counts and cases per charge. Scoped to the
 * caller's jurisdiction (supervisors) or agency (everyone else).
 *
 * Served from `flow_stats_daily`, a rollup kept by a trigger in the transaction that writes each
 * process event (migration 0016), so a year of a province's flows costs a few hundred rows per
 * agency, not a scan of the event log; cases per charge likewise from `case_charge_daily`
 * (migration 0021: the Shanghai day the case was registered). Figures are 件次: a flow sent again after 退回补正 counts
 * as sent again, as in the pilot's reports.
 */
import { jurisdictionPrefix, type TActor } from '@xietong/core';
import type { z } from 'zod';
import type { ZFlowStats } from '@xietong/core/api';
import { getCharge, type TChargeCode } from '@xietong/core/charges';
import { getProcess } from '@xietong/core/processes';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { todayInShanghai } from '../cases/get-case';
import { statsAreWide } from '../analytics/stats-scope';

/** States that count as "decided" (a result document issued). */
const DECIDED_KINDS = new Set(['decided', 'executed', 'closed']);

export async function flowStats(db: TDb, actor: TActor, range: { from?: string; to?: string }): Promise<z.output<typeof ZFlowStats>> {
  const to = range.to ?? todayInShanghai();
  const from = range.from ?? `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
  const wide = statsAreWide(actor);
  const prefix = jurisdictionPrefix(actor.agencyLevel, actor.regionCode);
  const inDays = sql<boolean>`f.day >= ${from}::date AND f.day <= ${to}::date`;
  const counted = (metric: 'sent' | 'received' | 'step' | 'branch') =>
    db.selectFrom('flow_stats_daily as f').innerJoin('agencies as a', 'a.id', 'f.agency_id')
      .select(['a.id', 'a.name', 'a.type', 'f.process as code', 'f.to_state', sql<string>`sum(f.n)`.as('n')])
      .where('f.metric', '=', metric).where(inDays)
      .where(wide ? sql<boolean>`a.region_code LIKE ${prefix + '%'}` : sql<boolean>`f.agency_id = ${actor.agencyId}`)
      .groupBy(['a.id', 'a.name', 'a.type', 'f.process', 'f.to_state']).execute();
  // from the rollup kept with every event (0016): independent aggregates run in parallel
  const [sent, received, decidedRows, branchRows, byMonth, byCharge, appealRows] = await Promise.all([
    counted('sent'),
    counted('received'),
    counted('step'),
    counted('branch'),
    db.selectFrom('flow_stats_daily as f').innerJoin('agencies as a', 'a.id', 'f.agency_id').innerJoin('agencies as ra', 'ra.id', 'f.other_agency_id')
      .select([sql<string>`to_char(f.day, 'YYYY-MM')`.as('month'), 'f.process as code', sql<string>`sum(f.n)`.as('n')])
      .where('f.metric', '=', 'submit').where(inDays)
      // flows my agency sent or received (supervisors: any in the jurisdiction)
      .where(wide
        ? sql<boolean>`(a.region_code LIKE ${prefix + '%'} OR ra.region_code LIKE ${prefix + '%'})`
        : sql<boolean>`(f.agency_id = ${actor.agencyId} OR f.other_agency_id = ${actor.agencyId})`)
      .groupBy([sql`1`, 'f.process']).orderBy(sql`1`).execute(),
    // cases per charge from the rollup kept with every case, charge and party row (0021)
    db.selectFrom('case_charge_daily as d').innerJoin('agencies as a', 'a.id', 'd.agency_id')
      .select(['d.charge_code', sql<string>`sum(d.n)`.as('n')])
      .where('d.role', '=', wide ? 'creator' : 'party').where(sql<boolean>`d.day >= ${from}::date AND d.day <= ${to}::date`)
      .where(wide ? sql<boolean>`a.region_code LIKE ${prefix + '%'}` : sql<boolean>`d.agency_id = ${actor.agencyId}`)
      .groupBy('d.charge_code').having(sql<boolean>`sum(d.n) > 0`).orderBy(sql`2 DESC`).execute(),
    // 上诉/抗诉 per first-instance court (0023): the court's own, or the courts that tried my procuratorate's cases
    db.selectFrom('flow_stats_daily as f').innerJoin('agencies as a', 'a.id', 'f.agency_id')
      .select(['a.id', 'a.name', 'f.to_state', sql<string>`sum(f.n)`.as('n')])
      .where('f.metric', '=', 'appeal').where(inDays)
      .where(wide ? sql<boolean>`a.region_code LIKE ${prefix + '%'}` : sql<boolean>`(f.agency_id = ${actor.agencyId} OR f.other_agency_id = ${actor.agencyId})`)
      .groupBy(['a.id', 'a.name', 'f.to_state']).execute(),
  ]);

  const key = (id: string, code: string) => `${id}|${code}`;
  const rows = new Map<string, { agencyId: string; agencyName: string; agencyType: string; process: string; processName: string; sent: number; received: number; decided: number }>();
  const row = (r: { id: string; name: string; type: string; code: string }) => {
    const k = key(r.id, r.code);
    if (!rows.has(k)) rows.set(k, { agencyId: r.id, agencyName: r.name, agencyType: r.type, process: r.code, processName: getProcess(r.code)?.name.zh ?? r.code, sent: 0, received: 0, decided: 0 });
    return rows.get(k)!;
  };
  for (const r of sent) row(r).sent += Number(r.n);
  for (const r of received) row(r).received += Number(r.n);
  for (const r of decidedRows) {
    const kind = getProcess(r.code)?.states[r.to_state]?.kind;
    if (kind && DECIDED_KINDS.has(kind)) row(r).decided += Number(r.n);
  }

  const appeals = new Map<string, { agencyId: string; agencyName: string; judgmentsServed: number; appealed: number; protested: number }>();
  for (const r of appealRows) {
    const a = appeals.get(r.id) ?? { agencyId: r.id, agencyName: r.name, judgmentsServed: 0, appealed: 0, protested: 0 };
    if (r.to_state === 'APPEAL_WINDOW') a.judgmentsServed += Number(r.n);
    else if (r.to_state === 'APPEALED') a.appealed += Number(r.n);
    else if (r.to_state === 'PROTESTED') a.protested += Number(r.n);
    appeals.set(r.id, a);
  }
  // 认罪认罚 rate, 速裁 share, 量刑建议 adoption rate (issue 10) from the same rollup
  type TBranch = { agencyId: string; agencyName: string; agencyType: string; indicted: number; pleaIndicted: number; trialsAccepted: number; fastTrack: number; recommendationsDecided: number; recommendationsAdopted: number };
  const branches = new Map<string, TBranch>();
  const branch = (r: { id: string; name: string; type: string }) => {
    if (!branches.has(r.id)) branches.set(r.id, { agencyId: r.id, agencyName: r.name, agencyType: r.type, indicted: 0, pleaIndicted: 0, trialsAccepted: 0, fastTrack: 0, recommendationsDecided: 0, recommendationsAdopted: 0 });
    return branches.get(r.id)!;
  };
  for (const r of decidedRows) if (r.code === 'prosecution_transfer' && r.to_state === 'INDICTED') branch(r).indicted += Number(r.n);
  for (const r of received) if (r.code === 'public_prosecution') branch(r).trialsAccepted += Number(r.n);
  for (const r of branchRows) {
    const b = branch(r);
    const n = Number(r.n);
    if (r.to_state === 'plea_indicted') b.pleaIndicted += n;
    else if (r.to_state === 'fast_track') b.fastTrack += n;
    else if (r.to_state.startsWith('recommendation_')) {
      b.recommendationsDecided += n;
      if (r.to_state.startsWith('recommendation_adopted')) b.recommendationsAdopted += n;
    }
  }
  const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

  return {
    from, to,
    appeals: [...appeals.values()].sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'zh'))
      .map((a) => ({ ...a, appealRate: rate(a.appealed, a.judgmentsServed), protestRate: rate(a.protested, a.judgmentsServed) })),
    branches: [...branches.values()].filter((b) => b.indicted + b.trialsAccepted + b.recommendationsDecided > 0)
      .sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'zh'))
      .map((b) => ({ ...b, pleaRate: rate(b.pleaIndicted, b.indicted), fastTrackShare: rate(b.fastTrack, b.trialsAccepted), adoptionRate: rate(b.recommendationsAdopted, b.recommendationsDecided) })),
    rows: [...rows.values()].sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'zh') || a.process.localeCompare(b.process)),
    byMonth: byMonth.map((m) => ({ month: m.month, process: m.code, processName: getProcess(m.code)?.name.zh ?? m.code, count: Number(m.n) })),
    byCharge: byCharge.map((c) => ({ charge: c.charge_code, chargeName: getCharge(c.charge_code as TChargeCode)?.zh ?? c.charge_code, count: Number(c.n) })),
  };
}
