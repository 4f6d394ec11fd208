/**
 * Surge alerts the caller may see: supervisors (政法委, 检察监督) every alert of a region inside
 * their jurisdiction; any agency the alerts routed to it. Petition trends (a 督办 suggestion)
 * only reach the 政法委 and their recipients.
 */
import { isPlatformSystemAdministrator, jurisdictionPrefix } from '@xietong/core';
import { getCharge, type TChargeCode } from '@xietong/core/charges';
import { regionFullName } from '@xietong/core/regions';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import type { TAuthedContext } from '../http/route';
import { statsAreWide } from './stats-scope';

export async function listAlerts(db: TDb, ctx: TAuthedContext, q: { page: number; pageSize: number; charge?: string }) {
  const { actor } = ctx;
  const routed = sql<boolean>`EXISTS (SELECT 1 FROM surge_alert_recipients r WHERE r.alert_id = s.id AND r.agency_id = ${actor.agencyId})`;
  const platform = isPlatformSystemAdministrator(actor);
  const prefix = platform ? '' : jurisdictionPrefix(actor.agencyLevel, actor.regionCode);
  const inJurisdiction = actor.agencyType === 'plc' || platform
    ? sql<boolean>`s.region_code LIKE ${prefix + '%'}`
    : sql<boolean>`s.scope = 'cases' AND s.region_code LIKE ${prefix + '%'}`;
  let query = db.selectFrom('surge_alerts as s').selectAll('s')
    .select(sql<{ agencyId: string; agencyName: string }[]>`coalesce((SELECT json_agg(json_build_object('agencyId', a.id, 'agencyName', a.name) ORDER BY a.name)
      FROM surge_alert_recipients r JOIN agencies a ON a.id = r.agency_id WHERE r.alert_id = s.id), '[]'::json)`.as('routed_to'))
    .where(statsAreWide(actor) ? sql<boolean>`(${inJurisdiction} OR ${routed})` : routed)
    .orderBy('s.period_from', 'desc').orderBy('s.created_at', 'desc').orderBy('s.id')
    .limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  if (q.charge) query = query.where('s.charge_code', '=', q.charge);
  const rows = await query.execute();
  return {
    items: rows.map((r) => ({
      id: r.id, scope: r.scope, charge: r.charge_code, chargeName: getCharge(r.charge_code as TChargeCode)?.zh ?? r.charge_code,
      regionCode: r.region_code, regionName: regionFullName(r.region_code) ?? r.region_code,
      periodFrom: r.period_from, periodTo: r.period_to, observed: r.observed, expected: Number(r.expected),
      series: r.series as { from: string; observed: number; expected: number | null }[], method: r.method,
      routedTo: r.routed_to, createdAt: r.created_at.toISOString(),
    })),
  };
}
