/**
 * Flow statistics as the pilot reported them: per agency and process, flows sent, received
 * and decided over a period (e.g. police: 提请逮捕 n, 移送审查起诉 m; procuratorate: 批准逮捕,
 * 提起公诉; court: 受理, 审结), plus monthly counts and cases per charge. Scoped to the
 * caller's jurisdiction (supervisors) or agency (everyone else).
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
  const inScope = (col: 'initiator' | 'receiver') =>
    wide
      ? sql<boolean>`a.region_code LIKE ${prefix + '%'}`
      : sql<boolean>`i.${sql.raw(col)}_agency_id = ${actor.agencyId}`;
  const window = sql<boolean>`ev.at >= ${from}::date AND ev.at < ${to}::date + 1`;

  const sent = await db.selectFrom('process_events as ev').innerJoin('process_instances as i', 'i.id', 'ev.instance_id')
    .innerJoin('agencies as a', 'a.id', 'i.initiator_agency_id')
    .select(['a.id', 'a.name', 'a.type', 'i.code', sql<string>`count(DISTINCT i.id)`.as('n')])
    .where('ev.action', 'in', ['submit', 'request', 'notify', 'request_explanation', 'send_documents', 'record_application', 'propose_change'])
    .where(window).where(inScope('initiator')).groupBy(['a.id', 'a.name', 'a.type', 'i.code']).execute();
  const received = await db.selectFrom('process_events as ev').innerJoin('process_instances as i', 'i.id', 'ev.instance_id')
    .innerJoin('agencies as a', 'a.id', 'i.receiver_agency_id')
    .select(['a.id', 'a.name', 'a.type', 'i.code', sql<string>`count(DISTINCT i.id)`.as('n')])
    .where('ev.action', 'in', ['accept', 'receive_for_execution', 'receive_for_prison_delivery', 'start_check', 'assign_prosecutor'])
    .where(window).where(inScope('receiver')).groupBy(['a.id', 'a.name', 'a.type', 'i.code']).execute();
  const decidedRows = await db.selectFrom('process_events as ev').innerJoin('process_instances as i', 'i.id', 'ev.instance_id')
    .innerJoin('agencies as a', 'a.id', 'ev.actor_agency_id')
    .select(['a.id', 'a.name', 'a.type', 'i.code', 'ev.to_state', sql<string>`count(*)`.as('n')])
    .where(window).where(wide ? sql<boolean>`a.region_code LIKE ${prefix + '%'}` : sql<boolean>`ev.actor_agency_id = ${actor.agencyId}`)
    .where('ev.actor_side', '!=', 'initiator')
    .groupBy(['a.id', 'a.name', 'a.type', 'i.code', 'ev.to_state']).execute();

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

  const byMonth = await db.selectFrom('process_events as ev').innerJoin('process_instances as i', 'i.id', 'ev.instance_id')
    .innerJoin('agencies as a', 'a.id', 'i.initiator_agency_id')
    .select([sql<string>`to_char(ev.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`.as('month'), 'i.code', sql<string>`count(DISTINCT i.id)`.as('n')])
    .innerJoin('agencies as ra', 'ra.id', 'i.receiver_agency_id')
    .where('ev.action', '=', 'submit').where(window)
    // flows my agency sent or received (supervisors: any in the jurisdiction)
    .where((eb) => eb.or([inScope('initiator'), wide ? sql<boolean>`ra.region_code LIKE ${prefix + '%'}` : sql<boolean>`i.receiver_agency_id = ${actor.agencyId}`]))
    .groupBy([sql`1`, 'i.code']).orderBy(sql`1`).execute();
  const byCharge = await db.selectFrom('case_charges as cc').innerJoin('cases as c', 'c.id', 'cc.case_id')
    .innerJoin('agencies as a', 'a.id', 'c.created_by_agency')
    .select(['cc.charge_code', sql<string>`count(*)`.as('n')])
    .where(sql<boolean>`c.created_at >= ${from}::date AND c.created_at < ${to}::date + 1`)
    .where(wide ? sql<boolean>`a.region_code LIKE ${prefix + '%'}` : sql<boolean>`EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = c.id AND p.agency_id = ${actor.agencyId})`)
    .groupBy('cc.charge_code').orderBy(sql`2 DESC`).execute();

  return {
    from, to,
    rows: [...rows.values()].sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'zh') || a.process.localeCompare(b.process)),
    byMonth: byMonth.map((m) => ({ month: m.month, process: m.code, processName: getProcess(m.code)?.name.zh ?? m.code, count: Number(m.n) })),
    byCharge: byCharge.map((c) => ({ charge: c.charge_code, chargeName: getCharge(c.charge_code as TChargeCode)?.zh ?? c.charge_code, count: Number(c.n) })),
  };
}
