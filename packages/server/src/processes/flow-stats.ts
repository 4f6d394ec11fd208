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

/** States that count as "decided" (a result document issued). */
const DECIDED_KINDS = new Set(['decided', 'executed', 'closed']);

export async function flowStats(db: TDb, actor: TActor, range: { from?: string; to?: string }): Promise<z.output<typeof ZFlowStats>> {
  const to = range.to ?? todayInShanghai();
  const from = range.from ?? `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
  const wide = actor.platformAdmin || actor.roles.includes('supervisor') || actor.agencyType === 'plc';
  const prefix = jurisdictionPrefix(actor.agencyLevel, actor.regionCode);
  const inDays = sql<boolean>`f.day >= ${from}::date AND f.day <= ${to}::date`;
  const counted = (metric: 'sent' | 'received' | 'step') =>
    db.selectFrom('flow_stats_daily as f').innerJoin('agencies as a', 'a.id', 'f.agency_id')
      .select(['a.id', 'a.name', 'a.type', 'f.process as code', 'f.to_state', sql<string>`sum(f.n)`.as('n')])
      .where('f.metric', '=', metric).where(inDays)
      .where(wide ? sql<boolean>`a.region_code LIKE ${prefix + '%'}` : sql<boolean>`f.agency_id = ${actor.agencyId}`)
      .groupBy(['a.id', 'a.name', 'a.type', 'f.process', 'f.to_state']).execute();
  // from the rollup kept with every event (0016): independent aggregates run in parallel
  const [sent, received, decidedRows, byMonth, byCharge] = await Promise.all([
    counted('sent'),
    counted('received'),
    counted('step'),
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

  return {
    from, to,
    rows: [...rows.values()].sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'zh') || a.process.localeCompare(b.process)),
    byMonth: byMonth.map((m) => ({ month: m.month, process: m.code, processName: getProcess(m.code)?.name.zh ?? m.code, count: Number(m.n) })),
    byCharge: byCharge.map((c) => ({ charge: c.charge_code, chargeName: getCharge(c.charge_code as TChargeCode)?.zh ?? c.charge_code, count: Number(c.n) })),
  };
}
